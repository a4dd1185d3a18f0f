/**
 * The read side of RedisEventStore: exclusive XRANGE replay, then the live events from the
 * store's one shared blocking connection ({@link SharedStreamReader}).
 * @module
 */
import { Observable } from 'rxjs';
import { toRxRunnablesError } from '../../core/errors';
import type { StoredEvent, StreamInfo } from '../event-store';
import { checkSeq, endError, goneError, trimmedError } from '../stream-errors';
import type { RedisConnection, StreamKeys } from './redis-event-store';
import type { Entry, SharedStreamReader } from './redis-shared-read';

/** What one read needs from its store. @internal */
export interface RedisReadInit {
  client: RedisConnection;
  streamId: string;
  keys: StreamKeys;
  after: number;
  live: SharedStreamReader;
  info: () => Promise<StreamInfo | undefined>;
  retry: <T>(op: () => Promise<T>) => Promise<T>;
}

const BATCH = '512';

/** Replays after `after`, then follows live until the terminal entry. @internal */
export function readRedisStream(init: RedisReadInit): Observable<StoredEvent> {
  const { client, streamId, keys, after } = init;
  return new Observable<StoredEvent>((subscriber) => {
    checkSeq('after', after);
    let closed = false;
    let stop: (() => void) | undefined;
    let next = after + 1;
    let lastId = `${after}-0`;

    /** Delivers entries; true once the stream has ended (the subscriber is then settled). */
    const deliver = (entries: Entry[]): boolean | Promise<boolean> => {
      for (const [id, fields] of entries) {
        if (closed) return true;
        const dash = id.indexOf('-');
        const seq = Number(id.slice(0, dash));
        if (dash === id.length - 2 && id.endsWith('0')) {
          if (seq !== next) {
            subscriber.error(trimmedError(streamId, next - 1, seq));
            return true;
          }
          subscriber.next({ seq, data: fields[1] ?? '' });
          next++;
          lastId = id;
          continue;
        }
        // The terminal entry: how the stream ended is in its meta.
        return init.info().then((info) => {
          const error = info && endError(streamId, info.status, info.error);
          if (error) subscriber.error(error);
          else subscriber.complete();
          return true;
        });
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
      if (closed) return;
      stop = init.live.follow(keys.events, lastId, {
        deliver,
        idle: () => {
          // Nothing for a whole block: the status check marks a stream whose lease lapsed as
          // failed, which writes its terminal entry (read on the next turn).
          init.info().then(
            (info) => {
              if (info === undefined && !closed) subscriber.error(goneError(streamId));
            },
            (error: unknown) => {
              if (!closed) {
                subscriber.error(toRxRunnablesError(error, 'STORE_UNAVAILABLE', { streamId }));
              }
            },
          );
        },
        fail: (error) => {
          if (!closed) {
            subscriber.error(toRxRunnablesError(error, 'STORE_UNAVAILABLE', { streamId }));
          }
        },
      });
    };

    run().catch((error: unknown) => {
      if (!closed) subscriber.error(toRxRunnablesError(error, 'STORE_UNAVAILABLE', { streamId }));
    });
    return () => {
      closed = true;
      stop?.();
    };
  });
}
