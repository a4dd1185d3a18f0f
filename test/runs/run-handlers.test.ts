import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DemoChatModel } from '../../src/models';
import { createRun } from '../../src/runs';
import type { RunTool } from '../../src/runs';

const weather: RunTool = {
  name: 'weather',
  execute: ({ city }) => `Sunny in ${String(city)}`,
};

const script = () =>
  new DemoChatModel({
    script: [
      {
        content: 'Let me see.',
        toolCalls: [
          { name: 'weather', args: { city: 'Oslo' } },
          { name: 'weather', args: { city: 'Rome' } },
        ],
      },
      'Sunny twice.',
    ],
  });

describe('the handler API (as openai-node AssistantStream)', () => {
  it('toolCallDelta snapshots carry parsed_arguments, the partial value so far; the finished step the whole value', async () => {
    const args = { items: [{ sku: 'A-1' }, { sku: 'A-17' }], city: 'Oslo' };
    const model = new DemoChatModel({ script: [{ toolCalls: [{ name: 'order', args }] }, 'ok'] });
    const order: RunTool = { name: 'order', execute: () => 'placed' };
    const run = createRun({ model, tools: [order], messages: 'x' });
    const partial: unknown[] = [];
    run.on('toolCallDelta', (_delta, snapshot) =>
      partial.push(structuredClone(snapshot.function.parsed_arguments)),
    );
    const steps: unknown[] = [];
    run.on('runStepDone', (step) => {
      if (step.step_details.type === 'tool_calls') {
        steps.push(step.step_details.tool_calls[0]?.function.parsed_arguments);
      }
    });
    await run.untilDone();
    expect(partial.at(-1)).toEqual(args);
    expect(partial).toContainEqual({ items: [{ sku: 'A-1' }] });
    expect(steps).toEqual([args]);
  });

  it('text, message, tool-call and step handlers fire in order with their snapshots', async () => {
    const log: string[] = [];
    const run = createRun({ model: script(), tools: [weather], messages: 'x' });
    run
      .on('messageCreated', (m) => log.push(`messageCreated ${m.status}`))
      .on('textCreated', (t) => log.push(`textCreated "${t.text.value}"`))
      .on('textDelta', (d, snap) => log.push(`textDelta "${d.value}" -> "${snap.text.value}"`))
      .on('textDone', (t) => log.push(`textDone "${t.text.value}"`))
      .on('messageDone', (m) => log.push(`messageDone ${m.status}`))
      .on('toolCallCreated', (c) => log.push(`toolCallCreated ${c.id} ${c.function.name}`))
      .on('toolCallDelta', (d, snap) =>
        log.push(`toolCallDelta ${d.index} ${snap.function.arguments}`),
      )
      .on('toolCallDone', (c) => log.push(`toolCallDone ${c.id} ${c.function.arguments}`))
      .on('runStepCreated', (s) => log.push(`runStepCreated ${s.type}`))
      .on('runStepDone', (s) => log.push(`runStepDone ${s.type} ${s.status}`))
      .on('end', () => log.push('end'));
    let deltas = 0;
    run.on('runStepDelta', () => deltas++);
    await run.untilDone();
    expect(log).toEqual([
      'runStepCreated message_creation',
      'messageCreated in_progress',
      'textCreated ""',
      'textDelta "Let" -> "Let"',
      'textDelta " me" -> "Let me"',
      'textDelta " see." -> "Let me see."',
      'textDone "Let me see."',
      'messageDone completed',
      'runStepDone message_creation completed',
      'runStepCreated tool_calls',
      'toolCallCreated call_0_0 weather',
      'toolCallDelta 0 ',
      'toolCallDelta 0 {"city":',
      'toolCallDelta 0 {"city":"Oslo"}',
      'toolCallDone call_0_0 {"city":"Oslo"}',
      'toolCallCreated call_0_1 weather',
      'toolCallDelta 1 ',
      'toolCallDelta 1 {"city":',
      'toolCallDelta 1 {"city":"Rome"}',
      'toolCallDone call_0_1 {"city":"Rome"}',
      'runStepDone tool_calls completed',
      'runStepCreated message_creation',
      'messageCreated in_progress',
      'textCreated ""',
      'textDelta "Sunny" -> "Sunny"',
      'textDelta " twice." -> "Sunny twice."',
      'textDone "Sunny twice."',
      'messageDone completed',
      'runStepDone message_creation completed',
      'end',
    ]);
    expect(deltas).toBe(6);
  });

  it('textDeltas is an Observable and an async iterable of the text', async () => {
    const pushed = await lastValueFrom(
      createRun({ model: script(), tools: [weather], messages: 'x' }).textDeltas.pipe(toArray()),
    );
    expect(pushed.join('')).toBe('Let me see.Sunny twice.');
    let pulled = '';
    for await (const text of createRun({ model: script(), tools: [weather], messages: 'x' })
      .textDeltas) {
      pulled += text;
    }
    expect(pulled).toBe('Let me see.Sunny twice.');
  });

  it('finalRun, finalMessages and finalRunSteps after the stream', async () => {
    const run = createRun({ model: script(), tools: [weather], messages: 'x' });
    const final = await run.finalRun();
    expect(final.status).toBe('completed');
    expect((await run.finalMessages()).map((m) => m.content[0]?.text.value)).toEqual([
      'Let me see.',
      'Sunny twice.',
    ]);
    const steps = await run.finalRunSteps();
    expect(steps.map((s) => `${s.type}:${s.status}`)).toEqual([
      'message_creation:completed',
      'tool_calls:completed',
      'message_creation:completed',
    ]);
    expect(steps[1]?.step_details).toMatchObject({
      tool_calls: [
        { function: { output: 'Sunny in Oslo' } },
        { function: { output: 'Sunny in Rome' } },
      ],
    });
  });

  it('abort() cancels: the abort handler gets an ABORTED error, then end', async () => {
    const run = createRun({
      model: new DemoChatModel({ script: ['a b c d'], tokenDelayMs: 5 }),
      messages: 'x',
    });
    const log: string[] = [];
    run
      .on('textDelta', () => run.abort())
      .on('abort', (e) => log.push(`abort ${e.code}`))
      .on('end', () => log.push('end'));
    await run.untilDone();
    expect(log).toEqual(['abort ABORTED', 'end']);
  });
});

describe('a handler that throws', () => {
  it('does not stop the run; untilDone() rejects with CALLBACK and subscribers get the error', async () => {
    const run = createRun({ model: script(), tools: [weather], messages: 'x' });
    const seen: string[] = [];
    run.on('textDelta', () => {
      throw new Error('bug in my UI');
    });
    const subscribed = new Promise<unknown>((resolve) =>
      run.subscribe({ next: (e) => seen.push(e.event), error: resolve }),
    );
    await expect(run.untilDone()).rejects.toMatchObject({
      code: 'CALLBACK',
      details: { step: 'textDelta' },
    });
    expect(run.state.status).toBe('completed');
    expect(seen.at(-1)).toBe('done');
    expect(await subscribed).toMatchObject({ code: 'CALLBACK' });
  });
});
