/**
 * Durable runs on BullMQ: `enqueueRun` queues a run, `createRunWorker` executes queued runs in
 * worker processes (a concurrency limit each) and takes over the runs of a worker that died,
 * from their last checkpoint. BullMQ is an optional peer, loaded only by `createRunWorker`.
 * @module
 */
import { RxRunnablesError } from '../../core/errors';
import type { EventStore } from '../event-store';
import { executeDurableRun } from './durable-run';
import type { DurableRunDefinition, DurableRunResult } from './durable-run';
import { RunCheckpoints } from './run-checkpoints';
import type { RedisConnection } from './redis-event-store';

/** The data of a queued run's job. */
export interface RunJobData<In = unknown> {
  /** The run's id: the BullMQ job id and the event stream's id. */
  readonly runId: string;
  /** What the worker's `define` builds the run from (JSON). */
  readonly input: In;
}

/** What {@link enqueueRun} needs of a BullMQ `Queue` (typed structurally: this entry does not import bullmq). */
export interface RunQueueLike {
  add(
    name: string,
    data: RunJobData,
    options?: Record<string, unknown>,
  ): Promise<{ readonly id?: string | undefined }>;
}

/** Options of {@link enqueueRun}. */
export interface EnqueueRunOptions<In> {
  /** The run's id (job id and stream id): no `:`, `{` or `}`, not only digits (BullMQ's rules). */
  readonly id: string;
  /** The run's input, given to the worker's `define` (JSON). */
  readonly input: In;
  /** More BullMQ job options (`priority`, `delay`, `removeOnComplete`, …); `jobId` is `id`. */
  readonly jobOptions?: Record<string, unknown>;
}

function checkRunId(id: unknown): string {
  if (typeof id !== 'string' || id === '' || /[:{}]/.test(id) || /^\d+$/.test(id)) {
    throw new RxRunnablesError(
      'INVALID_INPUT',
      `A run id must be a non-empty string without ':', '{' or '}', not only digits: ${JSON.stringify(id)}`,
      { step: 'enqueueRun', id },
    );
  }
  return id;
}

/**
 * Queues a run on a BullMQ queue: a worker from {@link createRunWorker} runs it, writing its
 * events to the event store under `id` — serve them with `serveStream(store, id)` from any
 * instance. Queuing the same id twice while its job is kept queues it once (BullMQ's job id).
 *
 * @example
 * ```ts no-run
 * import { Queue } from 'bullmq';
 * import { enqueueRun } from 'rx-runnables/store/node';
 *
 * const queue = new Queue('runs', { connection: { host: '127.0.0.1', port: 6379 } });
 * await enqueueRun(queue, { id: 'chat-1-answer-1', input: { question: 'Weather in Oslo?' } });
 * ```
 */
export async function enqueueRun<In>(
  queue: RunQueueLike,
  options: EnqueueRunOptions<In>,
): Promise<string> {
  const runId = checkRunId(options.id);
  const job = await queue.add(
    'run',
    { runId, input: options.input },
    {
      removeOnComplete: { age: 3_600 },
      removeOnFail: { age: 86_400 },
      ...options.jobOptions,
      jobId: runId,
    },
  );
  return job.id ?? runId;
}

/** What a job's `define` is told of it. */
export interface RunJobInfo {
  readonly runId: string;
  /** 1 for the first start, 2 for the first takeover, … */
  readonly attempt: number;
}

/** Options of {@link createRunWorker}. */
export interface RunWorkerOptions<In> {
  /** The BullMQ queue's name (as given to `new Queue(name)`). */
  readonly queueName: string;
  /** BullMQ's `connection`: ioredis options, an ioredis client, or what your bullmq version takes. */
  readonly connection: unknown;
  /** Where the runs' events go (a `RedisEventStore` on the same Redis, for many instances). */
  readonly store: EventStore;
  /** Where checkpoints go: a connected node-redis client, or `fromIORedis(client)`. */
  readonly redis: RedisConnection;
  /** The run of a job: model, tools, messages, … (called again on a takeover; same model and tools). */
  readonly define: (
    input: In,
    job: RunJobInfo,
  ) => DurableRunDefinition | Promise<DurableRunDefinition>;
  /** Runs one worker executes at once (default 10). */
  readonly concurrency?: number;
  /** BullMQ's `lockDuration`: a job whose worker stops renewing its lock this long is stalled (default 30 000). */
  readonly lockDurationMs?: number;
  /** BullMQ's `stalledInterval`: how often stalled jobs are looked for (default 30 000). */
  readonly stalledIntervalMs?: number;
  /** BullMQ's `maxStalledCount`: takeovers of one run before its job fails (default 3). */
  readonly maxStalledCount?: number;
  /**
   * The run's lease on its stream (default twice `lockDurationMs + stalledIntervalMs`): a stream
   * whose worker died reads `failed` only if no worker took it over within it.
   */
  readonly leaseMs?: number;
  /** How often the lease is renewed (default a third of `leaseMs`). */
  readonly heartbeatMs?: number;
  /**
   * The fence against a worker that lost its run while stalled, not dead: each worker confirms
   * it still holds a run at most this long before an append, and a takeover waits this long
   * (plus 250 ms) before it writes (default 1 000).
   */
  readonly fenceMs?: number;
  /** The prefix of the checkpoint keys (default `rxr:`, as the store's). */
  readonly keyPrefix?: string;
  /** How long a checkpoint is kept after its last write (default 86 400 000: a day). */
  readonly checkpointTtlMs?: number;
  /** More BullMQ `Worker` options, passed as they are. */
  readonly workerOptions?: Record<string, unknown>;
}

/** The BullMQ `Worker` as {@link RunWorker} exposes it (typed structurally). */
export interface RunWorkerLike {
  on(event: string, listener: (...args: never[]) => void): unknown;
  close(force?: boolean): Promise<void>;
  waitUntilReady(): Promise<unknown>;
}

/** A running worker of durable runs. */
export interface RunWorker {
  /** The BullMQ `Worker` (events: `completed`, `failed`, `stalled`, …). */
  readonly worker: RunWorkerLike;
  /** Stops taking jobs and waits for the running ones to end (`force`: at once, they are taken over). */
  close(force?: boolean): Promise<void>;
}

interface BullJobLike {
  readonly id?: string | undefined;
  readonly data: RunJobData;
}

interface BullMQModule {
  Worker: new (
    name: string,
    processor: (job: BullJobLike) => Promise<DurableRunResult>,
    options: Record<string, unknown>,
  ) => RunWorkerLike;
}

/** Loads bullmq; not installed: the typed `MISSING_PEER`, with the install command. */
async function loadBullMQ(): Promise<BullMQModule> {
  try {
    return (await import('bullmq')) as unknown as BullMQModule;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new RxRunnablesError(
        'MISSING_PEER',
        'createRunWorker (rx-runnables/store/node) needs bullmq (optional peer dependency): npm install bullmq',
        { step: 'createRunWorker', cause: error },
      );
    }
    throw error;
  }
}

/**
 * Starts a BullMQ worker that executes queued runs ({@link enqueueRun}), `concurrency` at once,
 * writing each run's events to `store` under its id. After each completed step — a model call
 * that called tools, each tool call, each tool step — the run's state is checkpointed in Redis
 * once the events it covers are stored. When a worker dies (`SIGKILL`, a lost machine), BullMQ
 * sees its jobs stall after `lockDurationMs` and another worker takes each over: it appends a
 * `thread.run.interrupted` event and resumes the run from its checkpoint on the same stream,
 * sequence numbers counting on, so readers resume across it with their `Last-Event-ID`; tool
 * calls whose outputs the checkpoint holds are not called again. Throws `MISSING_PEER` without
 * bullmq installed.
 *
 * @example
 * ```ts no-run
 * import { createClient } from 'redis';
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { RedisEventStore, createRunWorker } from 'rx-runnables/store/node';
 *
 * const redis = createClient({ url: process.env.REDIS_URL });
 * await redis.connect();
 * const worker = await createRunWorker<{ question: string }>({
 *   queueName: 'runs',
 *   connection: { host: '127.0.0.1', port: 6379 },
 *   store: new RedisEventStore({ client: redis }),
 *   redis,
 *   concurrency: 20,
 *   define: (input) => ({ model: new DemoChatModel(), messages: input.question }),
 * });
 * process.on('SIGTERM', () => void worker.close());
 * ```
 */
export async function createRunWorker<In>(options: RunWorkerOptions<In>): Promise<RunWorker> {
  const { Worker } = await loadBullMQ();
  const lockDurationMs = options.lockDurationMs ?? 30_000;
  const stalledIntervalMs = options.stalledIntervalMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 2 * (lockDurationMs + stalledIntervalMs);
  const checkpoints = new RunCheckpoints(
    options.redis,
    options.keyPrefix ?? 'rxr:',
    options.checkpointTtlMs ?? 86_400_000,
  );
  /** The runs this worker executes, by id: aborted when BullMQ says their lock was lost. */
  const running = new Map<string, AbortController>();
  const worker = new Worker(
    options.queueName,
    async (job) => {
      const runId = checkRunId(job.data.runId);
      const lost = new AbortController();
      running.set(runId, lost);
      return executeDurableRun({
        runId,
        store: options.store,
        checkpoints,
        define: (attempt) => options.define(job.data.input as In, { runId, attempt }),
        leaseMs,
        heartbeatMs: options.heartbeatMs,
        fenceMs: options.fenceMs ?? 1_000,
        signal: lost.signal,
      }).finally(() => running.delete(runId));
    },
    {
      ...options.workerOptions,
      connection: options.connection,
      concurrency: options.concurrency ?? 10,
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount: options.maxStalledCount ?? 3,
    },
  );
  // A worker that could not renew a job's lock (stalled, or cut off from Redis) has lost the run
  // to whichever worker takes it over: it stops writing at once.
  worker.on('lockRenewalFailed', (jobIds: string[]) => {
    for (const id of jobIds) running.get(id)?.abort();
  });
  return { worker, close: (force) => worker.close(force) };
}
