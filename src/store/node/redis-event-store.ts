/**
 * RedisEventStore: event streams in Redis Streams, shared by every server instance.
 * @module
 */
import type { Observable } from 'rxjs';
import { CancelWatch } from './redis-cancel-watch';
import { RxRunnablesError } from '../../core/errors';
import type { WireError } from '../../transport/wire';
import type {
  AppendOptions,
  EventStore,
  EventStoreOptions,
  OpenStreamOptions,
  ReadOptions,
  StoredEvent,
  StreamInfo,
  StreamStatus,
} from '../event-store';
import { checkSeq, conflictError, leaseExpired } from '../stream-errors';
import { readRedisStream } from './redis-read';
import { SharedStreamReader } from './redis-shared-read';
import { AppendBatcher } from './redis-append-batch';
import { APPEND_BATCH, END, INFO, OPEN } from './redis-scripts';

/**
 * What the store needs of a node-redis client (`createClient()` from `redis` 5 or later,
 * connected): raw commands, and `duplicate()` for the store's one blocking connection (shared by
 * all its live readers) and its one subscriber connection (cancels).
 */
export interface RedisConnection {
  sendCommand(args: string[]): Promise<unknown>;
  duplicate(): RedisConnection;
  connect(): Promise<unknown>;
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Pub/sub (node-redis has it): how a cancel reaches the producer at once. */
  subscribe?(
    channel: string,
    listener: (message: string, channel: string) => void,
  ): Promise<unknown>;
  unsubscribe?(
    channel: string,
    listener?: (message: string, channel: string) => void,
  ): Promise<unknown>;
}

/** Options of {@link RedisEventStore}. */
export interface RedisEventStoreOptions extends EventStoreOptions {
  /** A connected node-redis client (its errors are yours to listen to). */
  client: RedisConnection;
  /** The prefix of every key (default `rxr:`). */
  keyPrefix?: string;
  /** How long a command may keep failing (Redis restarting) before `STORE_UNAVAILABLE` (default 10 000). */
  unavailableMs?: number;
  /**
   * The most appends sent to Redis in one script call (default 1 000, at most 5 000; a batch also
   * stops at about 1 MB of data). The appends of all streams made in the same turn of the event
   * loop, or while earlier batches are on the wire, are sent together.
   */
  maxBatchEvents?: number;
  /**
   * How long the first append of a batch may wait for others before it is sent, in ms (default 0:
   * sent once the event loop turns). A higher value trades latency for bigger batches.
   */
  batchDelayMs?: number;
}

/** The three keys of a stream (and its cancel channel); the `{id}` hash tag keeps them in one Redis Cluster slot. */
export interface StreamKeys {
  meta: string;
  events: string;
  lease: string;
  /** The pub/sub channel a cancel is published on. */
  cancel: string;
}

/**
 * An {@link EventStore} on Redis Streams, so producers and readers may be on different server
 * instances: events are `XADD`ed with explicit ids `<seq>-0` (a retried append is stored once),
 * the appends of all its streams coalesced into batched script calls (per-stream order kept, each
 * append settling with its own seq or error; `close()` sends what is queued), trimmed with
 * `MAXLEN ~`, replayed with an exclusive `XRANGE` and followed with `XREAD BLOCK` on one
 * connection per store shared by all its live readers (one XREAD over every followed stream; open
 * while any reader follows), so 1 000 readers cost one connection; every key expires `ttlMs`
 * after the last write. The producer's lease (renewed by appends and heartbeats): when it lapses,
 * the stream is marked failed and readers fail with `STREAM_FAILED` (`reason: 'lease-expired'`)
 * within `leaseCheckMs`. A cancel is published (`PUBLISH` in the same script) on the stream's
 * channel, which the producer's instance follows on one shared subscriber connection
 * (`client.duplicate()`, open while any of its producers runs): a silent producer stops at once.
 *
 * @example
 * ```ts no-run
 * import { createClient } from 'redis';
 * import { RedisEventStore } from 'rx-runnables/store/node';
 *
 * const client = createClient({ url: 'redis://localhost:6379' });
 * client.on('error', (error) => console.error(error));
 * await client.connect();
 * const store = new RedisEventStore({ client, ttlMs: 3_600_000, maxLength: 50_000 });
 * ```
 */
export class RedisEventStore implements EventStore {
  private readonly client: RedisConnection;
  private readonly prefix: string;
  private readonly ttl: string;
  private readonly maxLength: string;
  private readonly leaseCheckMs: number;
  private readonly unavailableMs: number;
  private readonly shas = new Map<string, string>();
  private readonly cancels: CancelWatch;
  private readonly live: SharedStreamReader;
  private readonly batcher: AppendBatcher;

  constructor(options: RedisEventStoreOptions) {
    this.client = options.client;
    this.prefix = options.keyPrefix ?? 'rxr:';
    this.ttl = String(options.ttlMs ?? 3_600_000);
    this.maxLength = options.maxLength === undefined ? '' : String(options.maxLength);
    this.leaseCheckMs = options.leaseCheckMs ?? 1_000;
    this.unavailableMs = options.unavailableMs ?? 10_000;
    this.cancels = new CancelWatch(this.client);
    this.live = new SharedStreamReader(this.client, this.leaseCheckMs, (op) => this.retry(op));
    this.batcher = new AppendBatcher({
      maxEvents: Math.min(5_000, Math.max(1, options.maxBatchEvents ?? 1_000)),
      maxInFlight: 4,
      delayMs: options.batchDelayMs ?? 0,
      keys: (streamId) => {
        const { meta, events, lease } = this.keys(streamId);
        return [meta, events, lease];
      },
      head: () => [this.maxLength, this.ttl],
      send: (keys, args) => this.evaluate(APPEND_BATCH, keys, args),
      retry: (op) => this.retry(op),
      isReplyError,
    });
  }

  /** The keys of a stream. */
  keys(streamId: string): StreamKeys {
    const base = `${this.prefix}{${streamId}}`;
    return {
      meta: `${base}:meta`,
      events: `${base}:events`,
      lease: `${base}:lease`,
      cancel: `${base}:cancel`,
    };
  }

  async open(streamId: string, options: OpenStreamOptions): Promise<void> {
    const leaseMs = String(options.leaseMs ?? 10_000);
    const again = options.continue === true ? '1' : '';
    const status = await this.script(streamId, OPEN, [
      options.producerId,
      leaseMs,
      this.ttl,
      again,
    ]);
    if (status !== 'active') throw conflictError(streamId, `already ${String(status)}`);
  }

  append(streamId: string, data: string, options: AppendOptions): Promise<number> {
    try {
      if (options.seq !== undefined) checkSeq('seq', options.seq);
    } catch (error) {
      return Promise.reject(error);
    }
    const seq = options.seq === undefined ? '' : String(options.seq);
    // Coalesced with the other appends of this store; without an explicit seq, an append lost
    // with the connection is not retried (a retry could store it twice).
    return this.batcher.append(streamId, options.producerId, seq, data);
  }

  /**
   * Sends the appends still queued and waits for them; later appends are refused
   * (`STORE_UNAVAILABLE`, `reason: 'closed'`). The client is yours: it stays open.
   */
  async close(): Promise<void> {
    await this.batcher.close();
  }

  read(streamId: string, options: ReadOptions = {}): Observable<StoredEvent> {
    const after = options.after ?? 0;
    return readRedisStream({
      client: this.client,
      streamId,
      keys: this.keys(streamId),
      after,
      live: this.live,
      info: () => this.info(streamId),
      retry: (op) => this.retry(op),
    });
  }

  async info(streamId: string): Promise<StreamInfo | undefined> {
    return this.infoOf(streamId, false);
  }

  async status(streamId: string): Promise<StreamStatus | undefined> {
    return (await this.info(streamId))?.status;
  }

  async heartbeat(streamId: string): Promise<StreamStatus | undefined> {
    return (await this.infoOf(streamId, true))?.status;
  }

  async complete(streamId: string): Promise<void> {
    await this.batcher.settled(streamId); // after the appends made before it
    await this.script(streamId, END, ['done', '', this.ttl, '']);
  }

  async fail(streamId: string, error: WireError): Promise<void> {
    await this.batcher.settled(streamId);
    await this.script(streamId, END, ['failed', JSON.stringify(error), this.ttl, '']);
  }

  async cancel(streamId: string): Promise<void> {
    await this.script(streamId, END, ['cancelled', '', this.ttl, this.keys(streamId).cancel]);
  }

  watchCancel(streamId: string): Observable<void> {
    return this.cancels.watch(
      this.keys(streamId).cancel,
      async () => (await this.status(streamId)) === 'cancelled',
    );
  }

  private async infoOf(streamId: string, renew: boolean): Promise<StreamInfo | undefined> {
    const reply = (await this.script(streamId, INFO, [this.ttl, renew ? '1' : '0'])) as
      (string | null)[] | null;
    if (reply === null) return undefined;
    const [status, last, producerId, leaseMs, error, reason] = reply;
    const wire =
      error !== null && error !== undefined && error !== ''
        ? (JSON.parse(error) as WireError)
        : reason === 'lease-expired'
          ? leaseExpired(streamId, Number(leaseMs))
          : undefined;
    return {
      status: status as StreamStatus,
      lastSeq: Number(last),
      producerId: producerId ?? '',
      ...(wire ? { error: wire } : {}),
    };
  }

  /** Runs a script on the stream's keys; `CONFLICT …` replies become `STREAM_CONFLICT`. */
  private async script(
    streamId: string,
    lua: string,
    args: string[],
    retry = true,
  ): Promise<unknown> {
    const { meta, events, lease } = this.keys(streamId);
    const send = (): Promise<unknown> => this.evaluate(lua, [meta, events, lease], args);
    try {
      return await (retry ? this.retry(send) : send());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const conflict = /CONFLICT (.*)$/.exec(message);
      if (conflict) throw conflictError(streamId, conflict[1] ?? message);
      throw error;
    }
  }

  /** EVALSHA of the script loaded once; loaded again after a Redis restart emptied its cache. */
  private async evaluate(lua: string, keys: string[], args: string[]): Promise<unknown> {
    let sha = this.shas.get(lua);
    if (sha === undefined) {
      sha = String(await this.client.sendCommand(['SCRIPT', 'LOAD', lua]));
      this.shas.set(lua, sha);
    }
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.client.sendCommand(['EVALSHA', sha, ...tail]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      this.shas.delete(lua);
      return this.client.sendCommand(['EVAL', lua, ...tail]);
    }
  }

  /**
   * Retries an operation while Redis is unreachable (a reply error is not retried), then fails
   * with `STORE_UNAVAILABLE`. Safe for every command here: reads, and scripts that are
   * idempotent by their explicit sequence numbers and status checks.
   */
  private async retry<T>(op: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.unavailableMs;
    for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
      try {
        return await op();
      } catch (error) {
        if (isReplyError(error)) throw error;
        if (Date.now() + wait > deadline) {
          throw new RxRunnablesError('STORE_UNAVAILABLE', 'Redis is unreachable', {
            cause: error,
            unavailableMs: this.unavailableMs,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

/** A reply error from Redis (a script's error, a wrong type), as opposed to a lost connection. */
function isReplyError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : '';
  return name === 'ErrorReply' || /CONFLICT|ERR|WRONGTYPE/.test(message.slice(0, 40));
}
