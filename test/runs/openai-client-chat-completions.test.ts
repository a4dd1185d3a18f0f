/**
 * The Chat Completions route of docs/runs.md read by the official `openai` client (6.x),
 * unmodified: `chat.completions.stream()` / `create({ stream: true })` and
 * `finalChatCompletion()`.
 */
import { APIError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { ToolMessage } from '../../src/chunks';
import { DemoChatModel } from '../../src/models';
import type { RunTool } from '../../src/runs';
import { ORDER, orderModel, weather } from './client-tools';
import { startRouteServer, useRouteServers } from './openai-route-server';

useRouteServers();

/** A client tool: no `execute`, so the run waits for its output. */
const placeOrder: RunTool = {
  name: 'place_order',
  description: 'Places an order',
  schema: {
    type: 'object',
    properties: { items: { type: 'array' }, address: { type: 'object' } },
    required: ['items', 'address'],
  },
};

describe('Chat Completions chunks read by openai 6 (chat.completions)', () => {
  it('text: stream() deltas add up to finalChatCompletion(), with usage and finish_reason stop', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: ['Hello from the run.'] }),
    });
    const stream = server.client.chat.completions.stream({
      model: 'demo',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const deltas: string[] = [];
    stream.on('content', (delta) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Hello from the run.',
    });
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(deltas.join('')).toBe('Hello from the run.');
    expect(deltas.length).toBeGreaterThan(1);
    expect(final.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('create({ stream: true }): chunks iterate, the text adds up, [DONE] ends the loop', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: ['One two three.'] }),
    });
    const stream = await server.client.chat.completions.create({
      model: 'demo',
      messages: [{ role: 'user', content: 'Count' }],
      stream: true,
    });
    let text = '';
    const finishes: (string | null)[] = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0] !== undefined) finishes.push(chunk.choices[0].finish_reason);
    }
    expect(text).toBe('One two three.');
    expect(finishes.at(-1)).toBe('stop');
  });

  it('a server tool and a client tool in one step: only the awaited call reaches the client, nested arguments intact; answering it continues the run', async () => {
    const model = orderModel('Ordered; sunny in Oslo.');
    const server = await startRouteServer({ model, tools: [weather, placeOrder] });
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Order and weather' }];
    const first = await server.client.chat.completions
      .stream({ model: 'demo', messages })
      .finalChatCompletion();
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const calls = choice?.message.tool_calls ?? [];
    // The run executes `weather` itself: the client sees only the call the run waits on.
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('place_order');
    expect(call?.id).toBe('call_o');
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '')).toEqual(ORDER);
    expect(server.runs[0]?.state.status).toBe('requires_action');

    // The client answers the call as it would answer OpenAI; the server continues the run.
    const second = await server.client.chat.completions
      .stream({
        model: 'demo',
        messages: [
          ...messages,
          choice?.message as ChatCompletionMessageParam,
          { role: 'tool', tool_call_id: 'call_o', content: 'order 42 placed' },
        ],
      })
      .finalChatCompletion();
    expect(second.choices[0]?.message.content).toBe('Ordered; sunny in Oslo.');
    expect(second.choices[0]?.finish_reason).toBe('stop');
    const continued = server.runs[1];
    expect(continued?.state.status).toBe('completed');
    const results = continued?.state.messages
      .filter((m) => m instanceof ToolMessage)
      .map((m) => [m.toolCallId, m.text]);
    expect(results).toEqual([
      ['call_w', 'Sunny in Oslo'],
      ['call_o', 'order 42 placed'],
    ]);
  });

  it('a failed run: the client throws an APIError with the code after the text it got', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: [{ content: 'Partial answer', error: 'model broke' }] }),
    });
    const stream = server.client.chat.completions.stream({
      model: 'demo',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    let text = '';
    stream.on('content', (delta) => (text += delta));
    const error = await stream.finalChatCompletion().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('model broke');
    expect((error as APIError).code).toBe('GENERATION');
    expect(text).toBe('Partial answer');
  });

  it('the client aborting the stream cancels the run on the server', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: ['a b c d e f g h i j k l'], tokenDelayMs: 20 }),
    });
    const stream = server.client.chat.completions.stream({
      model: 'demo',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    stream.on('content', () => stream.abort());
    await stream.done().catch(() => undefined);
    expect(stream.aborted).toBe(true);
    const run = server.runs[0];
    await run?.untilDone();
    expect(run?.state.status).toBe('cancelled');
  });
});
