/**
 * The client goes away mid-answer: the model's upstream request (OpenAIChatModel against the
 * loopback OpenAI-compatible server) must close, for Node http and for web Response serving.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIChatModel } from '../../src/openai';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';
import type { OpenAICompatibleServer } from '../../src/testing/openai-server-types';
import { encodeSSE, pipeToNodeResponse, toSSEResponse } from '../../src/transport';
import type { NodePipeOutcome } from '../../src/transport';
import { serve } from './serving-helpers';
import type { TestServer } from './serving-helpers';

let upstream: OpenAICompatibleServer | undefined;
let front: TestServer | undefined;

afterEach(async () => {
  await front?.close();
  await upstream?.close();
  front = undefined;
  upstream = undefined;
});

async function slowModel(): Promise<OpenAIChatModel> {
  // The role chunk, one word, then a minute of silence: the answer is mid-stream.
  upstream = await startOpenAICompatibleServer({
    responses: [{ content: ['Hello', ' world', '!'], delayMs: 60_000, failAfterChunks: 1 }],
  });
  return new OpenAIChatModel({ apiKey: 'test', baseURL: upstream.url, maxRetries: 0 });
}

/** Opens the front server's stream, waits for the first frame, then destroys the connection. */
function readFirstFrameThenLeave(url: string): Promise<{ firstFrame: string; leftAt: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      res.setEncoding('utf8');
      res.once('data', (chunk: string) => {
        const leftAt = performance.now();
        req.destroy();
        resolve({ firstFrame: chunk, leftAt });
      });
    });
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    req.end();
  });
}

async function measureUpstreamClose(leftAt: number): Promise<number> {
  const recorded = await (upstream as OpenAICompatibleServer).waitForRequest(1);
  await recorded.connection.whenClosed;
  expect(recorded.connection.closed).toBe(true);
  return performance.now() - leftAt;
}

describe('a client that disconnects closes the model request', () => {
  it('Node http: pipeToNodeResponse cancels the run, aborting the upstream request', async () => {
    const model = await slowModel();
    let outcome: Promise<NodePipeOutcome> | undefined;
    front = await serve((_req, res) => {
      outcome = pipeToNodeResponse(encodeSSE(model.stream('hi'), { pingIntervalMs: 0 }), res);
    });
    const { firstFrame, leftAt } = await readFirstFrameThenLeave(front.url);
    expect(firstFrame).toContain('id: 1\n');
    const ms = await measureUpstreamClose(leftAt);
    expect(await outcome).toBe('disconnected');
    console.log(`[transport] Node http: upstream closed ${ms.toFixed(1)} ms after the client left`);
  }, 20_000);

  it('web Response bridged through a Node http server: the body is cancelled, the upstream request closes', async () => {
    const model = await slowModel();
    let outcome: Promise<NodePipeOutcome> | undefined;
    front = await serve((_req, res) => {
      outcome = pipeToNodeResponse(toSSEResponse(model.stream('hi'), { pingIntervalMs: 0 }), res);
    });
    const { firstFrame, leftAt } = await readFirstFrameThenLeave(front.url);
    expect(firstFrame).toContain('id: 1\n');
    const ms = await measureUpstreamClose(leftAt);
    expect(await outcome).toBe('disconnected');
    console.log(
      `[transport] web Response over Node http: upstream closed ${ms.toFixed(1)} ms after the client left`,
    );
  }, 20_000);

  it('web Response read by its runtime: cancelling the body closes the upstream request', async () => {
    const model = await slowModel();
    const response = toSSEResponse(model.stream('hi'), { pingIntervalMs: 0 });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('id: 1\n');
    const leftAt = performance.now();
    await reader.cancel();
    const ms = await measureUpstreamClose(leftAt);
    console.log(
      `[transport] web Response cancel: upstream closed ${ms.toFixed(1)} ms after the cancel`,
    );
  }, 20_000);
});
