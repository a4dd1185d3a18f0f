/**
 * Pushed cancels for RedisEventStore: one shared pub/sub connection per store, subscribed to the
 * channel of each stream a producer of this instance is writing.
 * @module
 */
import { Observable } from 'rxjs';
import type { RedisConnection } from './redis-event-store';

type Listener = (message: string, channel: string) => void;

const noop = (): void => undefined;

/**
 * The subscriber connection of one store: opened (`client.duplicate()`) for the first watcher,
 * closed when the last one leaves, so a store holds one pub/sub connection while any of its
 * producers runs, however many. @internal
 */
export class CancelWatch {
  private connection: Promise<RedisConnection> | undefined;
  private users = 0;

  constructor(private readonly client: RedisConnection) {}

  /**
   * Emits once when a message arrives on `channel` — or, once subscribed, when `cancelled()`
   * says the cancel came before. A client without `subscribe`, or a subscriber connection that
   * fails, never emits: the producer's heartbeat still finds the cancel.
   */
  watch(channel: string, cancelled: () => Promise<boolean>): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (typeof this.client.subscribe !== 'function') return undefined;
      let closed = false;
      const listener: Listener = () => {
        if (closed) return;
        subscriber.next();
        subscriber.complete();
      };
      const subscribed = this.acquire().then(async (connection) => {
        await connection.subscribe?.(channel, listener);
        return connection;
      });
      subscribed
        .then(async () => {
          if (!closed && (await cancelled())) listener('', channel);
        })
        .catch(noop);
      return () => {
        closed = true;
        subscribed
          .then((connection) => connection.unsubscribe?.(channel, listener))
          .catch(noop)
          .finally(() => this.release());
      };
    });
  }

  private acquire(): Promise<RedisConnection> {
    this.users++;
    if (this.connection === undefined) {
      const connection = this.client.duplicate();
      connection.on('error', noop); // reconnects (and resubscribes) by itself
      const opening = connection.connect().then(() => connection);
      opening.catch(() => {
        if (this.connection === opening) this.connection = undefined;
        connection.destroy();
      });
      this.connection = opening;
    }
    return this.connection;
  }

  private release(): void {
    if (--this.users > 0) return;
    const connection = this.connection;
    this.connection = undefined;
    connection?.then((c) => c.destroy()).catch(noop);
  }
}
