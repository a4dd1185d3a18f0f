/**
 * The Responses route of docs/runs.md read by the official `openai` client (6.x), unmodified:
 * `responses.stream()` with its typed events and `finalResponse()`.
 */
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { DemoChatModel } from '../../src/models';
import type { RunTool } from '../../src/runs';
import { ORDER, orderModel, weather } from './client-tools';
import { startRouteServer, useRouteServers } from './openai-route-server';

useRouteServers();

const placeOrder: RunTool = {
  name: 'place_order',
  schema: { type: 'object', properties: { items: { type: 'array' } }, required: ['items'] },
};

describe('Responses events read by openai 6 (responses.stream)', () => {
  it('text: output_text deltas with snapshots, finalResponse() with output_text and the fields OpenAI sends by default', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: ['Hello from the run.'] }),
      tools: [weather],
    });
    const stream = server.client.responses.stream({ model: 'demo', input: 'Hi' });
    const snapshots: string[] = [];
    const types: string[] = [];
    stream.on('event', (e: ResponseStreamEvent) => types.push(e.type));
    stream.on('response.output_text.delta', (e) => snapshots.push(e.snapshot));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Hello from the run.');
    expect(snapshots.at(-1)).toBe('Hello from the run.');
    expect(snapshots.length).toBeGreaterThan(1);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.status).toBe('completed');
    // What OpenAI sends for a request that sets none of them.
    expect(final).toMatchObject({
      instructions: null,
      metadata: {},
      parallel_tool_calls: true,
      temperature: 1,
      top_p: 1,
      tool_choice: 'auto',
      tools: [{ type: 'function', name: 'weather', description: 'The weather in a city' }],
    });
    expect(final.tools[0]).toHaveProperty('parameters.properties.city');
    expect(final.usage).toMatchObject({
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
    expect(final.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('a server tool and a client tool: function_call items with nested arguments and their snapshots, the server tool output, completed at the pause', async () => {
    const model = orderModel();
    const server = await startRouteServer({ model, tools: [weather, placeOrder] });
    const stream = server.client.responses.stream({ model: 'demo', input: 'Order' });
    const argSnapshots = new Map<string, string>();
    stream.on('response.function_call_arguments.delta', (e) =>
      argSnapshots.set(e.item_id, e.snapshot),
    );
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Checking.');
    const calls = final.output.filter((item) => item.type === 'function_call');
    expect(calls.map((c) => [c.call_id, c.name])).toEqual([
      ['call_w', 'weather'],
      ['call_o', 'place_order'],
    ]);
    expect(JSON.parse(calls[1]?.arguments ?? '')).toEqual(ORDER);
    expect(argSnapshots.get(calls[1]?.id ?? '')).toBe(JSON.stringify(ORDER));
    // The run executed `weather` itself: its output is in the turn, so only place_order is open.
    const outputs = final.output.filter((item) => item.type === 'function_call_output');
    expect(outputs.map((o) => [o.call_id, o.output])).toEqual([['call_w', 'Sunny in Oslo']]);
    expect(server.runs[0]?.state.status).toBe('requires_action');
    expect(server.runs[0]?.state.run.required_action).toMatchObject({
      submit_tool_outputs: { tool_calls: [{ id: 'call_o' }] },
    });
  });

  it('a failed run: response.failed carries the error, and the error event rejects finalResponse()', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: [{ content: 'Partial', error: 'model broke' }] }),
    });
    const stream = server.client.responses.stream({ model: 'demo', input: 'Hi' });
    let failed: { code: string; message: string } | null | undefined;
    let text = '';
    stream.on('response.failed', (e) => (failed = e.response.error));
    stream.on('response.output_text.delta', (e) => (text = e.snapshot));
    const error = await stream.finalResponse().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).toMatchObject({
      code: 'GENERATION',
      message: expect.stringContaining('model broke'),
    });
    expect(error).toMatchObject({ type: 'error', code: 'GENERATION' });
    expect(text).toBe('Partial');
  });

  it('the client aborting the stream cancels the run on the server', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: ['a b c d e f g h i j k l'], tokenDelayMs: 20 }),
    });
    const stream = server.client.responses.stream({ model: 'demo', input: 'Hi' });
    stream.on('response.output_text.delta', () => stream.abort());
    await stream.done().catch(() => undefined);
    expect(stream.aborted).toBe(true);
    const run = server.runs[0];
    await run?.untilDone();
    expect(run?.state.status).toBe('cancelled');
  });
});
