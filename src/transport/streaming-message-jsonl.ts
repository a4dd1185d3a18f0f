/**
 * Streaming messages over JSON Lines (Ragna's wire): the whole message first, then deltas.
 * @module
 */
import { Observable } from 'rxjs';
import type { Unsubscribable } from 'rxjs';
import { RxRunnablesError } from '../core';
import { fromJSONL } from './client';
import type { ClientInput, FromJSONLInit } from './client';
import { encodeJSONL } from './jsonl';
import type { MessageSource, StreamingMessageInit } from './message-source';
import { ReplayOnce } from './replay-once';

/** What `StreamingMessage.fromJSONL` reads: a URL or `Request` to fetch, a `Response`, or a body. */
export type MessageJSONLInput = ClientInput;

/**
 * One JSON line of a streaming message. The first line has the sources; the later ones
 * `sources: null`. Joining `content` over all lines gives the message.
 */
export interface MessageLine {
  readonly id: string;
  readonly content: string;
  readonly role: string;
  readonly sources: readonly MessageSource[] | null;
  readonly timestamp: string;
}

interface MessageHead {
  readonly id: string;
  readonly role: string;
  readonly sources: readonly MessageSource[];
  readonly timestamp: string;
}

/**
 * The JSON lines of a message: the first chunk with `{ id, content, role, sources, timestamp }`,
 * each later chunk with `sources: null` (one line with `content: ''` for an empty message). A
 * failure adds `{"error":{code,message,details}}` (see `encodeJSONL`).
 */
export function messageToJSONL(head: MessageHead, chunks$: Observable<string>): Observable<string> {
  const lines$ = new Observable<MessageLine>((subscriber) => {
    let first = true;
    const line = (content: string): MessageLine => {
      const sources = first ? head.sources : null;
      first = false;
      return { id: head.id, content, role: head.role, sources, timestamp: head.timestamp };
    };
    return chunks$.subscribe({
      next: (content) => subscriber.next(line(content)),
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        if (first) subscriber.next(line(''));
        subscriber.complete();
      },
    });
  });
  return encodeJSONL(lines$, { serialize: (value) => JSON.stringify(value) });
}

function checkLine(value: unknown, position: number): MessageLine {
  const line = value as Partial<MessageLine> | null;
  if (
    typeof line !== 'object' ||
    line === null ||
    typeof line.content !== 'string' ||
    (position === 0 && (typeof line.id !== 'string' || !Array.isArray(line.sources)))
  ) {
    throw new RxRunnablesError(
      'JSON_SCHEMA',
      position === 0
        ? 'The first line of a streaming message must be { id, content, role, sources, timestamp }'
        : `Line ${position + 1} of a streaming message has no string content`,
      { line: position + 1, stage: 'message-client' },
    );
  }
  return line as MessageLine;
}

/**
 * Reads a message's JSON lines; resolves once the first line has arrived with what it says
 * (id, role, sources, timestamp) and the content's chunks (the first line's included). The body
 * is held until the chunks are first read, then belongs to their reader.
 */
export function readMessageJSONL(
  input: MessageJSONLInput,
  init: FromJSONLInit = {},
): Promise<{ first: StreamingMessageInit; chunks: Observable<string> }> {
  const lines = new ReplayOnce<unknown>(fromJSONL(input, init));
  let hold: Unsubscribable | undefined;
  const chunks = new Observable<string>((subscriber) => {
    let position = 0;
    const subscription = lines.observable.subscribe({
      next(value) {
        try {
          subscriber.next(checkLine(value, position++).content);
        } catch (error) {
          subscriber.error(error);
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    hold?.unsubscribe();
    hold = undefined;
    return subscription;
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    hold = lines.observable.subscribe({
      next(value) {
        if (settled) return;
        settled = true;
        try {
          const line = checkLine(value, 0);
          const first: StreamingMessageInit = {
            id: line.id,
            role: typeof line.role === 'string' ? line.role : 'assistant',
            sources: line.sources ?? [],
            timestamp: typeof line.timestamp === 'string' ? line.timestamp : undefined,
          };
          resolve({ first, chunks });
        } catch (error) {
          reject(error);
          queueMicrotask(() => hold?.unsubscribe());
        }
      },
      error(error: unknown) {
        if (!settled) reject(error);
        settled = true;
      },
      complete() {
        if (!settled) {
          reject(
            new RxRunnablesError('EMPTY_OUTPUT', 'The streaming message had no line', {
              stage: 'message-client',
            }),
          );
        }
        settled = true;
      },
    });
  });
}
