/**
 * A paused run continued from what a `useChat` front end sends back: the tool outputs and the
 * approval decisions in the tool parts of its last assistant message.
 * @module
 */
import { RxRunnablesError } from '../core';
import { submitToolApprovals, submitToolOutputs } from './resume-run';
import type { ResumeRunOptions, ToolApproval, ToolOutput } from './resume-run';
import type { Run } from './run';
import { RunState } from './run-state';
import type { RunStateData } from './run-state';

/** The fields of an AI SDK UI message (`UIMessage`) this reads; other fields are ignored. */
export interface UIMessageLike {
  readonly id?: string;
  readonly role: string;
  readonly parts: readonly unknown[];
}

interface ToolPartLike {
  readonly type: string;
  readonly toolCallId: string;
  readonly state?: string;
  readonly output?: unknown;
  readonly errorText?: string;
  readonly approval?: { readonly approved?: boolean; readonly reason?: string };
}

const isToolPart = (part: unknown): part is ToolPartLike => {
  if (typeof part !== 'object' || part === null) return false;
  const { type, toolCallId } = part as { type?: unknown; toolCallId?: unknown };
  return (
    typeof type === 'string' &&
    (type.startsWith('tool-') || type === 'dynamic-tool') &&
    typeof toolCallId === 'string'
  );
};

/**
 * Continues a run paused on `requires_action` with the answers a `useChat` front end put in
 * its last assistant message: for `submit_tool_outputs`, each paused call's tool part in
 * state `output-available` (its `output`) or `output-error` (its `errorText`, as an error
 * result), from `addToolOutput`; for `tool_approval`, each part in state `approval-responded`
 * (`approval.approved`, `approval.reason`), from `addToolApprovalResponse`. Parts of calls
 * the run did not pause on (server tools) are ignored. Returns the new {@link Run}; the given
 * state is not changed. A run that is not paused, or a paused call with no answer in the
 * messages, throws `RUN_STATE` (with `details.missing`).
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { continueRunFromUIMessages, createRun } from 'rx-runnables/runs';
 *
 * const model = new DemoChatModel({
 *   script: [{ toolCalls: [{ name: 'user_location', args: {} }] }, 'You are in Oslo.'],
 * });
 * const tools = [{ name: 'user_location' }]; // no execute: the browser answers it
 * const run = createRun({ model, tools, messages: 'Where am I?' });
 * await run.untilDone(); // paused: requires_action
 * const next = continueRunFromUIMessages(run.state, [
 *   {
 *     role: 'assistant',
 *     parts: [
 *       {
 *         type: 'tool-user_location',
 *         toolCallId: 'call_0_0',
 *         state: 'output-available',
 *         output: { city: 'Oslo' },
 *       },
 *     ],
 *   },
 * ], { model, tools });
 * for await (const text of next.textDeltas) console.log(text);
 * ```
 */
export function continueRunFromUIMessages(
  state: RunState | RunStateData,
  messages: readonly UIMessageLike[],
  options: ResumeRunOptions,
): Run {
  const data = state instanceof RunState ? state : RunState.fromJSON(state);
  const action = data.run.required_action;
  if (data.run.status !== 'requires_action' || action === null) {
    throw new RxRunnablesError(
      'RUN_STATE',
      `Run ${data.run.id} is ${data.run.status}, not paused`,
      {
        step: 'continueRunFromUIMessages',
        status: data.run.status,
      },
    );
  }
  const last = [...messages].reverse().find((m) => m.role === 'assistant');
  const parts = new Map<string, ToolPartLike>();
  for (const part of last?.parts ?? []) if (isToolPart(part)) parts.set(part.toolCallId, part);
  const approvalsWanted = action.type === 'tool_approval';
  const calls = approvalsWanted
    ? action.tool_approval.tool_calls
    : action.submit_tool_outputs.tool_calls;
  const missing = calls.filter((call) => {
    const part = parts.get(call.id);
    if (approvalsWanted) return part?.state !== 'approval-responded';
    return part?.state !== 'output-available' && part?.state !== 'output-error';
  });
  if (missing.length > 0) {
    const wanted = approvalsWanted ? 'an approval response' : 'a tool output';
    throw new RxRunnablesError(
      'RUN_STATE',
      `The last assistant message has no ${wanted} for ${missing.map((c) => c.id).join(', ')}`,
      { step: 'continueRunFromUIMessages', missing: missing.map((c) => c.id) },
    );
  }
  if (approvalsWanted) {
    const approvals = calls.map((call): ToolApproval => {
      const approval = (parts.get(call.id) as ToolPartLike).approval;
      const reason = approval?.reason;
      return {
        toolCallId: call.id,
        approved: approval?.approved === true,
        ...(typeof reason === 'string' ? { reason } : {}),
      };
    });
    return submitToolApprovals(data, approvals, options);
  }
  const outputs = calls.map((call): ToolOutput => {
    const part = parts.get(call.id) as ToolPartLike;
    return part.state === 'output-error'
      ? { toolCallId: call.id, output: part.errorText ?? '', isError: true }
      : { toolCallId: call.id, output: part.output };
  });
  return submitToolOutputs(data, outputs, options);
}
