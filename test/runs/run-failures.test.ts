import { of } from 'rxjs';
import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AIMessageChunk } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { ChatModel, DemoChatModel } from '../../src/models';
import { createRun } from '../../src/runs';
import type { RunTool } from '../../src/runs';
import {
  RUN_START,
  STEP_AND_RUN_FAILED,
  activeTimers,
  completedRun,
  completedToolStep,
  eventsOf,
  messageStep,
  namesOf,
  openMessageStep,
  toolStep,
} from './run-helpers';

/** A model whose tool call arguments are not JSON (`{"city": Oslo}`). */
class BrokenArgsModel extends ChatModel {
  protected streamMessages(): Observable<AIMessageChunk> {
    return of(
      new AIMessageChunk({
        content: '',
        toolCallChunks: [{ index: 0, id: 'call_bad', name: 'weather', args: '{"city": ' }],
      }),
      new AIMessageChunk({ content: '', toolCallChunks: [{ index: 0, args: 'Oslo}' }] }),
    );
  }
}

const weather: RunTool = {
  name: 'weather',
  schema: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${String(city)}`,
};

const oneCall = (name: string, args: Record<string, unknown> = {}) =>
  new DemoChatModel({
    script: [{ toolCalls: [{ name, args }] }, (messages) => `Tool: ${messages.at(-1)?.text ?? ''}`],
  });

describe('failures inside a run', () => {
  it('a tool that throws becomes an error tool message and the run goes on', async () => {
    const boom: RunTool = {
      name: 'boom',
      execute: () => {
        throw new Error('disk full');
      },
    };
    const run = createRun({ model: oneCall('boom'), tools: [boom], messages: 'x' });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual(completedRun(completedToolStep(2), messageStep(4)));
    const tool = run.state.messages.find((m) => m.type === 'tool');
    expect(tool?.text).toBe('Error: disk full');
    expect(tool?.toJSON()).toMatchObject({ status: 'error', toolCallId: 'call_0_0' });
  });

  it('a tool that times out: its signal aborts with TIMEOUT, the model hears it, no timer left', async () => {
    const before = activeTimers();
    let reason: unknown;
    const hang: RunTool = {
      name: 'hang',
      execute: (_args, { signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            reason = signal.reason;
            reject(new Error('gave up'));
          });
        }),
    };
    const run = createRun({
      model: oneCall('hang'),
      tools: [hang],
      messages: 'x',
      toolTimeoutMs: 20,
    });
    await run.untilDone();
    expect(run.state.status).toBe('completed');
    expect(RxRunnablesError.isInstance(reason) && reason.code).toBe('TIMEOUT');
    expect(run.state.messages.find((m) => m.type === 'tool')?.text).toBe(
      'Error: Tool hang did not finish within 20 ms',
    );
    expect(activeTimers()).toBe(before);
  });

  it('arguments that fail the zod schema become an error tool message (the tool is not called)', async () => {
    let calls = 0;
    const strict: RunTool = { ...weather, execute: () => calls++ };
    const run = createRun({
      model: oneCall('weather', { city: 3 }),
      tools: [strict],
      messages: 'x',
    });
    await run.untilDone();
    expect(calls).toBe(0);
    expect(run.state.messages.find((m) => m.type === 'tool')?.text).toMatch(
      /^Error: Invalid arguments for weather: /,
    );
  });

  it('arguments that fail a JSON Schema (missing required key) and an unknown tool', async () => {
    const jsonTool: RunTool = {
      name: 'lookup',
      schema: { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] },
      execute: () => 'found',
    };
    const model = new DemoChatModel({
      script: [
        {
          toolCalls: [
            { name: 'lookup', args: { id: 'seven' } },
            { name: 'lookup', args: {} },
            { name: 'nope', args: {} },
            { name: 'lookup', args: { id: 7 } },
          ],
        },
        'ok',
      ],
    });
    const run = createRun({ model, tools: [jsonTool], messages: 'x' });
    await run.untilDone();
    expect(run.state.messages.filter((m) => m.type === 'tool').map((m) => m.text)).toEqual([
      'Error: Invalid arguments for lookup: argument "id" must be of type "number"',
      'Error: Invalid arguments for lookup: missing required argument "id"',
      'Error: unknown tool nope',
      'found',
    ]);
  });

  it('a model that errors mid-stream: message incomplete, step failed, run failed, error, done', async () => {
    const model = new DemoChatModel({ script: [{ content: 'Half an', error: 'upstream reset' }] });
    const run = createRun({ model, messages: 'x' });
    const errors: RxRunnablesError[] = [];
    run.on('error', (e) => errors.push(e));
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual([
      ...RUN_START,
      ...openMessageStep(2),
      'thread.message.incomplete',
      ...STEP_AND_RUN_FAILED,
    ]);
    expect(events.at(-3)?.data).toMatchObject({
      status: 'failed',
      last_error: { code: 'GENERATION', message: 'upstream reset' },
    });
    expect(events.at(-2)?.data).toMatchObject({ code: 'GENERATION', message: 'upstream reset' });
    expect(errors.map((e) => e.code)).toEqual(['GENERATION']);
    // What was delivered is kept.
    expect(run.state.messageObjects[0]?.content[0]?.text.value).toBe('Half an');
  });

  it('malformed tool arguments: the tool step fails with TOOL_ARGUMENTS and the run fails cleanly', async () => {
    let called = false;
    const tool: RunTool = { ...weather, execute: () => (called = true) };
    const run = createRun({ model: new BrokenArgsModel(), tools: [tool], messages: 'x' });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual([...RUN_START, ...toolStep(2), ...STEP_AND_RUN_FAILED]);
    expect(events[5]?.data).toMatchObject({
      delta: { step_details: { tool_calls: [{ function: { arguments: '{"city": ' } }] } },
    });
    expect(events.at(-4)?.data).toMatchObject({
      type: 'tool_calls',
      status: 'failed',
      last_error: { code: 'TOOL_ARGUMENTS' },
    });
    const error = events.at(-2);
    expect(error?.data).toMatchObject({
      code: 'TOOL_ARGUMENTS',
      details: {
        step: 'weather',
        stage: 'tool-arguments',
        toolCallId: 'call_bad',
        arguments: '{"city": Oslo}',
      },
    });
    expect(called).toBe(false);
    expect(run.state.status).toBe('failed');
  });

  it('maxSteps reached: the run ends incomplete (reason max_steps) after that many model calls', async () => {
    const model = new DemoChatModel({
      script: [1, 2, 3].map(() => ({ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] })),
    });
    const run = createRun({ model, tools: [weather], messages: 'loop', maxSteps: 2 });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual([
      ...RUN_START,
      ...toolStep(3),
      'thread.run.step.completed',
      ...toolStep(3),
      'thread.run.step.completed',
      'thread.run.incomplete',
      'done',
    ]);
    expect(events.at(-2)?.data).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_steps' },
    });
    expect(model.callCount).toBe(2);
  });

  it('bad options are INVALID_CONFIG', () => {
    const model = new DemoChatModel();
    expect(() => createRun({ model, messages: 'x', maxSteps: 0 })).toThrow(/maxSteps/);
    expect(() => createRun({ model, messages: 'x', toolTimeoutMs: -1 })).toThrow(/toolTimeoutMs/);
  });
});
