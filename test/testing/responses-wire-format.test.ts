import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/runs';
import { startOpenAICompatibleServer } from '../../src/testing';
import type { OpenAICompatibleServer, ScriptedResponse } from '../../src/testing';
import { decodeSSE } from '../../src/transport';
import { responsesTextItem } from '../runs/run-helpers';

let server: OpenAICompatibleServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(reply: ScriptedResponse, body: Record<string, unknown>): Promise<Response> {
  server = await startOpenAICompatibleServer({ responses: [reply] });
  return fetch(`${server.url}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'rx-test', input: 'two words', ...body }),
  });
}

/** The SSE events of a streamed reply: the `event:` name and the parsed data. */
async function streamed(reply: ScriptedResponse) {
  const response = await post(reply, { stream: true });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events = await lastValueFrom(decodeSSE(response).pipe(toArray()));
  return events.map((e) => ({ name: e.event, data: JSON.parse(e.data) as ResponseStreamEvent }));
}

describe('POST /v1/responses', () => {
  it('streams OpenAI’s event sequence: text item, then each function call, then completed', async () => {
    const events = await streamed({
      content: ['Hi', ' there'],
      toolCalls: [{ id: 'call_x', name: 'search', args: { q: 'abc' } }],
      argsFragments: 2,
      usage: { promptTokens: 4, completionTokens: 6 },
    });
    expect(events.map((e) => e.data.type)).toEqual([
      'response.created',
      'response.in_progress',
      ...responsesTextItem(2),
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.name)).toEqual(events.map((e) => e.data.type));
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]?.data).toMatchObject({
      response: { id: 'resp_rx1', object: 'response', status: 'in_progress', model: 'rx-test' },
    });
    expect(events[9]?.data).toMatchObject({
      output_index: 1,
      item: { type: 'function_call', call_id: 'call_x', name: 'search', arguments: '' },
    });
    expect(
      events
        .slice(10, 12)
        .map((e) => (e.data as { delta: string }).delta)
        .join(''),
    ).toBe('{"q":"abc"}');
    expect(events.at(-1)?.data).toMatchObject({
      response: {
        status: 'completed',
        output: [
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Hi there' }],
          },
          { type: 'function_call', call_id: 'call_x', arguments: '{"q":"abc"}' },
        ],
        usage: { input_tokens: 4, output_tokens: 6, total_tokens: 10 },
      },
    });
  });

  it('without stream: one response object', async () => {
    const response = await post({ content: 'Plain.' }, {});
    expect(await response.json()).toMatchObject({
      id: 'resp_rx1',
      object: 'response',
      status: 'completed',
      output: [{ type: 'message', content: [{ text: 'Plain.' }] }],
      usage: { input_tokens: 2, output_tokens: 1, total_tokens: 3 },
    });
  });

  it('no-terminator: every item event, no response.completed', async () => {
    const events = await streamed({ content: ['a', 'b'], fail: 'no-terminator' });
    expect(events.map((e) => e.data.type)).not.toContain('response.completed');
    expect(events.at(-1)?.data.type).toBe('response.output_item.done');
  });

  it('shares the reply queue with /v1/chat/completions', async () => {
    server = await startOpenAICompatibleServer({
      responses: [{ content: 'first' }, { content: 'second' }],
    });
    const chat = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
    });
    const responses = await fetch(`${server.url}/responses`, {
      method: 'POST',
      body: JSON.stringify({ input: 'x' }),
    });
    expect(await chat.json()).toMatchObject({ choices: [{ message: { content: 'first' } }] });
    expect(await responses.json()).toMatchObject({ id: 'resp_rx2', output: [{ type: 'message' }] });
  });
});
