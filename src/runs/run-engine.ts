/**
 * The run engine: model calls, tool calls, pauses for outputs and approvals, and the ending.
 * @module
 */
import type { Subscription } from 'rxjs';
import { SystemMessage, ToolMessage } from '../chunks';
import type { BaseMessage } from '../chunks';
import { MAX_TIMER_MS, RxRunnablesError, abortError, toRxRunnablesError } from '../core';
import { OPEN_WITH_FLOW } from '../core/flow-control';
import type { FlowControl } from '../core/flow-control';
import type { ChatModel } from '../models';
import { ModelTurn } from './model-turn';
import type { AssistantStreamEvent, RequiredAction, RunError, RunStepObject } from './run-objects';
import { RunEmitter, addUsage, nowSeconds } from './run-emitter';
import type { PendingCalls, PendingToolCall, RunState } from './run-state';
import { executeTool, runToolDefinition } from './run-tool';
import type { RunTool, ToolOutcome } from './run-tool';

/** What the engine works with besides the state. @internal */
export interface EngineConfig {
  readonly model: ChatModel;
  readonly tools: readonly RunTool[];
  /** Called where the state can be resumed from (see `CreateRunOptions.onCheckpoint`). */
  readonly onCheckpoint?: ((state: RunState) => void) | undefined;
}

const PAUSED = Symbol('paused');

/** Drives one stream of a run (a new run, or a resumed one) to its end or its next pause. */
export class RunEngine {
  private readonly out: RunEmitter;
  private readonly controller = new AbortController();
  private modelSubscription: Subscription | undefined;
  private turn: ModelTurn | undefined;
  private stopModel: ((error: unknown) => void) | undefined;
  private cancelRequested = false;
  private expired = false;
  /** The pace of a consumer that iterates the run: the model is read only as fast. */
  flow: FlowControl | undefined;

  constructor(
    private readonly state: RunState,
    private readonly config: EngineConfig,
    sink: (event: AssistantStreamEvent) => void,
  ) {
    this.out = new RunEmitter(state, sink);
  }

  /** Whether the run is in a final status or paused. */
  get settled(): boolean {
    const s = this.state.run.status;
    return s !== 'queued' && s !== 'in_progress' && s !== 'cancelling';
  }

  /** Requests cancellation: emits `cancelling` now; the engine ends with `cancelled`. */
  cancel(): void {
    if (this.cancelRequested || this.settled) return;
    this.cancelRequested = true;
    this.setStatus('cancelling');
    this.out.runEvent('thread.run.cancelling');
    this.stop(abortError('The run was cancelled', { step: 'run' }));
  }

  /** Aborts the model request and the running tools with `reason`. */
  private stop(reason: unknown): void {
    this.controller.abort(reason);
    this.modelSubscription?.unsubscribe();
    this.stopModel?.(this.controller.signal.reason);
  }

  /**
   * Cancels a stream that never started, or a paused run: `cancelling`, the paused step's
   * `cancelled`, `cancelled`, `done`.
   */
  cancelUnstarted(): void {
    if (this.settled && this.state.run.status !== 'requires_action') return;
    this.cancelRequested = true;
    this.controller.abort(abortError('The run was cancelled', { step: 'run' }));
    this.state.run.required_action = null;
    this.setStatus('cancelling');
    this.out.runEvent('thread.run.cancelling');
    this.closePendingStep(this.controller.signal.reason);
    this.finish('cancelled');
  }

  /** How a stopped run ends: cancelled, expired, or (neither) failed. */
  private get stopStatus(): 'cancelled' | 'expired' | 'failed' {
    if (this.expired) return 'expired';
    return this.cancelRequested ? 'cancelled' : 'failed';
  }

  /** The error of a run past its deadline. */
  private expiredError(): RxRunnablesError {
    return new RxRunnablesError('TIMEOUT', 'The run expired', {
      step: 'run',
      expiresAt: this.state.run.expires_at,
    });
  }

  /** The run's deadline passed: stops the model request and the tools, as a cancel does. */
  private expire(): void {
    if (this.cancelRequested || this.settled) return;
    this.expired = true;
    this.stop(this.expiredError());
  }

  /** Runs until the run ends or pauses; never rejects (failures become events). */
  async execute(fresh: boolean): Promise<void> {
    const run = this.state.run;
    const expiresAtMs = this.state.expiresAtMs;
    if (expiresAtMs !== null && Date.now() >= expiresAtMs) {
      // Continued after its deadline: the paused step and the run end expired, nothing runs.
      this.expired = true;
      run.required_action = null;
      this.closePendingStep(this.expiredError());
      this.finish('expired');
      return;
    }
    const deadline =
      expiresAtMs === null
        ? undefined
        : setTimeout(() => this.expire(), Math.min(expiresAtMs - Date.now(), MAX_TIMER_MS));
    try {
      await this.work(fresh);
    } finally {
      clearTimeout(deadline);
    }
  }

  private async work(fresh: boolean): Promise<void> {
    const run = this.state.run;
    if (fresh) this.out.runEvent('thread.run.created');
    run.status = 'queued';
    run.required_action = null;
    this.out.runEvent('thread.run.queued');
    run.status = 'in_progress';
    run.started_at ??= nowSeconds();
    this.out.runEvent('thread.run.in_progress');
    try {
      if (this.state.pending !== null && (await this.settlePending()) === PAUSED) return;
      for (;;) {
        if (this.state.modelCalls >= run.max_steps) {
          run.incomplete_details = { reason: 'max_steps' };
          this.finish('incomplete');
          return;
        }
        const calls = await this.modelCall();
        if (calls === undefined) {
          this.finish('completed');
          return;
        }
        this.config.onCheckpoint?.(this.state);
        if ((await this.settlePending()) === PAUSED) return;
      }
    } catch (error) {
      const status = this.stopStatus;
      this.turn?.abandon(status, this.errorOf(error));
      this.closePendingStep(error);
      if (status === 'failed') this.fail(toRxRunnablesError(error, 'GENERATION', { step: 'run' }));
      else this.finish(status);
    } finally {
      this.turn = undefined;
      this.stopModel = undefined;
    }
  }

  private errorOf(error: unknown): RunError {
    const e = toRxRunnablesError(error);
    return { code: e.code, message: e.message };
  }

  private closePendingStep(error: unknown): void {
    const pending = this.state.pending;
    if (pending === null) return;
    const step = this.state.steps.find((s) => s.id === pending.stepId);
    if (step !== undefined && step.status === 'in_progress') {
      this.out.closeStep(step, this.stopStatus, this.errorOf(error));
    }
  }

  private setStatus(status: RunState['run']['status']): void {
    this.state.run.status = status;
  }

  private finish(status: 'completed' | 'incomplete' | 'cancelled' | 'expired'): void {
    const run = this.state.run;
    run.status = status;
    if (status === 'cancelled') run.cancelled_at = nowSeconds();
    else if (status !== 'expired') run.completed_at = nowSeconds();
    this.out.runEvent(`thread.run.${status}`);
    this.out.emit({ event: 'done', data: '[DONE]', sequence: this.out.next() });
  }

  private fail(error: RxRunnablesError): void {
    const run = this.state.run;
    run.status = 'failed';
    run.failed_at = nowSeconds();
    run.last_error = { code: error.code, message: error.message };
    this.out.runEvent('thread.run.failed');
    const details: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(error.details)) {
      if (key !== 'cause' && key !== 'partialOutput') details[key] = value;
    }
    this.out.emit({
      event: 'error',
      data: {
        code: error.code,
        message: error.message,
        param: null,
        type: 'server_error',
        details,
      },
      sequence: this.out.next(),
    });
    this.out.emit({ event: 'done', data: '[DONE]', sequence: this.out.next() });
  }

  /** One model call; returns the tool calls it made (undefined when none). */
  private async modelCall(): Promise<PendingToolCall[] | undefined> {
    const { model, tools } = this.config;
    const bound = tools.length === 0 ? model : model.bindTools(tools.map(runToolDefinition));
    const instructions = this.state.run.instructions;
    const messages: BaseMessage[] =
      instructions === null || instructions === ''
        ? this.state.messages
        : [new SystemMessage(instructions), ...this.state.messages];
    const turn = new ModelTurn(this.out);
    this.turn = turn;
    this.state.modelCalls++;
    try {
      await new Promise<void>((resolve, reject) => {
        this.stopModel = reject;
        if (this.controller.signal.aborted) {
          reject(this.controller.signal.reason);
          return;
        }
        const stream = bound.stream(messages, { signal: this.controller.signal });
        const paced = this.flow === undefined ? stream : stream[OPEN_WITH_FLOW](this.flow);
        this.modelSubscription = paced.subscribe({
          next: (chunk) => turn.onChunk(chunk),
          error: reject,
          complete: resolve,
        });
      });
    } finally {
      this.modelSubscription = undefined;
      this.stopModel = undefined;
      this.state.run.usage = addUsage(this.state.run.usage, turn.turnUsage);
    }
    const result = turn.finish();
    this.turn = undefined;
    this.state.messages.push(result.message);
    if (result.calls.length === 0 || result.toolStep === undefined) return undefined;
    this.state.pending = {
      stepId: result.toolStep.id,
      calls: result.calls,
      outputs: {},
      approvals: {},
    };
    return result.calls;
  }

  private toolNamed(name: string): RunTool | undefined {
    return this.config.tools.find((t) => t.name === name);
  }

  /** Runs what can run of the pending calls; pauses for approvals or outputs. */
  private async settlePending(): Promise<typeof PAUSED | undefined> {
    const pending = this.state.pending as PendingCalls;
    const undecided = pending.calls.filter(
      (c) =>
        this.toolNamed(c.name)?.needsApproval === true &&
        pending.approvals[c.id] === undefined &&
        pending.outputs[c.id] === undefined,
    );
    if (undecided.length > 0) return this.requireAction('tool_approval', undecided);
    const automatic: Promise<void>[] = [];
    for (const call of pending.calls) {
      if (pending.outputs[call.id] !== undefined) continue;
      const decision = pending.approvals[call.id];
      const tool = this.toolNamed(call.name);
      if (decision !== undefined && !decision.approved) {
        const reason = decision.reason === undefined ? '' : `: ${decision.reason}`;
        pending.outputs[call.id] = { output: `Rejected by the user${reason}`, isError: true };
      } else if (tool === undefined) {
        pending.outputs[call.id] = { output: `Error: unknown tool ${call.name}`, isError: true };
      } else if (tool.execute !== undefined) {
        const timeoutMs = this.state.toolTimeoutMs;
        automatic.push(
          executeTool(tool, tool.execute, call.args, {
            toolCallId: call.id,
            timeoutMs,
            signal: this.controller.signal,
          }).then((outcome: ToolOutcome) => {
            pending.outputs[call.id] = outcome;
            // A completed call is in the state before anything else happens: a run resumed
            // from this checkpoint does not call it again.
            this.config.onCheckpoint?.(this.state);
          }),
        );
      }
    }
    if (automatic.length > 0) {
      const settled = await Promise.allSettled(automatic);
      if (this.controller.signal.aborted) throw this.controller.signal.reason;
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    }
    const manual = pending.calls.filter((c) => pending.outputs[c.id] === undefined);
    if (manual.length > 0) return this.requireAction('submit_tool_outputs', manual);
    this.completeToolStep(pending);
    return undefined;
  }

  private completeToolStep(pending: PendingCalls): void {
    const step = this.state.steps.find((s) => s.id === pending.stepId) as RunStepObject;
    if (step.step_details.type === 'tool_calls') {
      for (const call of step.step_details.tool_calls) {
        call.function.output = pending.outputs[call.id]?.output ?? null;
      }
    }
    for (const call of pending.calls) {
      const outcome = pending.outputs[call.id] as { output: string; isError: boolean };
      this.state.messages.push(
        new ToolMessage({
          content: outcome.output,
          toolCallId: call.id,
          name: call.name,
          status: outcome.isError ? 'error' : 'success',
          ...(pending.approvals[call.id]?.approved === false
            ? { metadata: { approval: 'rejected' } }
            : {}),
        }),
      );
    }
    this.state.pending = null;
    this.out.closeStep(step, 'completed');
    this.config.onCheckpoint?.(this.state);
  }

  private requireAction(
    type: RequiredAction['type'],
    calls: readonly PendingToolCall[],
  ): typeof PAUSED {
    const toolCalls = calls.map((c) => ({
      id: c.id,
      type: 'function' as const,
      function: { name: c.name, arguments: c.arguments },
    }));
    const run = this.state.run;
    run.status = 'requires_action';
    run.required_action =
      type === 'tool_approval'
        ? { type, tool_approval: { tool_calls: toolCalls } }
        : { type, submit_tool_outputs: { tool_calls: toolCalls } };
    this.out.runEvent('thread.run.requires_action');
    this.out.emit({ event: 'done', data: '[DONE]', sequence: this.out.next() });
    return PAUSED;
  }
}
