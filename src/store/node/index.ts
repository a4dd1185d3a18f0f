/**
 * rx-runnables/store/node: the event store on Redis Streams (node-redis or ioredis), for several server
 * instances behind a load balancer.
 * @module
 */
export { RedisEventStore } from './redis-event-store';
export type { RedisEventStoreOptions, RedisConnection, StreamKeys } from './redis-event-store';
export { fromIORedis } from './ioredis-connection';
export type { IORedisLike } from './ioredis-connection';
export { createRunWorker, enqueueRun } from './bullmq-runs';
export type {
  EnqueueRunOptions,
  RunJobData,
  RunJobInfo,
  RunQueueLike,
  RunWorker,
  RunWorkerLike,
  RunWorkerOptions,
} from './bullmq-runs';
export { RUN_INTERRUPTED } from './durable-run';
export type { DurableRunDefinition, DurableRunEvent, RunInterruptedEvent } from './durable-run';
