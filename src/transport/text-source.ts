/**
 * Reading a body as text, one read at a time: bytes through a streaming UTF-8 decoder. @internal
 * @module
 */
import { Observable } from 'rxjs';
import { toAsyncIterator } from '../core';
import type { FlowControl } from '../core/flow-control';
import { OPEN_WITH_FLOW } from '../core/flow-control';
import { fromAsyncIterable } from '../core/from-async-iterable';

/** A body a decoder reads: a web stream, an async iterable or a `Response`, of bytes or text. */
export type TextBody =
  ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string> | Response;

/** A pull reader of text pieces. @internal */
export interface TextReader {
  /** The next piece of text, or `null` at the end of the body. */
  read(): Promise<string | null>;
  /** Stops reading, releasing the body. */
  cancel(): void;
}

function isResponse(input: TextBody): input is Response {
  return typeof Response !== 'undefined' && input instanceof Response;
}

function isReadableStream(input: TextBody): input is ReadableStream<Uint8Array | string> {
  return typeof (input as ReadableStream).getReader === 'function';
}

/**
 * Opens a body for reading as text. Bytes go through one streaming `TextDecoder` (a character
 * split across reads decodes whole; a BOM is left for the parser). @internal
 */
export function openTextReader(input: TextBody): TextReader {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let flushed = false;
  const decode = (piece: Uint8Array | string): string =>
    typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
  const flush = (): string | null => {
    if (flushed) return null;
    flushed = true;
    const rest = decoder.decode();
    return rest === '' ? null : rest;
  };
  const body: ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string> | null =
    isResponse(input) ? input.body : input;
  if (body === null) return { read: () => Promise.resolve(null), cancel: () => undefined };
  if (isReadableStream(body)) {
    const reader = body.getReader();
    return {
      async read() {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return flush();
          const text = decode(value);
          if (text !== '') return text;
        }
      },
      cancel() {
        reader.cancel().catch(() => undefined);
      },
    };
  }
  const iterator = body[Symbol.asyncIterator]();
  return {
    async read() {
      for (;;) {
        const { done, value } = await iterator.next();
        if (done === true) return flush();
        const text = decode(value);
        if (text !== '') return text;
      }
    },
    cancel() {
      iterator.return?.().catch(() => undefined);
    },
  };
}

/** An Observable that is also async-iterable (pulled through `toAsyncIterator`). */
export type IterableObservable<T> = Observable<T> & AsyncIterable<T>;

/**
 * An Observable built per subscription by `build(flow)`, opened under an async iterator's flow
 * control when iterated, and async-iterable itself. @internal
 */
export function pullable<T>(
  build: (flow: FlowControl | undefined) => Observable<T>,
): IterableObservable<T> {
  const out = build(undefined) as IterableObservable<T>;
  Object.defineProperty(out, OPEN_WITH_FLOW, { value: (flow: FlowControl) => build(flow) });
  Object.defineProperty(out, Symbol.asyncIterator, {
    value: () => toAsyncIterator(out),
  });
  return out;
}

/**
 * Reads `open()`'s text pieces and hands each to `onText`, which emits through `subscriber`;
 * the next read waits while the flow says the consumer wants no more. `onEnd` runs at the end
 * of the body. Unsubscribing cancels the read. @internal
 */
export function readText<T>(
  open: () => TextReader,
  flow: FlowControl | undefined,
  handlers: {
    onText: (text: string, emit: (value: T) => void) => void;
    onEnd: (emit: (value: T) => void) => void;
  },
): Observable<T> {
  return new Observable<T>((subscriber) => {
    let reader: TextReader;
    try {
      reader = open();
    } catch (error) {
      subscriber.error(error);
      return undefined;
    }
    // The reader as an async iterable, pulled under the consumer's flow (core's one pump);
    // unsubscribing returns it, which cancels the read.
    const pieces: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: () =>
          reader
            .read()
            .then((text) =>
              text === null ? { value: undefined, done: true } : { value: text, done: false },
            ),
        return: () => {
          reader.cancel();
          return Promise.resolve({ value: undefined, done: true });
        },
      }),
    };
    const emit = (value: T): void => {
      if (!subscriber.closed) subscriber.next(value);
    };
    return fromAsyncIterable(pieces, { flow }).subscribe({
      next(text) {
        try {
          handlers.onText(text, emit);
        } catch (error) {
          subscriber.error(error);
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete() {
        try {
          handlers.onEnd(emit);
        } catch (error) {
          subscriber.error(error);
          return;
        }
        subscriber.complete();
      },
    });
  });
}
