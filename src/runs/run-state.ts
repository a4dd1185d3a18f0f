/**
 * RunState: everything a run needs to go on, serializable so another process can resume it.
 * @module
 */
import { messageFromJSON } from '../chunks';
import type { BaseMessage } from '../chunks';
import { RxRunnablesError } from '../core';
import type { MessageObject, RunObject, RunStepObject } from './run-objects';
import { keepClassName } from '../core/class-name';

/** A tool call the model made in the step the run is working on. */
export interface PendingToolCall {
  id: string;
  name: string;
  /** The arguments' JSON text, as the model sent it. */
  arguments: string;
  args: Record<string, unknown>;
}

/** The tool calls of the current `tool_calls` step, with the outputs and decisions so far. */
export interface PendingCalls {
  stepId: string;
  calls: PendingToolCall[];
  outputs: Record<string, { output: string; isError: boolean }>;
  approvals: Record<string, { approved: boolean; reason?: string }>;
}

/** The JSON form of a {@link RunState} (`run.state.toJSON()`). */
export interface RunStateData {
  version: 1;
  run: RunObject;
  /** The last `sequence` given to an event. */
  sequence: number;
  /** Model calls made so far (compared with `run.max_steps`). */
  modelCalls: number;
  toolTimeoutMs: number | null;
  /**
   * When the run expires, in milliseconds since the epoch (`expiresAfterMs` after it was
   * created), or null (it never does). A state saved without it never expires.
   */
  expiresAtMs?: number | null;
  /** The conversation (without the instructions), as message JSON. */
  messages: Record<string, unknown>[];
  steps: RunStepObject[];
  messageObjects: MessageObject[];
  pending: PendingCalls | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The state of a run: its {@link RunObject}, conversation, steps and the tool calls it waits on.
 * A paused run's state goes through `toJSON()` / `JSON.stringify` and back with
 * {@link RunState.fromJSON}, so a run paused in one process resumes in another.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(run.state); // paused in requires_action
 * const state = RunState.fromJSON(JSON.parse(saved));
 * const next = submitToolOutputs(state, [{ toolCallId: 'call_1', output: '21°C' }], { model, tools });
 * ```
 */
export class RunState {
  /** The live run object (events carry copies of it). */
  run: RunObject;
  sequence: number;
  modelCalls: number;
  readonly toolTimeoutMs: number;
  /** When the run expires (ms since the epoch), or null. */
  readonly expiresAtMs: number | null;
  messages: BaseMessage[];
  readonly steps: RunStepObject[];
  readonly messageObjects: MessageObject[];
  pending: PendingCalls | null;

  /** @internal Use {@link RunState.fromJSON} or `createRun`. */
  constructor(data: Omit<RunStateData, 'messages' | 'version'> & { messages: BaseMessage[] }) {
    this.run = data.run;
    this.sequence = data.sequence;
    this.modelCalls = data.modelCalls;
    this.toolTimeoutMs = data.toolTimeoutMs ?? Infinity;
    this.expiresAtMs = data.expiresAtMs ?? null;
    this.messages = data.messages;
    this.steps = data.steps;
    this.messageObjects = data.messageObjects;
    this.pending = data.pending;
  }

  /** The run's status. */
  get status(): RunObject['status'] {
    return this.run.status;
  }

  /**
   * A JSON-safe copy of the state.
   *
   * @example
   * ```ts
   * await writeFile('run.json', JSON.stringify(run.state.toJSON()));
   * ```
   */
  toJSON(): RunStateData {
    return structuredClone({
      version: 1 as const,
      run: this.run,
      sequence: this.sequence,
      modelCalls: this.modelCalls,
      toolTimeoutMs: Number.isFinite(this.toolTimeoutMs) ? this.toolTimeoutMs : null,
      expiresAtMs: this.expiresAtMs,
      messages: this.messages.map((m) => m.toJSON()),
      steps: this.steps,
      messageObjects: this.messageObjects,
      pending: this.pending,
    });
  }

  /**
   * Revives a state from its JSON form. Anything else throws `INVALID_INPUT`.
   *
   * @example
   * ```ts
   * const state = RunState.fromJSON(JSON.parse(text));
   * state.status; // 'requires_action'
   * ```
   */
  static fromJSON(json: unknown): RunState {
    if (
      !isRecord(json) ||
      json.version !== 1 ||
      !isRecord(json.run) ||
      !Array.isArray(json.messages) ||
      !Array.isArray(json.steps) ||
      !Array.isArray(json.messageObjects) ||
      typeof json.sequence !== 'number' ||
      typeof json.modelCalls !== 'number' ||
      !(json.expiresAtMs == null || typeof json.expiresAtMs === 'number')
    ) {
      throw new RxRunnablesError('INVALID_INPUT', 'Not a serialized RunState (version 1)', {
        step: 'RunState.fromJSON',
      });
    }
    const data = structuredClone(json) as unknown as RunStateData;
    return new RunState({ ...data, messages: data.messages.map((m) => messageFromJSON(m)) });
  }

  /** An independent copy (what a resumed run works on). */
  clone(): RunState {
    return RunState.fromJSON(this.toJSON());
  }
}

keepClassName(RunState, 'RunState');
