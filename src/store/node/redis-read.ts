/**
 * The read side of RedisEventStore: exclusive XRANGE replay, then XREAD BLOCK on a connection of
 * the reader's own.
 * @module
 */
import { Observable } from 'rxjs';
import { toRxRunnablesError } from '../../core/errors';
import type { StoredEvent, StreamInfo } from '../event-store';
import { checkSeq, endError, goneError, trimmedError } from '../stream-errors';
import type { RedisConnection, StreamKeys } from './redis-event-store';

/** What one read needs from its store. @internal */
export interface RedisReadInit {
  client: RedisConnection;
  streamId: string;
  keys: StreamKeys;
  after: number;
  blockMs: number;
  info: () => Promise<StreamInfo | undefined>;
  retry: <T>(op: () => Promise<T>) => Promise<T>;
}

/** A raw stream entry: `[id, [field, value, …]]`. */
type Entry = [string, string[]];

const BATCH = '512';

/** XREAD's reply: `[[key, entries]]` in RESP2, `{ key: entries }` when the client maps it. */
type XReadReply = [string, Entry[]][] | Record<string, Entry[]> | null;

function entriesOf(reply: Exclude<XReadReply, null>): Entry[] {
  if (Array.isArray(reply)) return reply[0]?.[1] ?? [];
  return Object.values(reply)[0] ?? [];
}

/** Replays after `after`, then follows live until the terminal entry. @internal */
export function readRedisStream(init: RedisReadInit): Observable<StoredEvent> {
  const { client, streamId, keys, after } = init;
  return new Observable<StoredEvent>((subscriber) => {
    checkSeq('after', after);
    let closed = false;
    let reader: RedisConnection | undefined;
    let next = after + 1;
    let lastId = `${after}-0`;

    /** Delivers entries; true once the stream has ended (the subscriber is then settled). */
    const deliver = async (entries: Entry[]): Promise<boolean> => {
      for (const [id, fields] of entries) {
        if (closed) return true;
        const [seqText, part] = id.split('-');
        const seq = Number(seqText);
        if (part === '0') {
          if (seq !== next) {
            subscriber.error(trimmedError(streamId, next - 1, seq));
            return true;
          }
          subscriber.next({ seq, data: fields[1] ?? '' });
          next++;
          lastId = id;
          continue;
        }
        const info = await init.info();
        const error = info && endError(streamId, info.status, info.error);
        if (error) subscriber.error(error);
        else subscriber.complete();
        return true;
      }
      return false;
    };

    const run = async (): Promise<void> => {
      const known = await init.info();
      if (known === undefined) return subscriber.complete();
      for (;;) {
        const entries = (await init.retry(() =>
          client.sendCommand(['XRANGE', keys.events, `(${lastId}`, '+', 'COUNT', BATCH]),
        )) as Entry[];
        if (closed || (await deliver(entries))) return;
        if (entries.length < Number(BATCH)) break;
      }
      const own = client.duplicate();
      reader = own;
      own.on('error', () => undefined); // reconnects by itself; the XREAD below is retried
      await own.connect();
      while (!closed) {
        // After an unsubscribe (which destroys the connection) a retry ends the loop.
        const reply = (await init.retry(async () =>
          closed
            ? null
            : own.sendCommand([
                'XREAD',
                'COUNT',
                BATCH,
                'BLOCK',
                String(init.blockMs),
                'STREAMS',
                keys.events,
                lastId,
              ]),
        )) as XReadReply;
        if (closed) return;
        if (reply === null) {
          // Nothing for blockMs: the status check marks a stream whose lease lapsed as failed,
          // which writes its terminal entry (read on the next turn).
          const info = await init.info();
          if (info === undefined) return subscriber.error(goneError(streamId));
          continue;
        }
        if (await deliver(entriesOf(reply))) return;
      }
    };

    run().catch((error: unknown) => {
      if (!closed) subscriber.error(toRxRunnablesError(error, 'STORE_UNAVAILABLE', { streamId }));
    });
    return () => {
      closed = true;
      reader?.destroy();
    };
  });
}
