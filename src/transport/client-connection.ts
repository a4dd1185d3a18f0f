/**
 * How the client opens its body: `fetch` with the right headers, and the checks of the response.
 * @internal
 * @module
 */
import { RxRunnablesError, abortError, toRxRunnablesError } from '../core';
import type { TextBody } from './text-source';

/** Where a client reads from: a URL or `Request` (fetched), or a body already at hand. */
export type ClientInput = string | URL | Request | TextBody;

export const SSE_TYPES = ['text/event-stream'];
export const JSONL_TYPES = [
  'application/x-ndjson',
  'application/jsonl',
  'application/json-lines',
  'application/x-jsonlines',
];

function isFetchable(input: ClientInput): input is string | URL | Request {
  return (
    typeof input === 'string' ||
    (typeof URL !== 'undefined' && input instanceof URL) ||
    (typeof Request !== 'undefined' && input instanceof Request)
  );
}

function urlOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** Checks a response's status (`TRANSPORT_HTTP`) and content type (`TRANSPORT_CONTENT_TYPE`). @internal */
export function checkResponse(response: Response, accepted: string[], url?: string): Response {
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined);
    throw new RxRunnablesError(
      'TRANSPORT_HTTP',
      `HTTP ${response.status} ${response.statusText}`.trim(),
      {
        status: response.status,
        statusText: response.statusText,
        url: url ?? response.url,
      },
    );
  }
  const contentType = response.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!accepted.includes(mediaType)) {
    void response.body?.cancel().catch(() => undefined);
    throw new RxRunnablesError(
      'TRANSPORT_CONTENT_TYPE',
      `Expected ${accepted[0]}, got ${contentType || 'no content type'}`,
      {
        contentType,
        expected: accepted,
        status: response.status,
        url: url ?? response.url,
      },
    );
  }
  return response;
}

/** How a client gets its body, once per (re)connection. @internal */
export interface Connection {
  /** Opens a body: a fetch (the signal aborts it) or the given body. */
  open(signal: AbortSignal, lastEventId: string): Promise<TextBody>;
  fetched: boolean;
}

/** The connection of a client input: fetched (URL, `Request`) or a body at hand. @internal */
export function connection(
  input: ClientInput,
  init: RequestInit & { fetch?: typeof fetch },
  accepted: string[],
  accept: string,
): Connection {
  if (!isFetchable(input)) {
    return {
      fetched: false,
      open: async () => (input instanceof Response ? checkResponse(input, accepted) : input),
    };
  }
  const { fetch: customFetch, ...requestInit } = init;
  const doFetch = customFetch ?? globalThis.fetch;
  return {
    fetched: true,
    async open(signal, lastEventId) {
      const headers = new Headers(input instanceof Request ? input.headers : undefined);
      new Headers(requestInit.headers).forEach((value, key) => headers.set(key, value));
      if (!headers.has('accept')) headers.set('accept', accept);
      if (lastEventId !== '') headers.set('last-event-id', lastEventId);
      let response: Response;
      try {
        response = await doFetch(input, { ...requestInit, headers, signal });
      } catch (error) {
        if (signal.aborted) throw abortError(signal.reason);
        throw toRxRunnablesError(error, 'TRANSPORT_NETWORK', { url: urlOf(input) });
      }
      return checkResponse(response, accepted, urlOf(input));
    },
  };
}
