import { describe, expect, it } from 'vitest';
import { DemoChatModel } from '../../src/models';
import { createRun, submitToolOutputs } from '../../src/runs';
import type { AssistantStreamEvent, Run, RunTool } from '../../src/runs';
import {
  RUN_START,
  activeTimers,
  eventsOf,
  namesOf,
  openMessageStep,
  toolStep,
} from './run-helpers';

describe('cancelling a run', () => {
  it('cancel during the model: cancelling, the message incomplete, the step cancelled, cancelled; no timer left', async () => {
    const before = activeTimers();
    const model = new DemoChatModel({ script: ['one two three four five six'], tokenDelayMs: 5 });
    const run = createRun({ model, messages: 'Count' });
    const events: AssistantStreamEvent[] = [];
    await new Promise<void>((resolve) => {
      run.subscribe({
        next: (e) => {
          events.push(e);
          if (e.event === 'thread.message.delta') run.cancel();
        },
        complete: resolve,
      });
    });
    expect(namesOf(events)).toEqual([
      ...RUN_START,
      ...openMessageStep(1),
      'thread.run.cancelling',
      'thread.message.incomplete',
      'thread.run.step.cancelled',
      'thread.run.cancelled',
      'done',
    ]);
    expect(run.state.run).toMatchObject({ status: 'cancelled' });
    expect(typeof run.state.run.cancelled_at).toBe('number');
    // The demo model's pacing timer is gone with the cancelled request.
    expect(activeTimers()).toBe(before);
  });

  it('cancel during a tool: the tool signal aborts, the tool step is cancelled', async () => {
    const before = activeTimers();
    let toolSignal: AbortSignal | undefined;
    let started!: () => void;
    const toolStarted = new Promise<void>((resolve) => (started = resolve));
    const slow: RunTool = {
      name: 'slow',
      execute: (_args, { signal }) => {
        toolSignal = signal;
        started();
        return new Promise(() => undefined); // never settles by itself
      },
    };
    const model = new DemoChatModel({ script: [{ toolCalls: [{ name: 'slow', args: {} }] }] });
    const run = createRun({ model, tools: [slow], messages: 'Go', toolTimeoutMs: 60_000 });
    const all = eventsOf(run);
    await toolStarted;
    expect(activeTimers()).toBe(before + 1); // the tool's timeout
    run.cancel();
    const events = await all;
    expect(namesOf(events)).toEqual([
      ...RUN_START,
      ...toolStep(2),
      'thread.run.cancelling',
      'thread.run.step.cancelled',
      'thread.run.cancelled',
      'done',
    ]);
    expect(toolSignal?.aborted).toBe(true);
    expect(activeTimers()).toBe(before);
  });

  it('unsubscribing (break out of for await) cancels: handlers see cancelling then cancelled', async () => {
    const model = new DemoChatModel({ script: ['a b c d e f g'], tokenDelayMs: 5 });
    const run = createRun({ model, messages: 'x' });
    const seen: string[] = [];
    let aborted = 0;
    run.on('event', (e) => seen.push(e.event)).on('abort', () => aborted++);
    for await (const e of run) if (e.event === 'thread.message.delta') break;
    await run.untilDone();
    expect(seen.slice(-5)).toEqual([
      'thread.run.cancelling',
      'thread.message.incomplete',
      'thread.run.step.cancelled',
      'thread.run.cancelled',
      'done',
    ]);
    expect(aborted).toBe(1);
    expect(run.state.status).toBe('cancelled');
  });

  it('cancel before the run starts ends it at once; its stream is the cancellation; a finished run ignores cancel', async () => {
    const model = new DemoChatModel({ script: ['hi'] });
    const run = createRun({ model, messages: 'x' });
    run.cancel();
    expect(run.state.status).toBe('cancelled');
    const seen: string[] = [];
    run.on('event', (e) => seen.push(e.event));
    const cancellation = ['thread.run.cancelling', 'thread.run.cancelled', 'done'];
    expect(namesOf(await eventsOf(run))).toEqual(cancellation);
    expect(seen).toEqual(cancellation);
    expect(run.state.status).toBe('cancelled');
    expect(model.callCount).toBe(0);
    const done = createRun({ model, messages: 'x' });
    await done.untilDone();
    done.cancel();
    expect(done.state.status).toBe('completed');
  });
});

describe('cancelling a paused run', () => {
  const lookup: RunTool = { name: 'lookup' };
  const pausedRun = async (): Promise<Run> => {
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ id: 'call_1', name: 'lookup', args: { q: 'x' } }] }, 'done'],
    });
    const run = createRun({ model, tools: [lookup], messages: 'x' });
    await run.untilDone();
    expect(run.state.status).toBe('requires_action');
    return run;
  };

  it('cancel() on a paused run cancels it: the paused step and the run end cancelled; no continuation', async () => {
    const run = await pausedRun();
    const seen: string[] = [];
    run.on('event', (e) => seen.push(e.event));
    run.cancel();
    expect(seen).toEqual([
      'thread.run.cancelling',
      'thread.run.step.cancelled',
      'thread.run.cancelled',
      'done',
    ]);
    expect(run.state.status).toBe('cancelled');
    expect(run.state.run.required_action).toBeNull();
    expect(run.state.steps.at(-1)?.status).toBe('cancelled');
    expect(() => run.submitToolOutputs([{ toolCallId: 'call_1', output: 'late' }])).toThrow(
      expect.objectContaining({ code: 'RUN_STATE' }) as Error,
    );
  });

  it('a continuation given an already-aborted signal streams cancelling, the step cancelled, cancelled, done', async () => {
    const run = await pausedRun();
    const next = submitToolOutputs(run.state, [{ toolCallId: 'call_1', output: 'found' }], {
      model: new DemoChatModel({ script: ['unused'] }),
      tools: [lookup],
      signal: AbortSignal.abort(),
    });
    expect(namesOf(await eventsOf(next))).toEqual([
      'thread.run.cancelling',
      'thread.run.step.cancelled',
      'thread.run.cancelled',
      'done',
    ]);
    expect(next.state.status).toBe('cancelled');
    expect(run.state.status).toBe('requires_action');
  });
});

describe('cancelling through a signal', () => {
  it('aborting the signal of createRun cancels the run and the listener is removed', async () => {
    const controller = new AbortController();
    let listeners = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++;
      add(...args);
    }) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    }) as typeof remove;
    const model = new DemoChatModel({ script: ['a b c d e'], tokenDelayMs: 5 });
    const run = createRun({ model, messages: 'x', signal });
    run.on('textDelta', () => controller.abort());
    const events = await eventsOf(run);
    expect(namesOf(events).slice(-3)).toEqual([
      'thread.run.step.cancelled',
      'thread.run.cancelled',
      'done',
    ]);
    expect(listeners).toBe(0);
    const done = createRun({ model: new DemoChatModel({ script: ['hi'] }), messages: 'x', signal });
    expect(done.state.status).toBe('cancelled');
  });
});
