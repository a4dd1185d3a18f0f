/**
 * Durable runs on BullMQ, with real worker processes on a real redis-server: a worker killed with
 * SIGKILL mid-run, another takes its runs over from their last checkpoint.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { lastValueFrom, take, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ToolMessage } from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { DemoChatModel } from '../../src/models';
import { createRun, resumeRun } from '../../src/runs';
import type { RunStateData } from '../../src/runs';
import type { StoredEvent } from '../../src/store';
import { serializeForWire } from '../../src/transport';
import { RedisEventStore, enqueueRun } from '../../src/store/node';
import type { RedisConnection, RunInterruptedEvent } from '../../src/store/node';
import { answerOf } from './durable-answer';
import { checkRun, startChild } from './durable-helpers';
import type { Child } from './durable-helpers';
import { useRedis } from './redis-server';

const redis = useRedis();
const children: Child[] = [];
const queues: Queue[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
  await Promise.all(queues.splice(0).map((q) => q.close()));
});

const WORDS = 30;

async function setUp(name: string) {
  const client = await redis.client();
  const store = new RedisEventStore({ client, leaseCheckMs: 200 });
  const queue = new Queue(name, { connection: { host: '127.0.0.1', port: redis.port } });
  queues.push(queue);
  const env = {
    REDIS_URL: redis.url,
    QUEUE: name,
    ANSWER_WORDS: String(WORDS),
    TOKEN_DELAY_MS: '25',
  };
  const worker = async (extra: Record<string, string> = {}): Promise<Child> => {
    const child = await startChild('run-worker.ts', { ...env, ...extra });
    children.push(child);
    return child;
  };
  return { client, store, queue, worker };
}

/** Follows a stream live from its first event (waits for it to exist). */
async function follow(store: RedisEventStore, id: string): Promise<StoredEvent[]> {
  while ((await store.info(id)) === undefined) await new Promise((r) => setTimeout(r, 10));
  const live: Observable<StoredEvent> = store.read(id);
  return lastValueFrom(live.pipe(toArray()));
}

/** Polls `check` until it holds (the test's timeout ends a wait that never does). */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

/** Enqueues one run per id and starts following each stream; the readers end with the streams. */
async function enqueueAndFollow(
  queue: Queue,
  store: RedisEventStore,
  ids: readonly string[],
): Promise<Promise<StoredEvent[]>[]> {
  for (const id of ids) await enqueueRun(queue, { id, input: { question: `Find ${id}` } });
  return ids.map((id) => follow(store, id));
}

/** Waits until every run's answer has streamed a few words after its tool step completed. */
async function untilAnswering(store: RedisEventStore, ids: readonly string[]): Promise<void> {
  await until(async () => {
    const seqs = await Promise.all(ids.map(async (id) => (await store.info(id))?.lastSeq ?? 0));
    return seqs.every((seq) => seq > 25);
  });
}

/** The followed streams, each checked whole (every event once, the answer whole) with one interruption. */
async function expectWholeWithOneInterruption(
  ids: readonly string[],
  readers: readonly Promise<StoredEvent[]>[],
): Promise<{ id: string; stored: StoredEvent[]; check: ReturnType<typeof checkRun> }[]> {
  const streams = await Promise.all(readers);
  return ids.map((id, i) => {
    const stored = streams[i] ?? [];
    const check = checkRun(id, WORDS, stored);
    expect(check.problems, id).toEqual([]);
    expect(check.interruptions, id).toHaveLength(1);
    return { id, stored, check };
  });
}

/** How often each tool call started and ended (`HINCRBY tools:<runId>` by the tools). */
async function toolCounts(client: RedisConnection, id: string): Promise<Record<string, number>> {
  const reply = await client.sendCommand(['HGETALL', `tools:${id}`]);
  const pairs = Array.isArray(reply)
    ? (reply as string[]).flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : []))
    : Object.entries(reply as Record<string, string>);
  return Object.fromEntries(pairs.map(([k, v]) => [String(k), Number(v)]));
}

describe('createRunWorker: a worker killed mid-run', () => {
  it('SIGKILL while the answer streams: the other worker goes on from the tool step, readers see the interruption once, every event once, the answer whole, the tool called once', async () => {
    const { client, store, queue, worker } = await setUp('killed-mid-answer');
    const first = await worker();
    const ids = ['run-a', 'run-b', 'run-c', 'run-d'];
    const readers = await enqueueAndFollow(queue, store, ids);
    // Kill once every run's answer has streamed a few words after its tool step completed.
    await untilAnswering(store, ids);
    await first.kill();
    const second = await worker();
    for (const { id, stored, check } of await expectWholeWithOneInterruption(ids, readers)) {
      const interruption = check.interruptions[0] as RunInterruptedEvent;
      expect(interruption.data).toMatchObject({ reason: 'worker-lost', attempt: 2 });
      // The checkpoint it went on from: the tool step's completion (the last completed step).
      const resumedFrom = JSON.parse(
        stored[interruption.data.checkpoint_sequence - 1]?.data ?? '{}',
      ) as { event: string; data: { type: string } };
      expect(resumedFrom).toMatchObject({
        event: 'thread.run.step.completed',
        data: { type: 'tool_calls' },
      });
      // The tool ran once, on the first worker.
      expect(await toolCounts(client, id)).toEqual({
        'call_lookup:start': 1,
        'call_lookup:end': 1,
      });
      // A late reader gets the same events: every stored event once.
      const late = await lastValueFrom(store.read(id).pipe(toArray()));
      expect(late).toEqual(stored);
      expect(await store.status(id)).toBe('done');
    }
    await until(async () => (await queue.getJobCounts('completed')).completed === ids.length);
    expect(second.process.exitCode).toBe(null);
  }, 60_000);

  it('SIGKILL while a step runs two tools: the one that finished is not called again, the other is', async () => {
    const { client, store, queue, worker } = await setUp('killed-mid-tools');
    const first = await worker({ SLOW_TOOL: '1' });
    const ids = ['tools-a', 'tools-b'];
    const readers = await enqueueAndFollow(queue, store, ids);
    // `lookup` ended and its output is in the checkpoint; `slow` is still running.
    await until(async () => {
      for (const id of ids) {
        const counts = await toolCounts(client, id);
        if (counts['call_lookup:end'] !== 1 || counts['call_slow:start'] !== 1) return false;
        const saved = (await client.sendCommand(['HGET', `rxr:{${id}}:run`, 'state'])) as
          string | null;
        const state = JSON.parse(saved ?? '{}') as {
          pending?: { outputs: Record<string, unknown> };
        };
        if (state.pending?.outputs.call_lookup === undefined) return false;
      }
      return true;
    });
    await first.kill();
    for (const id of ids) await client.sendCommand(['SET', `release:${id}`, '1']);
    await worker({ SLOW_TOOL: '1' });
    for (const { id, stored } of await expectWholeWithOneInterruption(ids, readers)) {
      expect(await toolCounts(client, id)).toEqual({
        'call_lookup:start': 1,
        'call_lookup:end': 1,
        'call_slow:start': 2,
        'call_slow:end': 1,
      });
      // The step the first worker opened is the one completed after the takeover, with both outputs.
      const events = stored.map(
        (e) =>
          JSON.parse(e.data) as {
            event: string;
            data: {
              id?: string;
              step_details?: { tool_calls?: { function: { output: unknown } }[] };
            };
          },
      );
      const opened = events.find(
        (e) => e.event === 'thread.run.step.created' && e.data.step_details?.tool_calls,
      );
      const done = events.find(
        (e) => e.event === 'thread.run.step.completed' && e.data.step_details?.tool_calls,
      );
      expect(done?.data.id).toBe(opened?.data.id);
      expect(done?.data.step_details?.tool_calls?.map((c) => c.function.output)).toEqual([
        `found ${id}`,
        `slow ${id}`,
      ]);
    }
  }, 60_000);
});

describe('createRunWorker: a worker that stalls past its lock, then goes on', () => {
  it('SIGSTOP mid-answer, another worker takes over, SIGCONT: the stalled one writes nothing more; one interruption, every event once, the answer whole', async () => {
    const { client, store, queue, worker } = await setUp('stalled-worker');
    const first = await worker();
    const ids = ['stall-a', 'stall-b'];
    const readers = await enqueueAndFollow(queue, store, ids);
    await untilAnswering(store, ids);
    first.process.kill('SIGSTOP');
    await worker();
    // The other worker took both runs over (their interruptions are stored)…
    await until(async () => {
      const stored = await Promise.all(
        ids.map(async (id) => {
          const last = (await store.info(id))?.lastSeq ?? 0;
          return lastValueFrom(store.read(id).pipe(take(last), toArray()));
        }),
      );
      return stored.every((events) =>
        events.some((e) => e.data.includes('thread.run.interrupted')),
      );
    });
    // …and the stalled one wakes up with its runs half-written.
    first.process.kill('SIGCONT');
    for (const { id } of await expectWholeWithOneInterruption(ids, readers)) {
      expect(await toolCounts(client, id)).toEqual({
        'call_lookup:start': 1,
        'call_lookup:end': 1,
      });
    }
    expect(first.process.exitCode).toBe(null);
    await until(async () => (await queue.getJobCounts('completed')).completed === ids.length);
  }, 60_000);
});

describe('createRunWorker: a worker that died after storing the end of its run', () => {
  it('the run is not done again: the stream is ended as it is, the end events stored once', async () => {
    const { client, store, queue, worker } = await setUp('died-at-the-end');
    // What a worker leaves when it dies between storing `done` and marking the stream done:
    // every event stored under the run's producer, and its last checkpoint (the tool step).
    const id = 'ended-a';
    const reply = (messages: readonly BaseMessage[]) =>
      messages.at(-1) instanceof ToolMessage
        ? answerOf(id, WORDS)
        : { toolCalls: [{ id: 'call_lookup', name: 'lookup', args: {} }] };
    let saved: RunStateData | undefined;
    const run = createRun({
      model: new DemoChatModel({ script: [reply, reply] }),
      tools: [{ name: 'lookup', execute: () => `found ${id}` }],
      messages: `Find ${id}`,
      onCheckpoint: (state) => (saved = state.toJSON()),
    });
    const producerId = `run:${id}`;
    await store.open(id, { producerId, leaseMs: 30_000 });
    for await (const event of run) {
      await store.append(id, serializeForWire(event), { producerId, seq: event.sequence });
    }
    await client.sendCommand([
      'HSET',
      `rxr:{${id}}:run`,
      'epoch',
      '1',
      'state',
      JSON.stringify(saved),
    ]);
    const before = await lastValueFrom(
      store.read(id, { after: 0 }).pipe(take(run.state.sequence), toArray()),
    );

    await worker();
    await enqueueRun(queue, { id, input: { question: `Find ${id}` } });
    const stored = await lastValueFrom(store.read(id).pipe(toArray()));
    expect(stored).toEqual(before);
    expect(checkRun(id, WORDS, stored).problems).toEqual([]);
    expect(await store.status(id)).toBe('done');
    expect(await toolCounts(client, id)).toEqual({});
    await until(async () => (await queue.getJobCounts('completed')).completed === 1);
  }, 60_000);
});

describe('bad input', () => {
  it('enqueueRun: an id BullMQ or the store cannot take is INVALID_INPUT; resumeRun of a state that is not working is RUN_STATE', async () => {
    const { queue } = await setUp('bad-input');
    for (const id of ['', 'a:b', '{a}', '42']) {
      await expect(enqueueRun(queue, { id, input: {} })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        details: { step: 'enqueueRun', id },
      });
    }
    const run = createRun({ model: new DemoChatModel({ script: ['Hi.'] }), messages: 'Hi' });
    await run.untilDone();
    expect(() => resumeRun(run.state, { model: new DemoChatModel() })).toThrow(
      expect.objectContaining({
        code: 'RUN_STATE',
        details: { step: 'resumeRun', status: 'completed' },
      }),
    );
    expect(await queue.getJobCounts('wait')).toEqual({ wait: 0 });
  });
});

describe('createRunWorker without bullmq installed', () => {
  it('the Node store entry loads; createRunWorker throws the typed MISSING_PEER with the install command', async () => {
    const fixtures = join(import.meta.dirname, 'fixtures');
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      join(fixtures, 'hide-bullmq.mjs'),
      '--import',
      'tsx',
      join(fixtures, 'without-bullmq.ts'),
    ]);
    expect(JSON.parse(stdout)).toEqual({
      store: 'function',
      name: 'RxRunnablesError',
      code: 'MISSING_PEER',
      message:
        'createRunWorker (rx-runnables/store/node) needs bullmq (optional peer dependency): npm install bullmq',
      cause: 'ERR_MODULE_NOT_FOUND',
    });
  });
});
