import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ChatOpenAI } from '@langchain/openai';
import type { AIMessageChunk as LangChainChunk } from '@langchain/core/messages';
import { lastValueFrom, reduce, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AIMessageChunk } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { DemoChatModel } from '../../src/models';
import { createRun, fromResponsesEvents, toResponsesEvents } from '../../src/runs';
import type { ResponseStreamEvent, RunTool } from '../../src/runs';
import { encodeSSE, pipeToNodeResponse } from '../../src/transport';
import { responsesTextItem } from './run-helpers';

const weather: RunTool = {
  name: 'weather',
  schema: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${String(city)}`,
};

const events = (run: ReturnType<typeof createRun>): Promise<ResponseStreamEvent[]> =>
  lastValueFrom(toResponsesEvents(run).pipe(toArray()));

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('toResponsesEvents', () => {
  it('text only: the exact Responses event order, sequence_number from 0', async () => {
    const list = await events(
      createRun({ model: new DemoChatModel({ script: ['Hi there'] }), messages: 'x' }),
    );
    expect(list.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      ...responsesTextItem(2),
      'response.completed',
    ]);
    expect(list.map((e) => e.sequence_number)).toEqual(list.map((_, i) => i));
    expect(list.at(-1)).toMatchObject({
      response: {
        object: 'response',
        status: 'completed',
        output: [{ type: 'message', status: 'completed', content: [{ text: 'Hi there' }] }],
        usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 },
      },
    });
  });

  it('parallel tool calls: function_call items with argument deltas, outputs, then the answer', async () => {
    const model = new DemoChatModel({
      script: [
        {
          toolCalls: [
            { name: 'weather', args: { city: 'Oslo' } },
            { name: 'weather', args: { city: 'Rome' } },
          ],
        },
        'Both sunny.',
      ],
    });
    const list = await events(createRun({ model, tools: [weather], messages: 'x' }));
    expect(list.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.done',
      ...responsesTextItem(2),
      'response.completed',
    ]);
    const done = list.filter((e) => e.type === 'response.function_call_arguments.done');
    expect(done).toMatchObject([
      { item_id: 'fc_call_0_0', output_index: 0, name: 'weather', arguments: '{"city":"Oslo"}' },
      { item_id: 'fc_call_0_1', output_index: 1, name: 'weather', arguments: '{"city":"Rome"}' },
    ]);
    const final = list.at(-1);
    expect(
      final?.type === 'response.completed' && final.response.output.map((i) => i.type),
    ).toEqual([
      'function_call',
      'function_call',
      'function_call_output',
      'function_call_output',
      'message',
    ]);
  });

  it('a failed run: response.failed then error; maxSteps: response.incomplete', async () => {
    const failing = await events(
      createRun({ model: new DemoChatModel({ script: [{ error: 'boom' }] }), messages: 'x' }),
    );
    expect(failing.slice(-2)).toMatchObject([
      {
        type: 'response.failed',
        response: { status: 'failed', error: { code: 'GENERATION', message: 'boom' } },
      },
      { type: 'error', code: 'GENERATION', message: 'boom' },
    ]);
    const looping = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'weather', args: { city: 'A' } }] }],
    });
    const incomplete = await events(
      createRun({ model: looping, tools: [weather], messages: 'x', maxSteps: 1 }),
    );
    expect(incomplete.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_steps' } },
    });
  });
});

describe('fromResponsesEvents', () => {
  it('reads our events back into chunks that add up to the text and the tool calls', async () => {
    const model = new DemoChatModel({
      script: [{ content: 'Let me look.', toolCalls: [{ name: 'lookup', args: { id: 7 } }] }],
    });
    const run = createRun({ model, tools: [{ name: 'lookup' }], messages: 'x' });
    const total = await lastValueFrom(
      fromResponsesEvents(toResponsesEvents(run)).pipe(reduce((a, c) => a.concat(c))),
    );
    expect(total.text).toBe('Let me look.');
    expect(total.toolCalls).toEqual([
      { id: 'call_0_0', name: 'lookup', args: { id: 7 }, type: 'tool_call' },
    ]);
    expect(total.responseMetadata.finish_reason).toBe('tool_calls');
  });

  it('a failed response and a value that is not an event are typed errors', async () => {
    const failed = lastValueFrom(
      fromResponsesEvents([
        {
          type: 'response.output_text.delta',
          item_id: 'm',
          output_index: 0,
          content_index: 0,
          delta: 'a',
          logprobs: [],
          sequence_number: 0,
        },
        {
          type: 'error',
          code: 'rate_limit',
          message: 'slow down',
          param: null,
          sequence_number: 1,
        },
      ]),
    );
    await expect(failed).rejects.toMatchObject({
      code: 'GENERATION',
      message: 'slow down',
      details: { responseCode: 'rate_limit' },
    });
    const seen: AIMessageChunk[] = [];
    const bad = new Promise((resolve, reject) =>
      fromResponsesEvents([
        {
          type: 'response.output_text.delta',
          item_id: 'm',
          output_index: 0,
          content_index: 0,
          delta: 'kept',
          logprobs: [],
          sequence_number: 0,
        },
        42,
      ]).subscribe({
        next: (c) => seen.push(c),
        error: reject,
        complete: () => resolve(undefined),
      }),
    );
    const error = await bad.catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error) && [error.code, error.details.position]).toEqual([
      'INVALID_INPUT',
      1,
    ]);
    expect(seen.map((c) => c.text)).toEqual(['kept']);
  });

  it('the real ChatOpenAI client (useResponsesApi) reads our Responses SSE stream', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const model = new DemoChatModel({
          script: [
            { content: 'Checking.', toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] },
          ],
        });
        const run = createRun({ model, tools: [{ name: 'weather' }], messages: 'x' });
        void pipeToNodeResponse(
          encodeSSE(toResponsesEvents(run), { event: (e) => e.type, serialize: JSON.stringify }),
          res,
        );
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'test',
      useResponsesApi: true,
      maxRetries: 0,
      configuration: { baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` },
    });
    let total: LangChainChunk | undefined;
    for await (const chunk of await client.stream('Weather in Oslo?')) {
      total = total === undefined ? chunk : total.concat(chunk);
    }
    expect(total?.text).toBe('Checking.');
    expect(total?.tool_calls).toMatchObject([
      { name: 'weather', args: { city: 'Oslo' }, id: 'call_0_0' },
    ]);
  });
});
