/**
 * The contract every event store keeps: where a run's events live so any reader — a reconnecting
 * tab, another server instance — can replay them after a sequence number and follow them live.
 * @module
 */
import type { Observable } from 'rxjs';
import type { WireError } from '../transport';

/**
 * Where a stream stands: `active` while its producer writes (and its lease is fresh), then one of
 * the terminal states. A stream whose producer stopped renewing its lease reads as `failed`.
 */
export type StreamStatus = 'active' | 'done' | 'failed' | 'cancelled';

/** One stored event: its sequence number (1, 2, 3, … per stream) and its data text. */
export interface StoredEvent {
  /** 1-based, consecutive within a stream: the SSE `id:` of the event. */
  readonly seq: number;
  /** The event's data (JSON text, as the producer wrote it). */
  readonly data: string;
}

/** What a store knows of a stream. */
export interface StreamInfo {
  readonly status: StreamStatus;
  /** The sequence number of the last event appended (0 before the first). */
  readonly lastSeq: number;
  /** The producer that opened the stream. */
  readonly producerId: string;
  /** Why the stream failed: the producer's error, or `STREAM_FAILED` with `reason: 'lease-expired'`. */
  readonly error?: WireError;
}

/** Options of {@link EventStore.open}. */
export interface OpenStreamOptions {
  /** Who writes this stream; appends from another producer id are refused (`STREAM_CONFLICT`). */
  producerId: string;
  /** The producer's lease: without a heartbeat for this long, the stream reads as failed (default 10 000). */
  leaseMs?: number;
  /**
   * Continue a stream that ended `done` (a run paused for tool outputs, then continued): it is
   * active again under `producerId`, its readers' ids count on from its last sequence number, so
   * one run keeps one id space. Default false: an ended stream is `STREAM_CONFLICT`.
   */
  continue?: boolean;
}

/** Options of {@link EventStore.append}. */
export interface AppendOptions {
  /** The producer appending (must be the stream's). */
  producerId: string;
  /**
   * The sequence number this event must get. An append whose `seq` is already stored is a
   * duplicate (a retry after a lost reply) and writes nothing; a gap is refused.
   * Default: the next one.
   */
  seq?: number;
}

/** Options of {@link EventStore.read}. */
export interface ReadOptions {
  /** Replay the events after this sequence number (default 0: all of them). */
  after?: number;
}

/** Retention options shared by the stores. */
export interface EventStoreOptions {
  /** How long a stream is kept after its last write (default 3 600 000: one hour). */
  ttlMs?: number;
  /** Keep at most this many events per stream (older ones are trimmed; default: all). */
  maxLength?: number;
  /** How often a live reader checks the producer's lease when nothing arrives (default 1 000). */
  leaseCheckMs?: number;
}

/**
 * A store of event streams. `read` replays after a sequence number and follows live events until
 * the stream ends: it completes when the stream is `done`, and fails with a typed error when it
 * is `failed` (`STREAM_FAILED`, also when the producer's lease expired), `cancelled`
 * (`STREAM_CANCELLED`) or the requested events were trimmed (`STREAM_TRIMMED`). Reading an
 * unknown stream completes at once with nothing.
 *
 * @example
 * ```ts
 * import { MemoryEventStore } from 'rx-runnables/store';
 *
 * const store = new MemoryEventStore();
 * await store.open('s1', { producerId: 'p1' });
 * await store.append('s1', '"Hello"', { producerId: 'p1' });
 * await store.complete('s1');
 * store.read('s1', { after: 0 }).subscribe((e) => console.log(e.seq, e.data)); // 1 "Hello"
 * ```
 */
export interface EventStore {
  /**
   * Creates an `active` stream owned by `producerId` (again by it: nothing); another producer's,
   * or an ended one, is `STREAM_CONFLICT` — but with `continue`, a `done` stream is active again.
   */
  open(streamId: string, options: OpenStreamOptions): Promise<void>;
  /** Appends one event; resolves with its sequence number. Idempotent with an explicit `seq`. */
  append(streamId: string, data: string, options: AppendOptions): Promise<number>;
  /** Replays after `after`, then follows live until the stream ends. Cold; unsubscribing releases everything. */
  read(streamId: string, options?: ReadOptions): Observable<StoredEvent>;
  /** The stream's state, or undefined when unknown (never created, or expired). */
  info(streamId: string): Promise<StreamInfo | undefined>;
  /** The stream's status, or undefined when unknown. */
  status(streamId: string): Promise<StreamStatus | undefined>;
  /** Renews the producer's lease; resolves with the status (a producer stops when it reads `cancelled`). */
  heartbeat(streamId: string): Promise<StreamStatus | undefined>;
  /** Marks the stream finished: readers complete after its last event. */
  complete(streamId: string): Promise<void>;
  /** Marks the stream failed with `error`: readers fail after its last event. */
  fail(streamId: string, error: WireError): Promise<void>;
  /**
   * Cancels the stream: its producer stops — at once where the store pushes cancels
   * (`watchCancel`), else at its next heartbeat; readers fail with `STREAM_CANCELLED`.
   */
  cancel(streamId: string): Promise<void>;
  /**
   * Emits once (then completes) when the stream is cancelled, from any instance — also when it
   * already was. Pushed by the store (no polling): what lets a silent producer stop at once.
   * Optional: a producer on a store without it learns of a cancel at its heartbeat.
   */
  watchCancel?(streamId: string): Observable<void>;
}
