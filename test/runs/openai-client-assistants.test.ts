/**
 * The Assistants routes of docs/runs.md read by the official `openai` client (6.x), unmodified:
 * `beta.threads.runs.stream`, `submitToolOutputsStream` and `cancel`, with `AssistantStream`'s
 * handlers and `finalRun()` / `finalMessages()` / `finalRunSteps()`.
 */
import { APIError } from 'openai';
import type { AssistantStream } from 'openai/lib/AssistantStream';
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

/** The event names an AssistantStream's `event` handler saw. */
function eventNames(stream: AssistantStream): string[] {
  const names: string[] = [];
  stream.on('event', (e) => names.push(e.event));
  return names;
}

const orderScript = (): DemoChatModel => orderModel('Ordered; sunny in Oslo.');

describe('Assistants run events read by openai 6 (beta.threads.runs)', () => {
  it('text: textCreated once, textDelta snapshots, textDone, and no done event', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: ['Hello from the run.'] }),
    });
    const stream = server.client.beta.threads.runs.stream('thread_1', { assistant_id: 'asst_1' });
    const names = eventNames(stream);
    const created: string[] = [];
    const snapshots: string[] = [];
    const done: string[] = [];
    stream
      .on('textCreated', (text) => created.push(text.value))
      .on('textDelta', (_delta, snapshot) => snapshots.push(snapshot.value))
      .on('textDone', (text) => done.push(text.value));
    const run = await stream.finalRun();
    expect(run.status).toBe('completed');
    expect(created).toHaveLength(1);
    expect(snapshots.at(-1)).toBe('Hello from the run.');
    expect(snapshots.length).toBeGreaterThan(1);
    expect(done).toEqual(['Hello from the run.']);
    expect(names).not.toContain('done');
    expect(names.at(-1)).toBe('thread.run.completed');
  });

  it('finalRun / finalMessages / finalRunSteps carry the fields OpenAI returns', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: ['Hello from the run.'] }),
      tools: [weather],
    });
    const stream = server.client.beta.threads.runs.stream('thread_1', { assistant_id: 'asst_1' });
    let completed: unknown;
    stream.on('messageDone', (m) => (completed = m));
    const run = await stream.finalRun();
    expect(run).toMatchObject({
      status: 'completed',
      thread_id: 'thread_1',
      assistant_id: 'asst_1',
      instructions: '',
      metadata: {},
      tool_choice: 'auto',
      parallel_tool_calls: true,
      response_format: 'auto',
      temperature: 1,
      top_p: 1,
      truncation_strategy: { type: 'auto', last_messages: null },
      max_prompt_tokens: null,
      max_completion_tokens: null,
    });
    expect(run.tools[0]).toMatchObject({
      type: 'function',
      function: { name: 'weather', parameters: { type: 'object', required: ['city'] } },
    });
    // finalMessages() holds the SDK's snapshots (created, then the deltas added on).
    const [message] = await stream.finalMessages();
    expect(message).toMatchObject({
      assistant_id: 'asst_1',
      attachments: [],
      metadata: {},
      incomplete_details: null,
      content: [{ type: 'text', text: { value: 'Hello from the run.', annotations: [] } }],
    });
    expect(completed).toMatchObject({ status: 'completed', completed_at: expect.any(Number) });
    const [step] = await stream.finalRunSteps();
    expect(step).toMatchObject({ assistant_id: 'asst_1', expired_at: null, metadata: {} });
  });

  it('a server tool and a client tool: tool call handlers with nested arguments intact, requires_action, then submitToolOutputsStream finishes the run', async () => {
    const server = await startRouteServer({ model: orderScript(), tools: [weather, placeOrder] });
    const stream = server.client.beta.threads.runs.stream('thread_1', { assistant_id: 'asst_1' });
    const createdCalls: string[] = [];
    const doneCalls: { id: string; name: string; arguments: string }[] = [];
    let deltas = 0;
    stream
      .on('toolCallCreated', (call) => createdCalls.push(call.id))
      .on('toolCallDelta', () => deltas++)
      .on('toolCallDone', (call) => {
        if (call.type === 'function') doneCalls.push({ id: call.id, ...call.function });
      });
    const paused = await stream.finalRun();
    expect(createdCalls).toEqual(['call_w', 'call_o']);
    expect(deltas).toBeGreaterThan(2);
    expect(doneCalls.map((c) => [c.id, c.name])).toEqual([
      ['call_w', 'weather'],
      ['call_o', 'place_order'],
    ]);
    expect(JSON.parse(doneCalls[0]?.arguments ?? '')).toEqual({ city: 'Oslo' });
    expect(JSON.parse(doneCalls[1]?.arguments ?? '')).toEqual(ORDER);
    expect(paused.status).toBe('requires_action');
    const awaited = paused.required_action?.submit_tool_outputs.tool_calls ?? [];
    expect(awaited.map((c) => c.id)).toEqual(['call_o']);
    expect(JSON.parse(awaited[0]?.function.arguments ?? '')).toEqual(ORDER);

    const next = server.client.beta.threads.runs.submitToolOutputsStream(paused.id, {
      thread_id: 'thread_1',
      tool_outputs: [{ tool_call_id: 'call_o', output: 'order 42 placed' }],
    });
    const names = eventNames(next);
    let text = '';
    next.on('textDelta', (_d, snapshot) => (text = snapshot.value));
    const final = await next.finalRun();
    expect(final.status).toBe('completed');
    expect(text).toBe('Ordered; sunny in Oslo.');
    expect(names).not.toContain('done');
    const steps = await next.finalRunSteps();
    const toolStep = steps.find((s) => s.type === 'tool_calls');
    expect(toolStep?.status).toBe('completed');
    const outputs =
      toolStep?.step_details.type === 'tool_calls'
        ? toolStep.step_details.tool_calls.map((c) =>
            c.type === 'function' ? [c.id, c.function.output] : [],
          )
        : [];
    expect(outputs).toEqual([
      ['call_w', 'Sunny in Oslo'],
      ['call_o', 'order 42 placed'],
    ]);
  });

  it('runs.cancel on a paused run cancels it: the run and its step end cancelled', async () => {
    const server = await startRouteServer({ model: orderScript(), tools: [weather, placeOrder] });
    const paused = await server.client.beta.threads.runs
      .stream('thread_1', { assistant_id: 'asst_1' })
      .finalRun();
    expect(paused.status).toBe('requires_action');
    const cancelled = await server.client.beta.threads.runs.cancel(paused.id, {
      thread_id: 'thread_1',
    });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.required_action).toBeNull();
    expect(typeof cancelled.cancelled_at).toBe('number');
    const state = server.byId.get(paused.id)?.state;
    expect(state?.steps.find((s) => s.type === 'tool_calls')?.status).toBe('cancelled');
    // A cancelled run takes no tool outputs.
    await expect(
      server.client.beta.threads.runs
        .submitToolOutputsStream(paused.id, {
          thread_id: 'thread_1',
          tool_outputs: [{ tool_call_id: 'call_o', output: 'late' }],
        })
        .finalRun(),
    ).rejects.toThrow();
  });

  it('a continuation whose signal is already aborted streams cancelling, the step cancelled, cancelled, and ends', async () => {
    const server = await startRouteServer({ model: orderScript(), tools: [weather, placeOrder] });
    const paused = await server.client.beta.threads.runs
      .stream('thread_1', { assistant_id: 'asst_1' })
      .finalRun();
    server.cancels.get(paused.id)?.abort();
    const next = server.client.beta.threads.runs.submitToolOutputsStream(paused.id, {
      thread_id: 'thread_1',
      tool_outputs: [{ tool_call_id: 'call_o', output: 'order 42 placed' }],
    });
    const names = eventNames(next);
    const final = await next.finalRun();
    expect(names).toEqual([
      'thread.run.cancelling',
      'thread.run.step.cancelled',
      'thread.run.cancelled',
    ]);
    expect(final.status).toBe('cancelled');
  });

  it('runs.cancel during the answer: the open stream gets cancelling, the message incomplete, the step cancelled, cancelled', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: ['a b c d e f g h i j k l'], tokenDelayMs: 20 }),
    });
    const stream = server.client.beta.threads.runs.stream('thread_1', { assistant_id: 'asst_1' });
    const names = eventNames(stream);
    let cancel: Promise<unknown> | undefined;
    let ended: unknown;
    stream.on('messageDone', (m) => (ended = m));
    stream.on('textDelta', () => {
      const id = stream.currentRun()?.id ?? '';
      cancel ??= server.client.beta.threads.runs.cancel(id, { thread_id: 'thread_1' });
    });
    const final = await stream.finalRun();
    expect(await cancel).toMatchObject({ status: 'cancelling' });
    expect(final.status).toBe('cancelled');
    expect(names).toContain('thread.run.cancelling');
    expect(names.slice(-3)).toEqual([
      'thread.message.incomplete',
      'thread.run.step.cancelled',
      'thread.run.cancelled',
    ]);
    expect(ended).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'run_cancelled' },
    });
  });

  it('a failed run: thread.run.failed, then the error event reaches the error handler as an APIError', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({ script: [{ content: 'Partial', error: 'model broke' }] }),
    });
    const stream = server.client.beta.threads.runs.stream('thread_1', { assistant_id: 'asst_1' });
    const names = eventNames(stream);
    let handled: unknown;
    stream.on('error', (e) => (handled = e));
    const error = await stream.finalRun().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(APIError);
    expect(handled).toBe(error);
    expect((error as APIError).code).toBe('GENERATION');
    expect((error as APIError).message).toContain('model broke');
    expect(names.at(-1)).toBe('thread.run.failed');
    expect(stream.currentRun()?.last_error).toMatchObject({ code: 'GENERATION' });
    expect(stream.currentMessageSnapshot()).toBeUndefined();
  });
});
