/**
 * Streaming to a Node `http.ServerResponse` (duck-typed: no Node import), with backpressure.
 * @module
 */
import { isObservable } from 'rxjs';
import type { Observable } from 'rxjs';
import { toAsyncIterator, toRxRunnablesError } from '../core';
import { SSE_HEADERS } from './sse-encoder';

/** What {@link pipeToNodeResponse} needs of a Node `http.ServerResponse` (or a compatible one). */
export interface NodeResponseLike {
  write(chunk: string | Uint8Array): boolean;
  end(): unknown;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener?(event: 'drain' | 'close', listener: () => void): unknown;
  writeHead?(status: number, headers: Record<string, string>): unknown;
  flushHeaders?(): void;
  readonly headersSent?: boolean;
  readonly writableEnded?: boolean;
  readonly destroyed?: boolean;
}

/** What {@link pipeToNodeResponse} streams: encoded text, or a web `Response` to bridge. */
export type NodeStreamSource =
  | Observable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>
  | ReadableStream<string | Uint8Array>
  | Response;

/** Options of {@link pipeToNodeResponse}. */
export interface NodeResponseOptions {
  /** HTTP status (default 200, or the `Response`'s). */
  status?: number;
  /** Headers (default {@link SSE_HEADERS}, or the `Response`'s), merged under these. */
  headers?: Record<string, string>;
  /** How many chunks of an Observable source may wait unwritten (default 1). */
  highWaterMark?: number;
}

/** How the piping ended: the whole source written, or the client gone first. */
export type NodePipeOutcome = 'finished' | 'disconnected';

interface Pull {
  next(): Promise<IteratorResult<string | Uint8Array>>;
  cancel(): void;
}

function isResponse(value: unknown): value is Response {
  return typeof Response !== 'undefined' && value instanceof Response;
}

function open(source: NodeStreamSource, highWaterMark: number): Pull {
  const body = isResponse(source) ? source.body : source;
  if (body === null)
    return { next: () => Promise.resolve({ done: true, value: undefined }), cancel() {} };
  if (typeof (body as ReadableStream).getReader === 'function') {
    const reader = (body as ReadableStream<string | Uint8Array>).getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<string | Uint8Array>>,
      cancel: () => void reader.cancel().catch(() => undefined),
    };
  }
  const iterator = isObservable(body)
    ? toAsyncIterator(body as Observable<string | Uint8Array>, { highWaterMark })
    : (body as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
  return {
    next: () => iterator.next(),
    cancel: () => void iterator.return?.()?.catch(() => undefined),
  };
}

/**
 * Writes a stream to a Node `http.ServerResponse`: the headers first (SSE's by default, or a
 * bridged `Response`'s status and headers), then each chunk. When `write()` returns false the
 * next chunk is pulled only after `'drain'`, so a slow client never makes the server buffer the
 * whole answer. When the client disconnects (`'close'` before the end), the source is
 * cancelled — a model's upstream HTTP request is aborted. Resolves with `'finished'` or
 * `'disconnected'`; rejects (after ending the response) with a typed error if the source fails.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { encodeSSE, pipeToNodeResponse } from 'rx-runnables/transport';
 * createServer((req, res) => {
 *   void pipeToNodeResponse(encodeSSE(new DemoChatModel().stream('Hello')), res);
 * }).listen(3000);
 * ```
 */
export function pipeToNodeResponse(
  source: NodeStreamSource,
  res: NodeResponseLike,
  options: NodeResponseOptions = {},
): Promise<NodePipeOutcome> {
  const headers: Record<string, string> = {};
  let status = options.status ?? 200;
  if (isResponse(source)) {
    source.headers.forEach((value, key) => {
      headers[key] = value;
    });
    status = options.status ?? source.status;
  } else {
    Object.assign(headers, SSE_HEADERS);
  }
  Object.assign(headers, options.headers);
  const pull = open(source, Math.max(1, options.highWaterMark ?? 1));
  return new Promise<NodePipeOutcome>((resolve, reject) => {
    let done = false;
    let wake: (() => void) | undefined;
    const onClose = (): void => {
      if (done) return;
      done = true;
      pull.cancel();
      cleanup();
      wake?.();
      resolve('disconnected');
    };
    const onDrain = (): void => wake?.();
    const cleanup = (): void => {
      res.removeListener?.('close', onClose);
      res.removeListener?.('drain', onDrain);
    };
    if (res.destroyed === true) {
      done = true;
      pull.cancel();
      resolve('disconnected');
      return;
    }
    res.on('close', onClose);
    res.on('drain', onDrain);
    if (res.headersSent !== true) res.writeHead?.(status, headers);
    res.flushHeaders?.();
    const finish = (): void => {
      if (done) return;
      done = true;
      cleanup();
      if (res.writableEnded !== true) res.end();
    };
    const loop = async (): Promise<void> => {
      while (!done) {
        const result = await pull.next();
        if (done) return;
        if (result.done === true) break;
        if (!res.write(result.value) && !done) {
          await new Promise<void>((wakeUp) => {
            wake = wakeUp;
          });
          wake = undefined;
        }
      }
      finish();
      resolve('finished');
    };
    loop().catch((error: unknown) => {
      const typed = toRxRunnablesError(error);
      finish();
      reject(typed);
    });
  });
}
