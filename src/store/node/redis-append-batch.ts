/**
 * Coalesced appends of RedisEventStore: the appends of every stream of one store, gathered while
 * the event loop turns (or for `batchDelayMs`) and while the previous batch is on the wire, go to
 * Redis as one script call.
 * @module
 */
import { RxRunnablesError, toRxRunnablesError } from '../../core/errors';
import { conflictError } from '../stream-errors';

/** One append waiting for its batch. */
interface Pending {
  readonly streamId: string;
  readonly producerId: string;
  /** The explicit seq, or '' for the next one. */
  readonly seq: string;
  readonly data: string;
  readonly done: Promise<number>;
  resolve(seq: number): void;
  reject(error: unknown): void;
}

/** What the batcher needs of its store. @internal */
export interface AppendBatcherInit {
  /** The most events in one batch. */
  maxEvents: number;
  /** How many batches may be on the wire at once (of disjoint streams). */
  maxInFlight: number;
  /** How long the first event of a batch may wait for others (0: until the event loop turns). */
  delayMs: number;
  /** A stream's meta, events and lease keys. */
  keys(streamId: string): string[];
  /** The fixed head of the script's ARGV (maxLength, ttlMs). */
  head(): string[];
  /** Runs the batch script once (no retry). */
  send(keys: string[], args: string[]): Promise<unknown>;
  /** The store's retry while Redis is unreachable (then `STORE_UNAVAILABLE`). */
  retry<T>(op: () => Promise<T>): Promise<T>;
  /** A reply error (never retried), as opposed to a lost connection. */
  isReplyError(error: unknown): boolean;
}

const noop = (): void => undefined;
/** A batch smaller than this is not split to fill the free slots. */
const MIN_SPLIT = 200;
/** A batch stops growing past this much data (UTF-16 units): big events go in smaller batches. */
const MAX_BATCH_BYTES = 1 << 20;

/**
 * Gathers appends into batches. Several batches may be on the wire at once, but a stream has
 * appends in at most one of them: its next appends wait for that batch's reply. So per-stream order
 * is the order of `append` calls even when a batch is retried after a lost connection, and each
 * append settles with its own reply (its seq, or its stream's `STREAM_CONFLICT`). @internal
 */
export class AppendBatcher {
  /** The queued appends of each stream, in order (streams in the order they got appends). */
  private readonly queued = new Map<string, Pending[]>();
  private count = 0;
  /** Streams with appends in a batch on the wire. */
  private readonly busy = new Set<string>();
  private readonly inFlight = new Map<Promise<void>, readonly Pending[]>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  /** A flush is queued as a microtask (cannot be cancelled: it finds nothing, or what is new). */
  private microtask = false;
  private firstQueuedAt = 0;
  /** Every queued append waits for a batch on the wire: no use looking again until one returns. */
  private stalled = false;
  private closed = false;

  constructor(private readonly init: AppendBatcherInit) {}

  append(streamId: string, producerId: string, seq: string, data: string): Promise<number> {
    if (this.closed) {
      return Promise.reject(
        new RxRunnablesError('STORE_UNAVAILABLE', 'The event store was closed', {
          streamId,
          reason: 'closed',
        }),
      );
    }
    let resolve: (seq: number) => void = noop;
    let reject: (error: unknown) => void = noop;
    const done = new Promise<number>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    if (this.count === 0 && this.init.delayMs > 0) this.firstQueuedAt = Date.now();
    const entry: Pending = { streamId, producerId, seq, data, done, resolve, reject };
    const list = this.queued.get(streamId);
    if (list === undefined) this.queued.set(streamId, [entry]);
    else list.push(entry);
    this.count++;
    if (this.stalled && !this.busy.has(streamId)) this.stalled = false;
    this.schedule();
    return done;
  }

  /** Settles once every append of `streamId` made so far has (whatever its outcome). */
  settled(streamId: string): Promise<void> {
    let last = this.queued.get(streamId)?.at(-1);
    if (last === undefined && this.busy.has(streamId)) {
      for (const batch of this.inFlight.values()) last ??= lastOf(batch, streamId);
    }
    return last === undefined ? Promise.resolve() : last.done.then(noop, noop);
  }

  /** Sends what is queued, waits for every batch, and refuses appends from now on. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size > 0 || this.count > 0) {
      this.flush();
      await Promise.race(this.inFlight.keys());
    }
    this.clearTimers();
  }

  /** Flushes now when a batch is full, else once the loop turns or `delayMs` after its first event. */
  private schedule(): void {
    const full = this.inFlight.size >= this.init.maxInFlight;
    if (this.count === 0 || full || this.stalled) return; // a batch's return schedules again
    if (this.count >= this.init.maxEvents) {
      this.flush();
      return;
    }
    if (this.timer !== undefined || this.immediate !== undefined || this.microtask) return;
    const wait = this.init.delayMs - (Date.now() - this.firstQueuedAt);
    if (this.init.delayMs > 0 && wait > 0) {
      this.timer = setTimeout(() => this.flush(), wait);
    } else if (this.inFlight.size === 0) {
      // Idle: at the end of this tick (what this tick appends goes along), no turn of the loop.
      this.microtask = true;
      queueMicrotask(() => {
        this.microtask = false;
        this.flush();
      });
    } else {
      // Busy: once the loop turns, so the appends of every I/O callback of this turn go together.
      this.immediate = setImmediate(() => this.flush());
    }
  }

  private clearTimers(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  /** Sends batches of the queued appends whose streams have none on the wire, while slots are free. */
  private flush(): void {
    this.clearTimers();
    while (this.count > 0 && this.inFlight.size < this.init.maxInFlight) {
      // Split what is queued over the free slots, so Redis runs one batch while we send the next.
      const free = this.init.maxInFlight - this.inFlight.size;
      const size = Math.min(this.init.maxEvents, Math.max(MIN_SPLIT, Math.ceil(this.count / free)));
      const batch: Pending[] = [];
      let bytes = 0;
      for (const [streamId, list] of this.queued) {
        if (batch.length >= size || bytes >= MAX_BATCH_BYTES) break;
        if (this.busy.has(streamId)) continue; // after its batch on the wire: per-stream order
        let take = 0;
        while (take < list.length && batch.length < size && bytes < MAX_BATCH_BYTES) {
          const p = list[take++] as Pending;
          bytes += p.data.length;
          batch.push(p);
        }
        if (take === list.length) this.queued.delete(streamId);
        else list.splice(0, take);
      }
      if (batch.length === 0) {
        this.stalled = true;
        break;
      }
      this.count -= batch.length;
      if (this.count > 0 && this.init.delayMs > 0) this.firstQueuedAt = Date.now();
      for (const p of batch) this.busy.add(p.streamId);
      const running: Promise<void> = this.run(batch).finally(() => {
        this.inFlight.delete(running);
        for (const p of batch) this.busy.delete(p.streamId);
        this.stalled = false;
        if (!this.closed) this.schedule();
      });
      this.inFlight.set(running, batch);
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    let pending = batch;
    const send = async (): Promise<unknown> => {
      const index = new Map<string, string>();
      const keys: string[] = [];
      const args = this.init.head();
      // Runs of one stream's appends of one producer: index, producerId, count, then seq, data each.
      let countAt = -1;
      let run: Pending | undefined;
      let count = 0;
      for (const p of pending) {
        if (run === undefined || p.streamId !== run.streamId || p.producerId !== run.producerId) {
          if (countAt >= 0) args[countAt] = String(count);
          let k = index.get(p.streamId);
          if (k === undefined) {
            k = String(index.size + 1);
            index.set(p.streamId, k);
            keys.push(...this.init.keys(p.streamId));
          }
          args.push(k, p.producerId, '');
          countAt = args.length - 1;
          run = p;
          count = 0;
        }
        args.push(p.seq, p.data);
        count++;
      }
      if (countAt >= 0) args[countAt] = String(count);
      try {
        return await this.init.send(keys, args);
      } catch (error) {
        // Lost with the connection, maybe stored: an append without its seq is not retried (a
        // retry could store it twice); those with one are (a stored one is then a duplicate).
        if (!this.init.isReplyError(error) && pending.some((p) => p.seq === '')) {
          for (const p of pending) if (p.seq === '') p.reject(unavailable(p.streamId, error));
          pending = pending.filter((p) => p.seq !== '');
          if (pending.length === 0) return [];
        }
        throw error;
      }
    };
    let reply: unknown;
    try {
      reply = await this.init.retry(send);
    } catch (error) {
      for (const p of pending) p.reject(unavailable(p.streamId, error));
      return;
    }
    const items = Array.isArray(reply) ? (reply as unknown[]) : [];
    pending.forEach((p, i) => settle(p, items[i]));
  }
}

function lastOf(list: readonly Pending[], streamId: string): Pending | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]?.streamId === streamId) return list[i];
  return undefined;
}

/** One append's reply item: its seq, or `CONFLICT …`. */
function settle(p: Pending, item: unknown): void {
  if (typeof item === 'number') return p.resolve(item);
  const text = item instanceof Error ? item.message : String(item);
  if (/^\d+$/.test(text)) return p.resolve(Number(text));
  if (text.startsWith('CONFLICT ')) return p.reject(conflictError(p.streamId, text.slice(9)));
  p.reject(unavailable(p.streamId, new Error(`Unexpected append reply: ${text}`)));
}

function unavailable(streamId: string, error: unknown): RxRunnablesError {
  return toRxRunnablesError(error, 'STORE_UNAVAILABLE', { streamId });
}
