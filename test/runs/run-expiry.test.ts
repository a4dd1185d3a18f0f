import { Observable, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { AIMessageChunk } from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { ChatModel, DemoChatModel } from '../../src/models';
import type { ChatModelCallContext } from '../../src/models';
import { RunState, createRun, submitToolOutputs, toResponsesEvents } from '../../src/runs';
import type { RunTool } from '../../src/runs';
import { RUN_START, activeTimers, eventsOf, namesOf, toolStep } from './run-helpers';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Answers its first words at once, then nothing until its request is aborted. */
class StallingModel extends ChatModel {
  readonly signals: AbortSignal[] = [];
  protected streamMessages(
    _: BaseMessage[],
    ctx: ChatModelCallContext,
  ): Observable<AIMessageChunk> {
    this.signals.push(ctx.signal);
    return new Observable<AIMessageChunk>((subscriber) => {
      subscriber.next(new AIMessageChunk('one '));
      subscriber.next(new AIMessageChunk('two '));
    });
  }
}

describe('a run past expiresAfterMs (the Assistants expires_at)', () => {
  it('expires during the model: the request aborted, the message incomplete, the step and run expired; no timer left', async () => {
    const before = activeTimers();
    const model = new StallingModel();
    const run = createRun({ model, messages: 'Count', expiresAfterMs: 100 });
    expect(run.state.run.expires_at).toBe(Math.ceil((run.state.expiresAtMs ?? 0) / 1000));
    const events = await eventsOf(run);
    const names = namesOf(events);
    expect(names.slice(0, RUN_START.length)).toEqual(RUN_START);
    expect(names.slice(-4)).toEqual([
      'thread.message.incomplete',
      'thread.run.step.expired',
      'thread.run.expired',
      'done',
    ]);
    expect(names).toContain('thread.message.delta');
    expect(run.state.messageObjects[0]?.content).toMatchObject([
      { type: 'text', text: { value: 'one two ' } },
    ]);
    expect(model.signals[0]?.aborted).toBe(true);
    expect(run.state.run).toMatchObject({ status: 'expired', completed_at: null });
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });

  it('expires during a tool: the tool signal aborts with a TIMEOUT reason, the tool step expires', async () => {
    let toolSignal: AbortSignal | undefined;
    const slow: RunTool = {
      name: 'slow',
      execute: (_args, { signal }) => {
        toolSignal = signal;
        return new Promise(() => undefined); // never settles by itself
      },
    };
    const model = new DemoChatModel({ script: [{ toolCalls: [{ name: 'slow', args: {} }] }] });
    const run = createRun({ model, tools: [slow], messages: 'Go', expiresAfterMs: 200 });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual([
      ...RUN_START,
      ...toolStep(2),
      'thread.run.step.expired',
      'thread.run.expired',
      'done',
    ]);
    expect(toolSignal?.aborted).toBe(true);
    expect(RxRunnablesError.isInstance(toolSignal?.reason) && toolSignal.reason.code).toBe(
      'TIMEOUT',
    );
  });

  it('paused past its deadline: continuing it ends expired without calling the model again', async () => {
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'manual', args: {} }] }, 'Never said.'],
    });
    const run = createRun({
      model,
      tools: [{ name: 'manual' }],
      messages: 'Go',
      expiresAfterMs: 30,
    });
    await run.untilDone();
    expect(run.state.status).toBe('requires_action');
    const saved = JSON.parse(JSON.stringify(run.state)) as unknown;
    await sleep(50);
    const callId = run.state.pending?.calls[0]?.id ?? '';
    const late = submitToolOutputs(
      RunState.fromJSON(saved),
      [{ toolCallId: callId, output: 'ok' }],
      {
        model,
        tools: [{ name: 'manual' }],
      },
    );
    const events = await eventsOf(late);
    expect(namesOf(events)).toEqual(['thread.run.step.expired', 'thread.run.expired', 'done']);
    expect(late.state.run).toMatchObject({ status: 'expired', required_action: null });
    expect(model.callCount).toBe(1);
  });

  it('continued in time: the deadline travels with the saved state, the run completes, its deadline timer is cleared', async () => {
    const before = activeTimers();
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'manual', args: {} }] }, 'Done.'],
    });
    const run = createRun({
      model,
      tools: [{ name: 'manual' }],
      messages: 'Go',
      expiresAfterMs: 60_000,
    });
    await run.untilDone();
    const saved = RunState.fromJSON(JSON.parse(JSON.stringify(run.state)) as unknown);
    expect(saved.expiresAtMs).toBe(run.state.expiresAtMs);
    const callId = run.state.pending?.calls[0]?.id ?? '';
    const next = submitToolOutputs(saved, [{ toolCallId: callId, output: 'ok' }], {
      model,
      tools: [{ name: 'manual' }],
    });
    const events = await eventsOf(next);
    expect(namesOf(events).slice(-2)).toEqual(['thread.run.completed', 'done']);
    expect(activeTimers()).toBe(before);
  });

  it('the Responses API form ends response.incomplete with the reason expired', async () => {
    const events = await lastValueFrom(
      toResponsesEvents(
        createRun({ model: new StallingModel(), messages: 'x', expiresAfterMs: 50 }),
      ).pipe(toArray()),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'expired' } },
    });
  });

  it('expiresAfterMs must be a positive timer delay', () => {
    for (const bad of [0, -5, Number.NaN, 2 ** 31]) {
      expect(() =>
        createRun({ model: new DemoChatModel(), messages: 'x', expiresAfterMs: bad }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    }
  });
});
