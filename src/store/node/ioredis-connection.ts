/**
 * fromIORedis: an ioredis client as the {@link RedisConnection} RedisEventStore takes.
 * @module
 */
import type { RedisConnection } from './redis-event-store';

type Listener = (message: string, channel: string) => void;

/**
 * What {@link fromIORedis} needs of an ioredis client (`new Redis(url)` from `ioredis` 5 or
 * later): the methods below, typed structurally so this entry does not import ioredis.
 */
export interface IORedisLike {
  call(command: string, ...args: string[]): Promise<unknown>;
  duplicate(): IORedisLike;
  connect(): Promise<unknown>;
  disconnect(): void;
  readonly status: string;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
}

/**
 * Adapts an ioredis client for `RedisEventStore`: commands through `call`, `duplicate()` for the
 * store's own blocking and subscriber connections (connected once, whether or not ioredis already
 * connects them by itself), pub/sub through ioredis' `message` event. The store treats node-redis
 * and ioredis alike; pass a node-redis client as it is.
 *
 * @example
 * ```ts no-run
 * import Redis from 'ioredis';
 * import { RedisEventStore, fromIORedis } from 'rx-runnables/store/node';
 *
 * const store = new RedisEventStore({ client: fromIORedis(new Redis(process.env.REDIS_URL ?? '')) });
 * ```
 */
export function fromIORedis(client: IORedisLike): RedisConnection {
  const listeners = new Map<string, Set<Listener>>();
  let receiving = false;
  return {
    sendCommand: ([command = '', ...args]) => client.call(command, ...args),
    duplicate: () => fromIORedis(client.duplicate()),
    async connect() {
      // ioredis connects on creation unless `lazyConnect`; connect() again would throw.
      if (client.status === 'wait' || client.status === 'end') await client.connect();
      else if (client.status !== 'ready') {
        await new Promise<void>((resolve, reject) => {
          const ready = client as unknown as {
            once(event: string, listener: (error?: Error) => void): unknown;
          };
          ready.once('ready', () => resolve());
          ready.once('end', () => reject(new Error('ioredis connection ended')));
        });
      }
    },
    destroy: () => client.disconnect(),
    on: (event, listener) => client.on(event, listener),
    async subscribe(channel, listener) {
      if (!receiving) {
        receiving = true;
        client.on('message', (from, message) => {
          for (const l of listeners.get(from) ?? []) l(message, from);
        });
      }
      let set = listeners.get(channel);
      if (set === undefined) {
        set = new Set();
        listeners.set(channel, set);
        await client.subscribe(channel);
      }
      set.add(listener);
    },
    async unsubscribe(channel, listener) {
      const set = listeners.get(channel);
      if (set === undefined) return;
      if (listener !== undefined) set.delete(listener);
      if (listener === undefined || set.size === 0) {
        listeners.delete(channel);
        await client.unsubscribe(channel);
      }
    },
  };
}
