/**
 * A cancel reaches a silent producer at once, pushed by the store — not at its heartbeat (set
 * to ten minutes here): the model stalled mid-answer, or a tool that never yields. One test
 * function for every store; `make` gives the producer's store and another instance's.
 */
import { describe, expect, it } from 'vitest';
import { RunnableLambda } from '../../src/core';
import { OpenAIChatModel } from '../../src/openai';
import { runDetached } from '../../src/store';
import type { EventStore } from '../../src/store';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';

/** The producer's store and a store of another instance (the same store for one process). */
export type MakeInstances = () => Promise<{ producer: EventStore; other: EventStore }>;

const TEN_MINUTES = 600_000;
let counter = 0;
const id = (): string => `pc${++counter}-${Math.random().toString(36).slice(2)}`;

export function pushedCancel(name: string, make: MakeInstances): void {
  describe(`${name}: store.cancel reaches a silent producer at once`, () => {
    it('the model stalled mid-answer: cancel from another instance aborts its request', async () => {
      const upstream = await startOpenAICompatibleServer({
        responses: [{ content: ['Hello', ' world'], fail: 'stall', failAfterChunks: 1 }],
      });
      try {
        const { producer, other } = await make();
        const model = new OpenAIChatModel({ apiKey: 'test', baseURL: upstream.url, maxRetries: 0 });
        const streamId = id();
        const run = await runDetached(model, 'Hi', {
          store: producer,
          streamId,
          leaseMs: TEN_MINUTES * 3,
          heartbeatMs: TEN_MINUTES,
        });
        const recorded = await upstream.waitForRequest(1);
        // Wait for the first word: the model is mid-answer, then silent.
        while (((await other.info(streamId))?.lastSeq ?? 0) < 1) {
          await new Promise((r) => setTimeout(r, 5));
        }
        await other.cancel(streamId);
        expect(await run.finished).toBe('cancelled');
        await recorded.connection.whenClosed;
        expect(recorded.connection.closed).toBe(true);
      } finally {
        await upstream.close();
      }
    }, 20_000);

    it('a step that never yields again: the run stops, its store says cancelled', async () => {
      const { producer, other } = await make();
      const silent = RunnableLambda.from(async function* (_: string) {
        yield 'started';
        await new Promise(() => undefined); // a tool call that never answers
      });
      const streamId = id();
      const run = await runDetached(silent, 'x', {
        store: producer,
        streamId,
        leaseMs: TEN_MINUTES * 3,
        heartbeatMs: TEN_MINUTES,
      });
      while (((await other.info(streamId))?.lastSeq ?? 0) < 1) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await other.cancel(streamId);
      expect(await run.finished).toBe('cancelled');
      expect(await producer.status(streamId)).toBe('cancelled');
    }, 20_000);

    it('a cancel before the producer started watching still stops it', async () => {
      const { producer, other } = await make();
      const streamId = id();
      await other.open(streamId, { producerId: 'p' });
      await other.cancel(streamId);
      const watched = producer.watchCancel?.(streamId);
      expect(watched).toBeDefined();
      await new Promise<void>((resolve, reject) => {
        watched?.subscribe({ next: () => resolve(), complete: () => reject(new Error('no')) });
      });
    });
  });
}
