import { describe, expect, it } from 'vitest';
import type { OpenAIChatModel } from '../../src/openai';
import { createRun } from '../../src/runs';
import type { AssistantStreamEvent } from '../../src/runs';
import type { ScriptedResponse } from '../../src/testing/openai-server-types';
import { useLoopbackModel } from '../support/loopback-model';
import {
  RUN_START,
  STEP_AND_RUN_FAILED,
  completedRun,
  completedToolStep,
  eventsOf,
  messageStep,
  namesOf,
  toolStep,
  weather,
} from './run-helpers';

const loopback = useLoopbackModel();

async function modelFor(responses: ScriptedResponse[]): Promise<OpenAIChatModel> {
  return (await loopback.start(responses)).model;
}

describe('runs with OpenAIChatModel through the loopback server', () => {
  it('parallel tool calls with fragments by index: events, outputs sent back, final answer', async () => {
    const model = await modelFor([
      {
        content: 'Checking',
        toolCalls: [
          { id: 'call_a', name: 'weather', args: { city: 'Oslo' } },
          { id: 'call_b', name: 'weather', args: { city: 'Rome' } },
        ],
        argsFragments: 3,
      },
      { content: 'Sunny in both.' },
    ]);
    const run = createRun({ model, tools: [weather], messages: 'Oslo and Rome?' });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual(
      completedRun(messageStep(1), completedToolStep(8), messageStep(3)),
    );
    const deltas = events.flatMap((e) =>
      e.event === 'thread.run.step.delta' ? e.data.delta.step_details.tool_calls : [],
    );
    expect(deltas.map((d) => d.index)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(
      deltas
        .filter((d) => d.index === 1)
        .map((d) => d.function.arguments)
        .join(''),
    ).toBe('{"city":"Rome"}');
    const stepDone = events.find(
      (e) => e.event === 'thread.run.step.completed' && e.data.type === 'tool_calls',
    );
    expect(stepDone?.data).toMatchObject({
      step_details: { tool_calls: [{}, { function: { parsed_arguments: { city: 'Rome' } } }] },
    });
    // The second request carried the assistant's calls and both tool results.
    const second = await loopback.server!.waitForRequest(2);
    const body = second.body as { messages: Record<string, unknown>[]; tools: unknown[] };
    expect(body.tools).toHaveLength(1);
    expect(body.messages.slice(1)).toMatchObject([
      { role: 'assistant', tool_calls: [{ id: 'call_a' }, { id: 'call_b' }] },
      { role: 'tool', tool_call_id: 'call_a', content: 'Sunny in Oslo' },
      { role: 'tool', tool_call_id: 'call_b', content: 'Sunny in Rome' },
    ]);
    expect(run.state.run.usage?.total_tokens).toBeGreaterThan(0);
    expect(run.state.run.model).toBe(model.model);
  });

  it('malformed arguments from the server fail the tool step with TOOL_ARGUMENTS', async () => {
    const model = await modelFor([
      { toolCalls: [{ id: 'call_x', name: 'weather', args: ['{"city": ', 'Oslo}'] }] },
    ]);
    const run = createRun({ model, tools: [weather], messages: 'x' });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual([...RUN_START, ...toolStep(3), ...STEP_AND_RUN_FAILED]);
    expect(events.at(-2)?.data).toMatchObject({ code: 'TOOL_ARGUMENTS' });
    expect(loopback.server!.requests).toHaveLength(1);
  });

  it('cancel during the model closes the HTTP request', async () => {
    const model = await modelFor([{ content: 'one two three four five six seven', delayMs: 30 }]);
    const run = createRun({ model, messages: 'x' });
    const events: AssistantStreamEvent[] = [];
    run.on('textDelta', () => run.cancel());
    for await (const e of run) events.push(e);
    expect(namesOf(events).slice(-4)).toEqual([
      'thread.message.incomplete',
      'thread.run.step.cancelled',
      'thread.run.cancelled',
      'done',
    ]);
    await loopback.server!.requests[0]?.connection.whenClosed;
    expect(loopback.server!.requests[0]?.connection.closed).toBe(true);
  });
});
