/**
 * The StreamingRAG event model: one immutable event per lifecycle step or text chunk.
 * @module
 */
import type { Document } from './document';

/**
 * The kinds of {@link StreamEvent}, as string values (compare with literals or with these keys).
 *
 * @example
 * ```ts
 * if (event.type === EventType.RETRIEVAL_DONE) console.log(event.data.numDocs);
 * ```
 */
export const EventType = {
  RETRIEVAL_START: 'retrieval_start',
  RETRIEVAL_DONE: 'retrieval_done',
  GENERATION_START: 'generation_start',
  CHUNK: 'chunk',
  GENERATION_DONE: 'generation_done',
  ERROR: 'error',
} as const;

/** One of the {@link EventType} values. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/** The stage an ERROR event reports. */
export type StreamStage = 'retrieval' | 'generation';

/** The payload of each event type. */
export interface StreamEventDataMap {
  retrieval_start: { readonly query: string };
  /** `numDocs` counts what the retriever returned; `docs` are the ones put in the prompt (truncated). */
  retrieval_done: { readonly numDocs: number; readonly docs: readonly Document[] };
  generation_start: { readonly promptChars: number };
  chunk: string;
  /** Seconds since the stream started, 4 decimals. */
  generation_done: { readonly totalLatency: number };
  error: { readonly msg: string; readonly stage: StreamStage };
}

/**
 * One StreamingRAG event. Frozen; `latency` is seconds since the stream started (monotonic clock,
 * 4 decimals, `0` for RETRIEVAL_START). `toString()` is the chunk text for CHUNK events and `""`
 * otherwise, so `events.join('')` is the answer. Narrow on `type` to get a typed `data`.
 *
 * @example
 * ```ts
 * rag.streamEvents('What is RAG?').subscribe((event) => {
 *   if (event.isChunk) process.stdout.write(event.data);
 *   else console.log(`[${event.latency}s] ${event.type}`);
 * });
 * ```
 */
export type StreamEvent = {
  [T in EventType]: StreamEventOf<T>;
}[EventType];

/** The event of one type. */
export interface StreamEventOf<T extends EventType> {
  readonly type: T;
  readonly data: StreamEventDataMap[T];
  readonly latency: number;
  readonly isChunk: T extends 'chunk' ? true : false;
  toString(): string;
}

class StreamEventImpl {
  readonly type: EventType;
  readonly data: unknown;
  readonly latency: number;

  constructor(type: EventType, data: unknown, latency: number) {
    this.type = type;
    this.data = data;
    this.latency = latency;
    Object.freeze(this);
  }

  get isChunk(): boolean {
    return this.type === EventType.CHUNK;
  }

  toString(): string {
    return this.type === EventType.CHUNK ? (this.data as string) : '';
  }

  toJSON(): { type: EventType; data: unknown; latency: number } {
    return { type: this.type, data: this.data, latency: this.latency };
  }
}

/**
 * Freezes the payload down to `depth` levels (data → docs → doc → metadata). Values nested deeper
 * (objects inside a document's metadata) belong to the user and are left as they are.
 */
function freeze<T>(value: T, depth = 4): T {
  if (depth > 0 && typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) freeze(inner, depth - 1);
  }
  return value;
}

/**
 * Creates a frozen {@link StreamEvent}; its payload is frozen too (pass objects you own: the
 * documents of a RETRIEVAL_DONE payload should be copies). `latency` is rounded to 4
 * decimals.
 *
 * @example
 * ```ts
 * const ev = createStreamEvent('chunk', 'Hello ', 0.01234);
 * String(ev); // 'Hello '
 * ev.latency; // 0.0123
 * ```
 */
export function createStreamEvent<T extends EventType>(
  type: T,
  data: StreamEventDataMap[T],
  latency: number,
): StreamEventOf<T> {
  const rounded = Math.round(latency * 10_000) / 10_000;
  return new StreamEventImpl(type, freeze(data), rounded) as unknown as StreamEventOf<T>;
}

/**
 * True when `value` is a {@link StreamEvent}.
 *
 * @example
 * ```ts
 * isStreamEvent(createStreamEvent('chunk', 'x', 0)); // true
 * ```
 */
export function isStreamEvent(value: unknown): value is StreamEvent {
  return value instanceof StreamEventImpl;
}
