/**
 * MemoryEventStore: the event store of one process (the default).
 * @module
 */
import { Observable, Subject } from 'rxjs';
import type { WireError } from '../transport/wire';
import type {
  AppendOptions,
  EventStore,
  EventStoreOptions,
  OpenStreamOptions,
  ReadOptions,
  StoredEvent,
  StreamInfo,
  StreamStatus,
} from './event-store';
import { checkSeq, conflictError, endError, leaseExpired, trimmedError } from './stream-errors';

interface MemoryStream {
  status: StreamStatus;
  producerId: string;
  leaseMs: number;
  leaseUntil: number;
  firstSeq: number;
  lastSeq: number;
  events: string[];
  error?: WireError;
  changed: Subject<void>;
  expiry?: ReturnType<typeof setTimeout>;
}

/**
 * Streams kept in this process's memory: replay, live reads, leases, TTL and trimming, for one
 * server (or tests). Several instances behind a load balancer need a shared store:
 * `RedisEventStore` from `rx-runnables/store/node`.
 *
 * @example
 * ```ts
 * import { MemoryEventStore } from 'rx-runnables/store';
 *
 * const store = new MemoryEventStore({ ttlMs: 60_000, maxLength: 10_000 });
 * await store.open('chat-1', { producerId: 'server-a' });
 * await store.append('chat-1', '"Hi"', { producerId: 'server-a' });
 * console.log(await store.status('chat-1')); // active
 * ```
 */
export class MemoryEventStore implements EventStore {
  private readonly streams = new Map<string, MemoryStream>();
  private readonly ttlMs: number;
  private readonly maxLength: number;
  private readonly leaseCheckMs: number;

  constructor(options: EventStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.maxLength = options.maxLength ?? Infinity;
    this.leaseCheckMs = options.leaseCheckMs ?? 1_000;
  }

  async open(streamId: string, options: OpenStreamOptions): Promise<void> {
    const existing = this.streams.get(streamId);
    const leaseMs = options.leaseMs ?? 10_000;
    if (existing && options.continue === true && this.statusOf(streamId, existing) === 'done') {
      Object.assign(existing, { status: 'active', producerId: options.producerId, leaseMs });
      existing.leaseUntil = Date.now() + leaseMs;
      this.touch(streamId);
      return;
    }
    if (existing && existing.producerId !== options.producerId) {
      throw conflictError(streamId, `owned by producer ${existing.producerId}`);
    }
    if (existing) {
      const status = this.statusOf(streamId, existing);
      if (status !== 'active') throw conflictError(streamId, `already ${status}`);
      return;
    }
    this.streams.set(streamId, {
      status: 'active',
      producerId: options.producerId,
      leaseMs,
      leaseUntil: Date.now() + leaseMs,
      firstSeq: 1,
      lastSeq: 0,
      events: [],
      changed: new Subject<void>(),
    });
    this.touch(streamId);
  }

  async append(streamId: string, data: string, options: AppendOptions): Promise<number> {
    const s = this.writable(streamId, options.producerId);
    const seq = options.seq ?? s.lastSeq + 1;
    checkSeq('seq', seq);
    if (seq <= s.lastSeq) return seq;
    if (seq !== s.lastSeq + 1) throw conflictError(streamId, `seq ${seq} after ${s.lastSeq}`);
    s.events.push(data);
    s.lastSeq = seq;
    s.leaseUntil = Date.now() + s.leaseMs;
    while (s.events.length > this.maxLength) {
      s.events.shift();
      s.firstSeq++;
    }
    this.touch(streamId);
    s.changed.next();
    return seq;
  }

  read(streamId: string, options: ReadOptions = {}): Observable<StoredEvent> {
    return new Observable<StoredEvent>((subscriber) => {
      let next = (options.after ?? 0) + 1;
      checkSeq('after', next - 1);
      const s = this.streams.get(streamId);
      if (!s) {
        subscriber.complete();
        return undefined;
      }
      if (next < s.firstSeq && next <= s.lastSeq) {
        subscriber.error(trimmedError(streamId, next - 1, s.firstSeq));
        return undefined;
      }
      const drain = (): void => {
        while (!subscriber.closed && next <= s.lastSeq) {
          const data = s.events[next - s.firstSeq];
          if (data === undefined) {
            subscriber.error(trimmedError(streamId, next - 1, s.firstSeq));
            return;
          }
          subscriber.next({ seq: next, data });
          next++;
        }
        if (subscriber.closed) return;
        const status = this.statusOf(streamId, s);
        if (status === 'active') return;
        const error = endError(streamId, status, s.error);
        if (error) subscriber.error(error);
        else subscriber.complete();
      };
      const changes = s.changed.subscribe(drain);
      const timer = setInterval(drain, this.leaseCheckMs);
      drain();
      return () => {
        changes.unsubscribe();
        clearInterval(timer);
      };
    });
  }

  async info(streamId: string): Promise<StreamInfo | undefined> {
    const s = this.streams.get(streamId);
    if (!s) return undefined;
    const status = this.statusOf(streamId, s);
    return {
      status,
      lastSeq: s.lastSeq,
      producerId: s.producerId,
      ...(s.error ? { error: s.error } : {}),
    };
  }

  async status(streamId: string): Promise<StreamStatus | undefined> {
    return (await this.info(streamId))?.status;
  }

  async heartbeat(streamId: string): Promise<StreamStatus | undefined> {
    const s = this.streams.get(streamId);
    if (!s) return undefined;
    const status = this.statusOf(streamId, s);
    if (status === 'active') s.leaseUntil = Date.now() + s.leaseMs;
    return status;
  }

  async complete(streamId: string): Promise<void> {
    this.end(streamId, 'done');
  }

  async fail(streamId: string, error: WireError): Promise<void> {
    this.end(streamId, 'failed', error);
  }

  async cancel(streamId: string): Promise<void> {
    this.end(streamId, 'cancelled');
  }

  watchCancel(streamId: string): Observable<void> {
    return new Observable<void>((subscriber) => {
      const s = this.streams.get(streamId);
      if (!s) {
        subscriber.complete();
        return undefined;
      }
      const check = (): void => {
        if (s.status !== 'cancelled') return;
        subscriber.next();
        subscriber.complete();
      };
      const changes = s.changed.subscribe({ next: check, complete: () => subscriber.complete() });
      check();
      return () => changes.unsubscribe();
    });
  }

  /** The status, turning an active stream with an expired lease into a failed one. */
  private statusOf(streamId: string, s: MemoryStream): StreamStatus {
    if (s.status === 'active' && Date.now() > s.leaseUntil) {
      s.status = 'failed';
      s.error = leaseExpired(streamId, s.leaseMs);
    }
    return s.status;
  }

  private writable(streamId: string, producerId: string): MemoryStream {
    const s = this.streams.get(streamId);
    if (!s) throw conflictError(streamId, 'not open');
    if (s.producerId !== producerId) throw conflictError(streamId, `owned by ${s.producerId}`);
    const status = this.statusOf(streamId, s);
    if (status !== 'active') throw conflictError(streamId, `already ${status}`);
    return s;
  }

  private end(streamId: string, status: StreamStatus, error?: WireError): void {
    const s = this.streams.get(streamId);
    if (!s || this.statusOf(streamId, s) !== 'active') return;
    s.status = status;
    if (error) s.error = error;
    this.touch(streamId);
    s.changed.next();
  }

  /** Restarts the stream's TTL (the timer does not keep a Node process alive). */
  private touch(streamId: string): void {
    const s = this.streams.get(streamId);
    if (!s) return;
    if (s.expiry !== undefined) clearTimeout(s.expiry);
    s.expiry = setTimeout(() => {
      this.streams.delete(streamId);
      s.changed.complete();
    }, this.ttlMs);
    (s.expiry as { unref?: () => void }).unref?.();
  }
}
