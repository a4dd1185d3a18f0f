/**
 * RedisEventStore on an ioredis client (through fromIORedis): the same contract, HTTP resume,
 * EventSource and pushed-cancel tests as on node-redis, against a real redis-server.
 */
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { RedisEventStore, fromIORedis } from '../../src/store/node';
import { eventStoreContract } from './contract';
import { eventSourceClient } from './eventsource-client';
import { pushedCancel } from './pushed-cancel';
import { resumeOverHttp } from './resume-over-http';
import { useRedis } from './redis-server';

// Started for this file; skipped (one line in the summary) or failed (in CI) without redis-server.
const redis = useRedis();
const clients: Redis[] = [];
afterAll(() => {
  for (const c of clients) c.disconnect();
});

/** A store on a fresh ioredis client of the test's redis-server. */
function store(keyPrefix = `io${Math.random()}:`, options = {}): RedisEventStore {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  clients.push(client);
  return new RedisEventStore({ client: fromIORedis(client), keyPrefix, ...options });
}

eventStoreContract('RedisEventStore (ioredis)', async (options) => store(undefined, options ?? {}));
resumeOverHttp('RedisEventStore (ioredis)', async () => store());
eventSourceClient('RedisEventStore (ioredis)', async () => store());
pushedCancel('RedisEventStore (ioredis)', async () => {
  const keyPrefix = `iopc${Math.random()}:`;
  return { producer: store(keyPrefix), other: store(keyPrefix) };
});
