import { describe, expect, it } from 'vitest';
import { DemoChatModel } from '../../src/models';
import { createRun } from '../../src/runs';
import {
  completedRun,
  completedToolStep,
  eventsOf,
  messageStep,
  namesOf,
  weather,
} from './run-helpers';

describe('createRun: the exact event order', () => {
  it('text only: run start, one message step, completed, done; sequences count from 1', async () => {
    const run = createRun({
      model: new DemoChatModel({ script: ['Hello there.'] }),
      messages: 'Hi',
    });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual(completedRun(messageStep(2)));
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const completed = events.at(-2);
    expect(completed?.event).toBe('thread.run.completed');
    if (completed?.event !== 'thread.run.completed') return;
    expect(completed.data).toMatchObject({
      object: 'thread.run',
      status: 'completed',
      required_action: null,
      last_error: null,
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    });
    expect(completed.data.id).toMatch(/^run_/);
    expect(completed.data.model).toBe('demo');
    expect(typeof completed.data.completed_at).toBe('number');
    const [message] = await run.finalMessages();
    expect(message?.content[0]?.text.value).toBe('Hello there.');
    expect(message?.status).toBe('completed');
  });

  it('one tool: a tool_calls step streams name and argument fragments; the finished step has the parsed value', async () => {
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] }, 'Sunny in Oslo.'],
    });
    const run = createRun({ model, tools: [weather], messages: 'Weather in Oslo?' });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual(completedRun(completedToolStep(3), messageStep(3)));
    const deltas = events.flatMap((e) =>
      e.event === 'thread.run.step.delta' ? e.data.delta.step_details.tool_calls : [],
    );
    expect(deltas.map((d) => d.function.arguments)).toEqual(['', '{"city":', '"Oslo"}']);
    // Deltas hold deltas only; the parsed value is in the finished step.
    expect(deltas.every((d) => !('parsed_arguments' in d.function))).toBe(true);
    expect(deltas[0]).toMatchObject({ index: 0, id: 'call_0_0', function: { name: 'weather' } });
    const stepDone = events.find((e) => e.event === 'thread.run.step.completed');
    expect(stepDone?.data).toMatchObject({
      type: 'tool_calls',
      status: 'completed',
      step_details: {
        tool_calls: [
          {
            id: 'call_0_0',
            function: {
              name: 'weather',
              arguments: '{"city":"Oslo"}',
              output: 'Sunny in Oslo',
              parsed_arguments: { city: 'Oslo' },
            },
          },
        ],
      },
    });
    expect(run.state.messages.map((m) => `${m.type}:${m.text}`)).toEqual([
      'human:Weather in Oslo?',
      'ai:',
      'tool:Sunny in Oslo',
      'ai:Sunny in Oslo.',
    ]);
  });

  it('parallel tools: text, then two calls in one step; both run before the next model call', async () => {
    const model = new DemoChatModel({
      script: [
        {
          content: 'Checking.',
          toolCalls: [
            { name: 'weather', args: { city: 'Oslo' } },
            { name: 'weather', args: { city: 'Rome' } },
          ],
        },
        'Sunny in both.',
      ],
    });
    const run = createRun({ model, tools: [weather], messages: 'Oslo and Rome?' });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual(
      completedRun(messageStep(1), completedToolStep(6), messageStep(3)),
    );
    const indexes = events.flatMap((e) =>
      e.event === 'thread.run.step.delta'
        ? e.data.delta.step_details.tool_calls.map((c) => c.index)
        : [],
    );
    expect(indexes).toEqual([0, 0, 0, 1, 1, 1]);
    expect(run.state.messages.filter((m) => m.type === 'tool').map((m) => m.text)).toEqual([
      'Sunny in Oslo',
      'Sunny in Rome',
    ]);
    const steps = await run.finalRunSteps();
    expect(steps.map((s) => s.type)).toEqual([
      'message_creation',
      'tool_calls',
      'message_creation',
    ]);
  });

  it('two rounds of tools: two tool steps, three model calls, usage summed', async () => {
    const model = new DemoChatModel({
      script: [
        { toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] },
        { toolCalls: [{ name: 'weather', args: { city: 'Rome' } }] },
        'Done.',
      ],
    });
    const run = createRun({ model, tools: [weather], messages: 'Go' });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual(
      completedRun(completedToolStep(3), completedToolStep(3), messageStep(1)),
    );
    expect(model.callCount).toBe(3);
    const run2 = await run.finalRun();
    expect(run2.usage?.completion_tokens).toBe(3 + 3 + 1);
  });

  it('instructions go first to the model as a system message on every call', async () => {
    const seen: string[] = [];
    const model = new DemoChatModel({
      script: [
        (messages) => {
          seen.push(messages.map((m) => m.type).join(','));
          return { toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] };
        },
        (messages) => {
          seen.push(messages.map((m) => m.type).join(','));
          return 'ok';
        },
      ],
    });
    await createRun({
      model,
      tools: [weather],
      messages: 'Hi',
      instructions: 'Be brief.',
    }).untilDone();
    expect(seen).toEqual(['system,human', 'system,human,ai,tool']);
  });
});
