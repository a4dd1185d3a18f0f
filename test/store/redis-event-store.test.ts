import { RedisEventStore } from '../../src/store/node';
import { eventStoreContract } from './contract';
import { eventSourceClient } from './eventsource-client';
import { pushedCancel } from './pushed-cancel';
import { resumeOverHttp } from './resume-over-http';
import { useRedis } from './redis-server';

// Started for this file; skipped (one line in the summary) or failed (in CI) without redis-server.
const redis = useRedis();

eventStoreContract(
  'RedisEventStore',
  async (options) => new RedisEventStore({ client: await redis.client(), ...options }),
);
resumeOverHttp(
  'RedisEventStore',
  async () =>
    new RedisEventStore({ client: await redis.client(), keyPrefix: `t${Math.random()}:` }),
);
eventSourceClient(
  'RedisEventStore',
  async () =>
    new RedisEventStore({ client: await redis.client(), keyPrefix: `es${Math.random()}:` }),
);
pushedCancel('RedisEventStore', async () => {
  // Two instances: separate clients (and stores) on one Redis.
  const keyPrefix = `pc${Math.random()}:`;
  return {
    producer: new RedisEventStore({ client: await redis.client(), keyPrefix }),
    other: new RedisEventStore({ client: await redis.client(), keyPrefix }),
  };
});
