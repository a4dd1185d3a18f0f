import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { ChatOpenAI } from '@langchain/openai';
import type { AIMessageChunk as LangChainChunk } from '@langchain/core/messages';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoChatModel } from '../../src/models';
import type { DemoScriptStep } from '../../src/models';
import { createRun, toChatCompletionChunks, toChatCompletionsSSE } from '../../src/runs';
import type { RunTool } from '../../src/runs';
import { pipeToNodeResponse } from '../../src/transport';

const weather: RunTool = { name: 'weather', execute: ({ city }) => `Sunny in ${String(city)}` };
const lookup: RunTool = { name: 'lookup' };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A Chat Completions endpoint answering every request with a run of `script`. */
async function serve(script: DemoScriptStep[]): Promise<ChatOpenAI> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const run = createRun({
        model: new DemoChatModel({ script }),
        tools: [weather, lookup],
        messages: 'x',
      });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      void pipeToNodeResponse(toChatCompletionsSSE(run), res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: 'test',
    maxRetries: 0,
    configuration: { baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` },
  });
}

async function streamAll(client: ChatOpenAI): Promise<LangChainChunk> {
  let total: LangChainChunk | undefined;
  for await (const chunk of await client.stream('hi')) {
    total = total === undefined ? chunk : total.concat(chunk);
  }
  if (total === undefined) throw new Error('no chunk');
  return total;
}

describe('a run as Chat Completions chunks, read by the real ChatOpenAI', () => {
  it('server-side tools stay on the server: the client gets the text and the usage', async () => {
    const client = await serve([
      { content: 'Checking.', toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] },
      ' Sunny.',
    ]);
    const total = await streamAll(client);
    expect(total.text).toBe('Checking. Sunny.');
    expect(total.tool_calls).toEqual([]);
    // The demo model's counts over both calls: (1 word + 1 call + 2 argument pieces) + 1 word.
    expect(total.usage_metadata).toMatchObject({ output_tokens: 5 });
    expect(total.response_metadata.finish_reason).toBe('stop');
  });

  it('a manual tool pauses the run: the client gets tool_calls and finish_reason tool_calls', async () => {
    const client = await serve([
      { toolCalls: [{ name: 'lookup', args: { id: 7, tags: ['a', 'b'] } }] },
    ]);
    const total = await streamAll(client);
    expect(total.tool_calls).toMatchObject([
      { name: 'lookup', args: { id: 7, tags: ['a', 'b'] }, id: 'call_0_0' },
    ]);
    expect(total.response_metadata.finish_reason).toBe('tool_calls');
  });

  it('a failed run: the client throws the error after the text it got', async () => {
    const client = await serve([{ content: 'Half', error: 'upstream reset' }]);
    const texts: string[] = [];
    const reading = (async () => {
      for await (const chunk of await client.stream('hi')) texts.push(chunk.text);
    })();
    await expect(reading).rejects.toThrow(/upstream reset/);
    expect(texts.join('')).toBe('Half');
  });

  it('the chunk objects: role first, content deltas, finish, usage with empty choices', async () => {
    const run = createRun({ model: new DemoChatModel({ script: ['A b'] }), messages: 'x' });
    const chunks = await lastValueFrom(toChatCompletionChunks(run).pipe(toArray()));
    expect(
      chunks.map((c) => [c.choices[0]?.delta ?? null, c.choices[0]?.finish_reason ?? null]),
    ).toEqual([
      [{ role: 'assistant', content: '' }, null],
      [{ content: 'A' }, null],
      [{ content: ' b' }, null],
      [{}, 'stop'],
      [null, null],
    ]);
    expect(chunks.at(-1)?.usage).toEqual({
      prompt_tokens: 1,
      completion_tokens: 2,
      total_tokens: 3,
    });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]?.object).toBe('chat.completion.chunk');
  });
});
