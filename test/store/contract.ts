/**
 * The EventStore contract, one test function run against every store (memory and Redis).
 */
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RunnableLambda } from '../../src/core';
import type { RxRunnablesError } from '../../src/core';
import { DemoChatModel } from '../../src/models';
import { createRun } from '../../src/runs';
import type { AssistantStreamEvent, Run } from '../../src/runs';
import { runDetached } from '../../src/store';
import type { EventStore, EventStoreOptions, StoredEvent } from '../../src/store';

export type MakeStore = (options?: EventStoreOptions) => Promise<EventStore>;

let counter = 0;
const id = (): string => `s${++counter}-${Math.random().toString(36).slice(2)}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const P = { producerId: 'p1' };

async function all(store: EventStore, streamId: string, after = 0): Promise<StoredEvent[]> {
  return lastValueFrom(store.read(streamId, { after }).pipe(toArray()));
}
async function failure(store: EventStore, streamId: string, after = 0): Promise<RxRunnablesError> {
  const seen: number[] = [];
  return new Promise((resolve, reject) => {
    store.read(streamId, { after }).subscribe({
      next: (e) => seen.push(e.seq),
      error: (e: RxRunnablesError) => resolve(Object.assign(e, { seen })),
      complete: () => reject(new Error(`completed after ${seen.join(',')}`)),
    });
  });
}

export function eventStoreContract(name: string, make: MakeStore): void {
  describe(`${name}: the EventStore contract`, () => {
    it('replays after a seq, then ends when done; a late reader gets the whole stream', async () => {
      const store = await make();
      const s = id();
      expect(await store.status(s)).toBeUndefined();
      await store.open(s, P);
      expect(await store.status(s)).toBe('active');
      for (const word of ['a', 'b', 'c']) await store.append(s, JSON.stringify(word), P);
      await store.complete(s);
      expect(await store.info(s)).toMatchObject({ status: 'done', lastSeq: 3, producerId: 'p1' });
      expect(await all(store, s)).toEqual([
        { seq: 1, data: '"a"' },
        { seq: 2, data: '"b"' },
        { seq: 3, data: '"c"' },
      ]);
      expect((await all(store, s, 2)).map((e) => e.seq)).toEqual([3]);
      expect(await all(store, s, 3)).toEqual([]);
    });

    it('follows live appends, then completes; an unknown stream completes with nothing', async () => {
      const store = await make();
      const s = id();
      await store.open(s, P);
      const got = lastValueFrom(store.read(s).pipe(toArray()));
      await sleep(30);
      for (let i = 1; i <= 5; i++) {
        await store.append(s, String(i), P);
        await sleep(5);
      }
      await store.complete(s);
      expect((await got).map((e) => Number(e.data))).toEqual([1, 2, 3, 4, 5]);
      expect(await all(store, id())).toEqual([]);
    });

    it('stores an append retried with the same seq once; refuses gaps and other producers', async () => {
      const store = await make();
      const s = id();
      await store.open(s, P);
      expect(await store.append(s, '"first"', { ...P, seq: 1 })).toBe(1);
      expect(await store.append(s, '"retry"', { ...P, seq: 1 })).toBe(1);
      expect(await store.append(s, '"two"', { ...P, seq: 2 })).toBe(2);
      const gap = await store.append(s, '"x"', { ...P, seq: 4 }).catch((e: unknown) => e);
      expect(gap).toMatchObject({ code: 'STREAM_CONFLICT' });
      const other = await store.append(s, '"x"', { producerId: 'p2' }).catch((e: unknown) => e);
      expect(other).toMatchObject({ code: 'STREAM_CONFLICT' });
      const reopen = await store.open(s, { producerId: 'p2' }).catch((e: unknown) => e);
      expect(reopen).toMatchObject({ code: 'STREAM_CONFLICT' });
      await store.complete(s);
      expect((await all(store, s)).map((e) => e.data)).toEqual(['"first"', '"two"']);
      const late = await store.append(s, '"late"', P).catch((e: unknown) => e);
      expect(late).toMatchObject({ code: 'STREAM_CONFLICT' });
      const again = await store.open(s, P).catch((e: unknown) => e);
      expect(again).toMatchObject({ code: 'STREAM_CONFLICT', details: { reason: 'already done' } });
    });

    it('a failed stream fails its readers after its events, with the producer error as cause', async () => {
      const store = await make();
      const s = id();
      await store.open(s, P);
      await store.append(s, '1', P);
      await store.fail(s, { code: 'MODEL_HTTP', message: 'upstream 500', details: {} });
      const error = await failure(store, s);
      expect(error.code).toBe('STREAM_FAILED');
      expect((error.details.cause as RxRunnablesError).code).toBe('MODEL_HTTP');
      expect((error as unknown as { seen: number[] }).seen).toEqual([1]);
      expect(await store.status(s)).toBe('failed');
    });

    it('cancel ends readers with STREAM_CANCELLED and the producer sees it at its heartbeat', async () => {
      const store = await make();
      const s = id();
      await store.open(s, P);
      expect(await store.heartbeat(s)).toBe('active');
      const error = failure(store, s);
      await sleep(20);
      await store.cancel(s);
      expect((await error).code).toBe('STREAM_CANCELLED');
      expect(await store.heartbeat(s)).toBe('cancelled');
    });

    it('a silent producer (lease lapsed) makes live readers fail, never hang', async () => {
      const store = await make({ leaseCheckMs: 50 });
      const s = id();
      await store.open(s, { ...P, leaseMs: 200 });
      await store.append(s, '1', P);
      const error = await failure(store, s);
      expect(error.code).toBe('STREAM_FAILED');
      expect(error.details.reason).toBe('lease-expired');
      expect((error as unknown as { seen: number[] }).seen).toEqual([1]);
      expect(await store.status(s)).toBe('failed');
    });

    it('heartbeats keep a slow producer alive past its lease', async () => {
      const store = await make({ leaseCheckMs: 50 });
      const s = id();
      await store.open(s, { ...P, leaseMs: 400 });
      for (let i = 0; i < 12; i++) {
        await sleep(60);
        expect(await store.heartbeat(s)).toBe('active');
      }
      await store.append(s, '1', P);
      await store.complete(s);
      expect((await all(store, s)).length).toBe(1);
    });

    it('two readers at the same moment both get every event', async () => {
      const store = await make();
      const s = id();
      await store.open(s, P);
      await store.append(s, '1', P);
      const a = all(store, s);
      const b = all(store, s);
      for (let i = 2; i <= 50; i++) await store.append(s, String(i), P);
      await store.complete(s);
      const expected = Array.from({ length: 50 }, (_, i) => i + 1);
      expect((await a).map((e) => e.seq)).toEqual(expected);
      expect((await b).map((e) => e.seq)).toEqual(expected);
    });

    it('trims to maxLength: reading trimmed events is STREAM_TRIMMED, the rest still reads', async () => {
      const store = await make({ maxLength: 10 });
      const s = id();
      await store.open(s, P);
      for (let i = 1; i <= 1000; i++) await store.append(s, String(i), P);
      await store.complete(s);
      expect((await failure(store, s, 0)).code).toBe('STREAM_TRIMMED');
      expect((await all(store, s, 995)).map((e) => e.seq)).toEqual([996, 997, 998, 999, 1000]);
    });

    it('forgets a stream ttlMs after its last write', async () => {
      const store = await make({ ttlMs: 150 });
      const s = id();
      await store.open(s, P);
      await store.append(s, '1', P);
      await store.complete(s);
      expect(await store.status(s)).toBe('done');
      await sleep(400);
      expect(await store.status(s)).toBeUndefined();
    });

    it('a bad `after` is INVALID_INPUT', async () => {
      const store = await make();
      const error = await firstValueFrom(store.read(id(), { after: -1 })).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('runDetached writes a run to the end with nobody reading; cancel stops the producer', async () => {
      const store = await make();
      const words = RunnableLambda.from(async function* (n: number) {
        for (let i = 1; i <= n; i++) yield `w${i}`;
      });
      const done = await runDetached(words, 20, { store, streamId: id() });
      expect(await done.finished).toBe('done');
      expect((await all(store, done.streamId)).map((e) => JSON.parse(e.data))).toEqual(
        Array.from({ length: 20 }, (_, i) => `w${i + 1}`),
      );

      let stopped = false;
      const endless = RunnableLambda.from(async function* (_: string) {
        try {
          for (let i = 0; ; i++) {
            await sleep(10);
            yield i;
          }
        } finally {
          stopped = true;
        }
      });
      const run = await runDetached(endless, 'x', { store, streamId: id(), heartbeatMs: 20 });
      await sleep(100);
      await store.cancel(run.streamId);
      expect(await run.finished).toBe('cancelled');
      await sleep(50);
      expect(stopped).toBe(true);
      expect(await store.status(run.streamId)).toBe('cancelled');
    });

    it('runDetached abandoned (as a crash) leaves readers failing on the lease', async () => {
      const store = await make({ leaseCheckMs: 50 });
      const endless = RunnableLambda.from(async function* (_: string) {
        for (let i = 0; ; i++) {
          await sleep(5);
          yield i;
        }
      });
      const run = await runDetached(endless, 'x', { store, streamId: id(), leaseMs: 200 });
      await sleep(50);
      run.abandon();
      expect(await run.finished).toBe('failed');
      const error = await failure(store, run.streamId);
      expect(error.details.reason).toBe('lease-expired');
    });

    it('runDetached records a failing run as failed with its typed error', async () => {
      const store = await make();
      const boom = RunnableLambda.from(async function* (_: string) {
        yield 'one';
        throw new Error('boom');
      });
      const run = await runDetached(boom, 'x', { store, streamId: id() });
      expect(await run.finished).toBe('failed');
      const error = await failure(store, run.streamId);
      expect(error.code).toBe('STREAM_FAILED');
      expect((error as unknown as { seen: number[] }).seen).toEqual([1]);
    });

    it('continue: a done stream is active again under a new producer, its seqs count on', async () => {
      const store = await make();
      const s = id();
      await store.open(s, P);
      await store.append(s, '"a"', P);
      await store.complete(s);
      const other = { producerId: 'p2' };
      await expect(store.open(s, other)).rejects.toMatchObject({ code: 'STREAM_CONFLICT' });
      const live = lastValueFrom(store.read(s, { after: 0 }).pipe(toArray()));
      expect((await live).map((e) => e.seq)).toEqual([1]);
      await store.open(s, { ...other, continue: true });
      expect(await store.info(s)).toMatchObject({ status: 'active', lastSeq: 1, producerId: 'p2' });
      const across = lastValueFrom(store.read(s, { after: 0 }).pipe(toArray()));
      expect(await store.append(s, '"b"', other)).toBe(2);
      await store.complete(s);
      expect(await across).toEqual([
        { seq: 1, data: '"a"' },
        { seq: 2, data: '"b"' },
      ]);
      const cancelled = id();
      await store.open(cancelled, P);
      await store.cancel(cancelled);
      await expect(store.open(cancelled, { ...P, continue: true })).rejects.toMatchObject({
        code: 'STREAM_CONFLICT',
      });
    });

    it('runDetached continue: a paused run and its continuation are one id space (seq = sequence)', async () => {
      const store = await make();
      const model = new DemoChatModel({
        script: [{ toolCalls: [{ name: 'lookup', args: { id: 7 } }] }, 'User 7 is Ada.'],
      });
      const tools = [{ name: 'lookup', description: 'the application answers' }];
      const detach = (run: Run, streamId: string, again: boolean) =>
        runDetached(
          RunnableLambda.from(async function* (_: string) {
            yield* run;
          }),
          '',
          { store, streamId, continue: again },
        );
      const paused = createRun({ model, tools, messages: 'Who is 7?' });
      const first = await detach(paused, id(), false);
      expect(await first.finished).toBe('done');
      const pausedAt = (await store.info(first.streamId))?.lastSeq ?? 0;
      const callId = paused.state.pending?.calls[0]?.id ?? '';
      const next = paused.submitToolOutputs([{ toolCallId: callId, output: 'Ada' }]);
      const second = await detach(next, first.streamId, true);
      expect(await second.finished).toBe('done');
      const stored = await all(store, first.streamId);
      const events = stored.map((e) => JSON.parse(e.data) as AssistantStreamEvent);
      expect(stored.map((e) => e.seq)).toEqual(events.map((e) => e.sequence));
      expect(events.filter((e) => e.event === 'thread.run.requires_action')).toHaveLength(1);
      expect(events.at(-2)?.event).toBe('thread.run.completed');
      // A reader that saw the pause's events up to the one before last gets the rest of both.
      const rest = await all(store, first.streamId, pausedAt - 1);
      expect(rest.map((e) => e.seq)).toEqual(stored.slice(pausedAt - 1).map((e) => e.seq));
    });

    it('runDetached waitUntil: the platform gets finished at once, settled when the run is stored', async () => {
      const store = await make();
      const kept: Promise<unknown>[] = [];
      const slow = RunnableLambda.from(async function* (_: string) {
        for (let i = 0; i < 5; i++) {
          await sleep(5);
          yield i;
        }
      });
      const run = await runDetached(slow, 'x', {
        store,
        streamId: id(),
        waitUntil: (p) => kept.push(p),
      });
      expect(kept).toEqual([run.finished]);
      expect(await store.status(run.streamId)).toBe('active');
      expect(await kept[0]).toBe('done');
      expect(await store.info(run.streamId)).toMatchObject({ status: 'done', lastSeq: 5 });
    });
  });
}
