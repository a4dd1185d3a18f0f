/**
 * A detached run of a real model (OpenAIChatModel against the loopback OpenAI-compatible
 * server): readers leaving do not touch the upstream request; `store.cancel` aborts it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIChatModel } from '../../src/openai';
import { MemoryEventStore, runDetached } from '../../src/store';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';
import type { OpenAICompatibleServer } from '../../src/testing/openai-server-types';

let upstream: OpenAICompatibleServer | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('runDetached with a real model request', () => {
  it('survives its readers leaving; store.cancel aborts the upstream request', async () => {
    // The role chunk, one word, then silence with the connection open: the answer is mid-stream.
    upstream = await startOpenAICompatibleServer({
      responses: [{ content: ['Hello', ' world', '!'], fail: 'stall', failAfterChunks: 1 }],
    });
    const model = new OpenAIChatModel({ apiKey: 'test', baseURL: upstream.url, maxRetries: 0 });
    const store = new MemoryEventStore();
    const run = await runDetached(model, 'Hi', { store, streamId: 'c', heartbeatMs: 20 });
    const recorded = await upstream.waitForRequest(1);

    const text = await new Promise<string>((resolve) => {
      let seen = '';
      const sub = store.read('c').subscribe((event): void => {
        seen += (JSON.parse(event.data) as { content: string }).content;
        if (seen.length === 0) return;
        resolve(seen);
        queueMicrotask(() => sub.unsubscribe()); // the only reader leaves
      });
    });
    expect(text).toBe('Hello');
    await sleep(200);
    expect(recorded.connection.closed).toBe(false);
    expect(await store.status('c')).toBe('active');

    await store.cancel('c');
    expect(await run.finished).toBe('cancelled');
    await recorded.connection.whenClosed;
    expect(recorded.connection.closed).toBe(true);
  }, 30_000);
});
