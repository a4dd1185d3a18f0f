import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { DemoChatModel } from '../../src/models';
import { RunState, createRun, submitToolOutputs } from '../../src/runs';
import type { AssistantStreamEvent, RunTool } from '../../src/runs';
import { RUN_RESUME, RUN_START, eventsOf, messageStep, namesOf, toolStep } from './run-helpers';

/** A tool the application runs itself: no `execute`. */
const lookup: RunTool = {
  name: 'lookup',
  schema: { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] },
};

const deleteFile: RunTool = {
  name: 'delete_file',
  schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  needsApproval: true,
  execute: ({ path }) => `deleted ${String(path)}`,
};

function resumeInNewProcess(input: unknown): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'resume-run.ts')],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, code }));
    child.stdin.end(JSON.stringify(input));
  });
}

describe('pausing a run', () => {
  it('manual tool: requires_action with the complete call; submitToolOutputs continues on a new stream', async () => {
    const model = new DemoChatModel({
      script: [
        { toolCalls: [{ name: 'lookup', args: { id: 7 } }] },
        (messages) => `Found ${messages.at(-1)?.text ?? ''}`,
      ],
    });
    const run = createRun({ model, tools: [lookup], messages: 'Find 7' });
    const first = await eventsOf(run);
    expect(namesOf(first)).toEqual([
      ...RUN_START,
      ...toolStep(2),
      'thread.run.requires_action',
      'done',
    ]);
    const paused = first.at(-2);
    expect(paused?.data).toMatchObject({
      status: 'requires_action',
      required_action: {
        type: 'submit_tool_outputs',
        submit_tool_outputs: {
          tool_calls: [
            {
              id: 'call_0_0',
              type: 'function',
              function: { name: 'lookup', arguments: '{"id":7}' },
            },
          ],
        },
      },
    });
    const next = run.submitToolOutputs([{ toolCallId: 'call_0_0', output: { name: 'Ada' } }]);
    const second = await eventsOf(next);
    expect(namesOf(second)).toEqual([
      ...RUN_RESUME,
      'thread.run.step.completed',
      ...messageStep(2),
      'thread.run.completed',
      'done',
    ]);
    // The sequence goes on across the run's streams.
    expect(second[0]?.sequence).toBe((first.at(-1)?.sequence ?? 0) + 1);
    expect(second[2]?.data).toMatchObject({
      step_details: { tool_calls: [{ function: { output: '{"name":"Ada"}' } }] },
    });
    expect((await next.finalMessages())[0]?.content[0]?.text.value).toBe('Found {"name":"Ada"}');
    // The first run's state is untouched: it is still paused.
    expect(run.state.status).toBe('requires_action');
  });

  it('submitToolOutputs with a wrong or missing id throws RUN_STATE; a finished run cannot be resumed', async () => {
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'lookup', args: { id: 1 } }] }, 'ok'],
    });
    const run = createRun({ model, tools: [lookup], messages: 'x' });
    await run.untilDone();
    const wrong = (): unknown => run.submitToolOutputs([{ toolCallId: 'nope', output: 'x' }]);
    expect(wrong).toThrow(RxRunnablesError);
    expect(wrong).toThrow(/No paused tool call has id "nope"/);
    expect(() => run.submitToolOutputs([])).toThrow(/Missing outputs for tool calls call_0_0/);
    expect(() => run.approve('call_0_0')).toThrow(/waits for tool outputs/);
    const next = submitToolOutputs(run.state.toJSON(), [{ toolCallId: 'call_0_0', output: 'x' }], {
      model,
      tools: [lookup],
    });
    await next.untilDone();
    expect(next.state.status).toBe('completed');
    try {
      next.submitToolOutputs([{ toolCallId: 'call_0_0', output: 'x' }]);
      expect.unreachable();
    } catch (e) {
      expect(RxRunnablesError.isInstance(e) && e.code).toBe('RUN_STATE');
    }
  });

  it('approval: pauses with the call, serializes, and resumes in a NEW PROCESS that runs the tool', async () => {
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'delete_file', args: { path: '/tmp/a' } }] }],
    });
    const run = createRun({ model, tools: [deleteFile], messages: 'Delete /tmp/a' });
    const first = await eventsOf(run);
    expect(namesOf(first)).toEqual([
      ...RUN_START,
      ...toolStep(4),
      'thread.run.requires_action',
      'done',
    ]);
    expect(run.state.run.required_action).toMatchObject({
      type: 'tool_approval',
      tool_approval: { tool_calls: [{ id: 'call_0_0', function: { name: 'delete_file' } }] },
    });
    const serialized = JSON.parse(JSON.stringify(run.state)) as unknown;
    const { stdout, code } = await resumeInNewProcess({ state: serialized, approve: true });
    expect(code).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AssistantStreamEvent);
    expect(namesOf(events)).toEqual([
      ...RUN_RESUME,
      'thread.run.step.completed',
      ...messageStep(7),
      'thread.run.completed',
      'done',
    ]);
    expect(events[0]?.sequence).toBe((first.at(-1)?.sequence ?? 0) + 1);
    const output = events[2]?.data as {
      step_details: { tool_calls: { function: { output: string } }[] };
    };
    const toolOutput = output.step_details.tool_calls[0]?.function.output ?? '';
    expect(toolOutput).toMatch(/^deleted \/tmp\/a in process \d+$/);
    expect(toolOutput).not.toContain(`process ${process.pid}`);
    const done = events.at(-2)?.data as { id: string; thread_id: string; status: string };
    expect(done).toMatchObject({ id: run.state.run.id, thread_id: run.state.run.thread_id });
  }, 60_000);

  it('rejection in a new process: the tool does not run and the model hears the reason', async () => {
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'delete_file', args: { path: '/tmp/b' } }] }],
    });
    const run = createRun({ model, tools: [deleteFile], messages: 'Delete /tmp/b' });
    await run.untilDone();
    const { stdout } = await resumeInNewProcess({ state: run.state.toJSON(), approve: false });
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AssistantStreamEvent);
    const text = events
      .flatMap((e) =>
        e.event === 'thread.message.delta' ? [e.data.delta.content[0]?.text.value] : [],
      )
      .join('');
    expect(text).toBe('Tool said: Rejected by the user: no');
  }, 60_000);

  it('run.approve / run.reject in process; undecided calls pause the new run again', async () => {
    const model = new DemoChatModel({
      script: [
        {
          toolCalls: [
            { name: 'delete_file', args: { path: '/a' } },
            { name: 'delete_file', args: { path: '/b' } },
          ],
        },
        (messages) =>
          messages
            .filter((m) => m.type === 'tool')
            .map((m) => m.text)
            .join(' | '),
      ],
    });
    const run = createRun({ model, tools: [deleteFile], messages: 'Delete both' });
    await run.untilDone();
    const half = run.approve('call_0_0');
    const halfEvents = await eventsOf(half);
    expect(namesOf(halfEvents)).toEqual([...RUN_RESUME, 'thread.run.requires_action', 'done']);
    expect(half.state.run.required_action).toMatchObject({
      tool_approval: { tool_calls: [{ id: 'call_0_1' }] },
    });
    const last = half.reject('call_0_1', 'keep /b');
    await last.untilDone();
    expect((await last.finalMessages())[0]?.content[0]?.text.value).toBe(
      'deleted /a | Rejected by the user: keep /b',
    );
  });

  it('RunState.fromJSON rejects what is not a serialized state', () => {
    expect(() => RunState.fromJSON({ version: 2 })).toThrow(/Not a serialized RunState/);
  });
});
