/**
 * JSON Lines (NDJSON) encoding and decoding: one JSON value per line.
 * @module
 */
import { Observable } from 'rxjs';
import type { Subscription } from 'rxjs';
import { RxRunnablesError } from '../core';
import { liftFlow } from './flow-lift';
import { openTextReader, pullable, readText } from './text-source';
import type { IterableObservable, TextBody } from './text-source';
import { errorFromWire, errorToWire, serializeForWire } from './wire';

/** Response headers of a JSON Lines stream (`application/x-ndjson`, no caching or buffering). */
export const JSONL_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/x-ndjson; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
});

/** Options of {@link encodeJSONL}. */
export interface JSONLEncodeOptions<T> {
  /** A value's JSON text, on one line (default {@link serializeForWire}). */
  serialize?: (value: T) => string;
}

/** Options of {@link decodeJSONL}. */
export interface JSONLDecodeOptions {
  /** Largest line accepted, in characters (default 16 MiB); past it `JSON_PARSE`. */
  maxLineSize?: number;
  /**
   * Turns a line `{"error":{"code","message","details"}}` (what `encodeJSONL` sends for a
   * failure) into a typed error ending the stream (default true). False delivers it as a value.
   */
  errors?: boolean;
}

const DEFAULT_MAX_LINE = 16 * 1024 * 1024;

/**
 * Turns a stream of values into JSON Lines: each value is one line of JSON ending in `\n`.
 * A source error becomes a last line `{"error":{"code","message","details"}}`, then the stream
 * completes (lines before it stay valid); `decodeJSONL` and `fromJSONL` turn that line back
 * into a typed error. Cold; unsubscribing cancels the source.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { encodeJSONL } from 'rx-runnables/transport';
 * encodeJSONL(of({ a: 1 }, 'two')).subscribe((line) => console.log(line)); // {"a":1}\n"two"\n
 * ```
 */
export function encodeJSONL<T>(
  source: Observable<T>,
  options: JSONLEncodeOptions<T> = {},
): Observable<string> {
  const serialize = options.serialize ?? serializeForWire;
  return liftFlow(source, (input$) => {
    return new Observable<string>((subscriber) => {
      let subscription: Subscription | undefined = undefined;
      let ended = false;
      const fail = (error: unknown): void => {
        if (ended) return;
        ended = true;
        subscription?.unsubscribe();
        subscriber.next(`${JSON.stringify({ error: errorToWire(error) })}\n`);
        subscriber.complete();
      };
      subscription = input$.subscribe({
        next(value) {
          if (ended) return;
          let line: string;
          try {
            line = serialize(value);
          } catch (error) {
            fail(error);
            return;
          }
          // JSON text never holds a raw line break, but a custom serializer might.
          if (line.includes('\n') || line.includes('\r')) line = line.replace(/\r\n|\r|\n/g, ' ');
          subscriber.next(`${line}\n`);
        },
        error: fail,
        complete() {
          ended = true;
          subscriber.complete();
        },
      });
      if (ended) subscription.unsubscribe();
      return () => {
        ended = true;
        subscription?.unsubscribe();
      };
    });
  });
}

function isErrorLine(value: unknown): value is { error: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'error') return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/**
 * Decodes a JSON Lines body — a `Response`, a `ReadableStream` or an async iterable of bytes or
 * strings — into its values. Lines end in `\n` or `\r\n` and may be split across reads anywhere;
 * blank lines are skipped; a last line without `\n` counts. A malformed line errors with
 * `JSON_PARSE` (`details.line`, 1-based, and `details.text`) after the values of the lines
 * before it. An error line from `encodeJSONL` becomes a typed error (see `options.errors`).
 * Observable and async-iterable; iterating pulls the body only as values are read.
 *
 * @example
 * ```ts
 * import { decodeJSONL } from 'rx-runnables/transport';
 * for await (const value of decodeJSONL(new Response('{"a":1}\n[2]\n'))) console.log(value);
 * ```
 */
export function decodeJSONL(
  input: TextBody,
  options: JSONLDecodeOptions = {},
): IterableObservable<unknown> {
  const maxLineSize = options.maxLineSize ?? DEFAULT_MAX_LINE;
  const errors = options.errors ?? true;
  let used = false;
  return pullable((flow) => {
    let partial: string[] = [];
    let partialSize = 0;
    let lineNumber = 0;
    const parseLine = (raw: string, emit: (value: unknown) => void): void => {
      lineNumber += 1;
      const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new RxRunnablesError('JSON_PARSE', `Malformed JSON on line ${lineNumber}`, {
          cause: error,
          line: lineNumber,
          text: text.length > 200 ? `${text.slice(0, 200)}…` : text,
        });
      }
      if (errors && isErrorLine(value)) throw errorFromWire(value.error);
      emit(value);
    };
    const tooLong = (): never => {
      throw new RxRunnablesError(
        'JSON_PARSE',
        `Line ${lineNumber + 1} exceeded ${maxLineSize} characters`,
        {
          line: lineNumber + 1,
          reason: 'line-too-large',
          maxLineSize,
        },
      );
    };
    return readText<unknown>(
      () => {
        if (used)
          throw new RxRunnablesError('INVALID_INPUT', 'decodeJSONL: a body can be read only once');
        used = true;
        return openTextReader(input);
      },
      flow,
      {
        onText(text, emit) {
          let pos = 0;
          for (;;) {
            const end = text.indexOf('\n', pos);
            if (end === -1) {
              if (pos < text.length) {
                partial.push(pos === 0 ? text : text.slice(pos));
                partialSize += text.length - pos;
                if (partialSize > maxLineSize) tooLong();
              }
              return;
            }
            let line = text.slice(pos, end);
            if (partial.length > 0) {
              partial.push(line);
              line = partial.join('');
              partial = [];
              partialSize = 0;
            }
            if (line.length > maxLineSize) tooLong();
            pos = end + 1;
            parseLine(line, emit);
          }
        },
        onEnd(emit) {
          if (partial.length > 0) {
            const line = partial.join('');
            partial = [];
            partialSize = 0;
            parseLine(line, emit);
          }
        },
      },
    );
  });
}
