/**
 * Continuing a paused run: tool outputs and approval decisions, from a live or serialized state.
 * @module
 */
import { RxRunnablesError } from '../core';
import type { ChatModel } from '../models';
import { Run } from './run';
import type { RunToolCall } from './run-objects';
import { RunState } from './run-state';
import type { RunStateData } from './run-state';
import type { EngineConfig } from './run-engine';
import { outputText } from './run-tool';
import type { RunTool } from './run-tool';

/** The output of a tool call the application ran itself. */
export interface ToolOutput {
  readonly toolCallId: string;
  /** A string, or a value sent as JSON. */
  readonly output: unknown;
  /** The tool failed (sent to the model as an error result). */
  readonly isError?: boolean;
}

/** A decision on a call marked `needsApproval`. */
export interface ToolApproval {
  readonly toolCallId: string;
  readonly approved: boolean;
  /** Why it was rejected (told to the model). */
  readonly reason?: string;
}

/** What a resumed run needs besides its state: the model and the tools (with `execute`). */
export interface ResumeRunOptions {
  readonly model: ChatModel;
  readonly tools?: readonly RunTool[];
  /** Aborting it cancels the resumed run. */
  readonly signal?: AbortSignal;
  /** Called where the resumed run can be resumed from again (see `CreateRunOptions.onCheckpoint`). */
  readonly onCheckpoint?: (state: RunState) => void;
}

function configOf(options: ResumeRunOptions): EngineConfig {
  return { model: options.model, tools: options.tools ?? [], onCheckpoint: options.onCheckpoint };
}

function pausedCalls(
  state: RunState,
  type: 'submit_tool_outputs' | 'tool_approval',
): RunToolCall[] {
  const action = state.run.required_action;
  if (state.run.status !== 'requires_action' || action === null || state.pending === null) {
    throw new RxRunnablesError(
      'RUN_STATE',
      `Run ${state.run.id} is ${state.run.status}, not paused`,
      {
        step: type,
        status: state.run.status,
      },
    );
  }
  if (action.type === 'submit_tool_outputs' && type === 'submit_tool_outputs') {
    return action.submit_tool_outputs.tool_calls;
  }
  if (action.type === 'tool_approval' && type === 'tool_approval') {
    return action.tool_approval.tool_calls;
  }
  throw new RxRunnablesError(
    'RUN_STATE',
    `Run ${state.run.id} waits for ${action.type === 'tool_approval' ? 'approvals' : 'tool outputs'}`,
    { step: type, requiredAction: action.type },
  );
}

function stateOf(state: RunState | RunStateData): RunState {
  return state instanceof RunState ? state.clone() : RunState.fromJSON(state);
}

function checkIds(ids: readonly string[], calls: readonly RunToolCall[], step: string): void {
  for (const id of ids) {
    if (!calls.some((c) => c.id === id)) {
      throw new RxRunnablesError('RUN_STATE', `No paused tool call has id ${JSON.stringify(id)}`, {
        step,
        toolCallId: id,
        expected: calls.map((c) => c.id),
      });
    }
  }
}

/**
 * Continues a run paused for tool outputs (`required_action.type === 'submit_tool_outputs'`),
 * on a new {@link Run}; the given state is not changed. Every listed call needs an output;
 * a missing or unknown id throws `RUN_STATE`.
 *
 * @example
 * ```ts
 * const state = RunState.fromJSON(JSON.parse(saved));
 * const run = submitToolOutputs(state, [{ toolCallId: 'call_0_0', output: '21°C' }], { model });
 * for await (const e of run) console.log(e.event);
 * ```
 */
export function submitToolOutputs(
  state: RunState | RunStateData,
  outputs: readonly ToolOutput[],
  options: ResumeRunOptions,
): Run {
  const next = stateOf(state);
  const calls = pausedCalls(next, 'submit_tool_outputs');
  checkIds(
    outputs.map((o) => o.toolCallId),
    calls,
    'submitToolOutputs',
  );
  const missing = calls.filter((c) => !outputs.some((o) => o.toolCallId === c.id));
  if (missing.length > 0) {
    throw new RxRunnablesError(
      'RUN_STATE',
      `Missing outputs for tool calls ${missing.map((c) => c.id).join(', ')}`,
      { step: 'submitToolOutputs', missing: missing.map((c) => c.id) },
    );
  }
  const pending = next.pending as NonNullable<RunState['pending']>;
  for (const o of outputs) {
    pending.outputs[o.toolCallId] = { output: outputText(o.output), isError: o.isError === true };
  }
  return new Run(next, configOf(options), false, options.signal);
}

/**
 * Continues a run paused for approvals (`required_action.type === 'tool_approval'`) with
 * decisions on some or all of the calls, on a new {@link Run}: approved calls run, rejected
 * ones answer the model with the reason; calls still undecided pause the new run again.
 *
 * @example
 * ```ts
 * const run = submitToolApprovals(saved, [{ toolCallId: 'call_0_0', approved: true }], { model, tools });
 * ```
 */
export function submitToolApprovals(
  state: RunState | RunStateData,
  approvals: readonly ToolApproval[],
  options: ResumeRunOptions,
): Run {
  const next = stateOf(state);
  const calls = pausedCalls(next, 'tool_approval');
  checkIds(
    approvals.map((a) => a.toolCallId),
    calls,
    'submitToolApprovals',
  );
  const pending = next.pending as NonNullable<RunState['pending']>;
  for (const a of approvals) {
    pending.approvals[a.toolCallId] = {
      approved: a.approved,
      ...(a.reason === undefined ? {} : { reason: a.reason }),
    };
  }
  return new Run(next, configOf(options), false, options.signal);
}

/**
 * Continues a run from a checkpoint taken while it worked (`onCheckpoint`: status `queued` or
 * `in_progress`), on a new {@link Run} — what a worker does when it takes over the run of a
 * worker that died. The new stream starts with `thread.run.queued` and `thread.run.in_progress`
 * and goes on from the checkpoint: tool calls whose outputs it holds are not called again, a
 * model call it does not hold is made again. Its events are numbered from `state.sequence` + 1.
 * A paused state (`submitToolOutputs`, `submitToolApprovals`) or an ended one throws `RUN_STATE`.
 *
 * @example
 * ```ts
 * let saved: RunStateData | undefined;
 * const run = createRun({ model, tools, messages: 'Hi', onCheckpoint: (s) => (saved = s.toJSON()) });
 * // … the process running it died; in another one:
 * const resumed = resumeRun(saved!, { model, tools });
 * for await (const e of resumed) console.log(e.event);
 * ```
 */
export function resumeRun(state: RunState | RunStateData, options: ResumeRunOptions): Run {
  const next = stateOf(state);
  const status = next.run.status;
  if (status !== 'queued' && status !== 'in_progress') {
    throw new RxRunnablesError(
      'RUN_STATE',
      `Run ${next.run.id} is ${status}: only a working run's checkpoint can be resumed`,
      { step: 'resumeRun', status },
    );
  }
  return new Run(next, configOf(options), false, options.signal);
}
