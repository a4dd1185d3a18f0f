/**
 * The live side of RedisEventStore's reads: one blocking connection per store, whatever the number
 * of readers, following every live stream with one `XREAD BLOCK` over all their keys.
 * @module
 */
import type { RedisConnection } from './redis-event-store';

/** A raw stream entry: `[id, [field, value, …]]`. @internal */
export type Entry = [string, string[]];

/** XREAD's reply: `[[key, entries]]` in RESP2, `{ key: entries }` when the client maps it. */
type XReadReply = [string, Entry[]][] | Record<string, Entry[]> | null;

/** One live reader of one stream. @internal */
export interface Follower {
  /**
   * Takes the entries after the follower's position, in order; true once it has ended (a promise
   * when it must look something up first, as at the terminal entry).
   */
  deliver(entries: Entry[]): boolean | Promise<boolean>;
  /** Nothing arrived for a whole block: the reader checks the stream (a lapsed lease, a lost stream). */
  idle(): void;
  /** The shared connection kept failing past the store's retries. */
  fail(error: unknown): void;
}

interface Registered {
  readonly follower: Follower;
  lastId: string;
  /** The delivery still running, if any: the next ones run after it. */
  queue: Promise<void> | undefined;
  done: boolean;
}

const BATCH = '512';
const noop = (): void => undefined;

/** `a` after `b`, for stream ids `<ms>-<seq>`. */
function after(a: string, b: string): boolean {
  if (a === b) return false;
  const i = a.indexOf('-');
  const j = b.indexOf('-');
  const am = Number(a.slice(0, i));
  const bm = Number(b.slice(0, j));
  return am > bm || (am === bm && Number(a.slice(i + 1)) > Number(b.slice(j + 1)));
}

/** The entries after `lastId` (entries come in id order: only the first ones need a look). */
function entriesAfter(entries: Entry[], lastId: string): Entry[] {
  let i = 0;
  while (i < entries.length && !after((entries[i] as Entry)[0], lastId)) i++;
  return i === 0 ? entries : entries.slice(i);
}

function byKey(reply: Exclude<XReadReply, null>): [string, Entry[]][] {
  return Array.isArray(reply) ? reply : Object.entries(reply);
}

/**
 * Multiplexes the live reads of one store onto one connection (`client.duplicate()`, opened for
 * the first reader and closed after the last): each turn reads every followed stream after its
 * earliest reader's position. A reader that joins interrupts the wait (`CLIENT UNBLOCK` from the
 * store's own client) so its stream is read at once. @internal
 */
export class SharedStreamReader {
  private readonly streams = new Map<string, Set<Registered>>();
  private connection: RedisConnection | undefined;
  private clientId: string | undefined;
  private running = false;
  /** Bumped by every join or leave: a turn that started before it is interrupted. */
  private generation = 0;
  private waiting = -1;

  constructor(
    private readonly client: RedisConnection,
    private readonly blockMs: number,
    private readonly retry: <T>(op: () => Promise<T>) => Promise<T>,
  ) {}

  /** Follows `key` after `lastId`; returns the function that stops following. */
  follow(key: string, lastId: string, follower: Follower): () => void {
    const entry: Registered = { follower, lastId, queue: undefined, done: false };
    let set = this.streams.get(key);
    if (set === undefined) {
      set = new Set();
      this.streams.set(key, set);
    }
    set.add(entry);
    this.changed();
    return () => {
      entry.done = true;
      this.remove(key, entry);
    };
  }

  private remove(key: string, entry: Registered): void {
    const set = this.streams.get(key);
    if (set === undefined || !set.delete(entry)) return;
    if (set.size === 0) this.streams.delete(key);
    this.changed();
  }

  /** A reader came or went: start the loop, or interrupt the turn that waits without it. */
  private changed(): void {
    this.generation++;
    if (!this.running) {
      if (this.streams.size > 0) void this.loop();
      return;
    }
    this.interrupt(this.generation);
  }

  /** Unblocks the waiting XREAD; again shortly if it had not started blocking yet. */
  private interrupt(generation: number): void {
    if (this.waiting < 0 || this.waiting === generation || this.clientId === undefined) return;
    this.client.sendCommand(['CLIENT', 'UNBLOCK', this.clientId]).catch(noop);
    setTimeout(() => {
      if (this.waiting >= 0 && this.waiting < generation) this.interrupt(generation);
    }, 20).unref?.();
  }

  private async open(): Promise<RedisConnection> {
    if (this.connection !== undefined) return this.connection;
    const own = this.client.duplicate();
    own.on('error', noop); // reconnects by itself; the XREAD below is retried
    await own.connect();
    this.clientId = String(await own.sendCommand(['CLIENT', 'ID']));
    this.connection = own;
    return own;
  }

  private async loop(): Promise<void> {
    this.running = true;
    // Entries read by the last turn, handed to their readers once the next XREAD is sent.
    let deliveries: (() => void)[] = [];
    try {
      while (this.streams.size > 0) {
        const own = await this.retry(() => this.open());
        // Readers may have left while the connection opened.
        const keys = [...this.streams.keys()];
        if (keys.length === 0) continue;
        const ids = keys.map((key) => {
          let min: string | undefined;
          for (const r of this.streams.get(key) ?? []) {
            if (min === undefined || after(min, r.lastId)) min = r.lastId;
          }
          return min ?? '0-0';
        });
        const generation = this.generation;
        this.waiting = generation;
        const started = Date.now();
        const replying = this.retry(async () =>
          own.sendCommand([
            'XREAD',
            'COUNT',
            BATCH,
            'BLOCK',
            String(this.blockMs),
            'STREAMS',
            ...keys,
            ...ids,
          ]),
        );
        // The last turn's events go to their readers while Redis works on this one.
        const handing = deliveries;
        deliveries = [];
        for (const deliver of handing) deliver();
        const reply = (await replying) as XReadReply;
        this.waiting = -1;
        if (reply === null) {
          // A whole block with nothing (not an interruption): let the readers check their streams.
          if (generation === this.generation || Date.now() - started >= this.blockMs) {
            for (const key of keys) for (const r of this.streams.get(key) ?? []) r.follower.idle();
          }
          continue;
        }
        for (const [key, entries] of byKey(reply)) this.dispatch(key, entries, deliveries);
      }
    } catch (error) {
      for (const [key, set] of this.streams) {
        for (const r of set) {
          r.done = true;
          r.follower.fail(error);
        }
        this.streams.delete(key);
      }
    } finally {
      for (const deliver of deliveries) deliver(); // readers that left or failed skip theirs
      this.running = false;
      this.waiting = -1;
      if (this.streams.size > 0) void this.loop();
      else this.close();
    }
  }

  /**
   * Moves each reader of `key` past the entries it has not seen, and queues handing them over (at
   * once when it has no delivery running — no promise per event — else after that one).
   */
  private dispatch(key: string, entries: Entry[], out: (() => void)[]): void {
    for (const r of this.streams.get(key) ?? []) {
      const fresh = entriesAfter(entries, r.lastId);
      const last = fresh.at(-1);
      if (last === undefined) continue;
      r.lastId = last[0];
      out.push(() => this.deliver(key, r, fresh));
    }
  }

  private deliver(key: string, r: Registered, entries: Entry[]): void {
    const step = (): Promise<void> | undefined => {
      if (r.done) return undefined;
      try {
        const ended = r.follower.deliver(entries);
        if (typeof ended === 'boolean') {
          if (ended) this.ended(key, r);
          return undefined;
        }
        return ended.then(
          (e) => {
            if (e) this.ended(key, r);
          },
          (error: unknown) => this.failed(key, r, error),
        );
      } catch (error) {
        this.failed(key, r, error);
        return undefined;
      }
    };
    const running = r.queue === undefined ? step() : r.queue.then(step);
    if (running === undefined) return;
    const queued: Promise<void> = running.then(() => {
      if (r.queue === queued) r.queue = undefined;
    });
    r.queue = queued;
  }

  private ended(key: string, r: Registered): void {
    r.done = true;
    this.remove(key, r);
  }

  private failed(key: string, r: Registered, error: unknown): void {
    this.ended(key, r);
    r.follower.fail(error);
  }

  private close(): void {
    const own = this.connection;
    this.connection = undefined;
    this.clientId = undefined;
    own?.destroy();
  }
}
