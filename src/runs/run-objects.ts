/**
 * The documented objects a run's events carry: the run, its steps and its messages, shaped like
 * the Assistants API objects (snake_case fields, timestamps in Unix seconds).
 * @module
 */

/** Where a run is in its lifecycle. */
export type RunStatus =
  | 'queued'
  | 'in_progress'
  | 'requires_action'
  | 'cancelling'
  | 'cancelled'
  | 'failed'
  | 'completed'
  | 'incomplete'
  | 'expired';

/** Token usage of a run or a step (the sum over its model calls). */
export interface RunUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** A complete function call as the run reports it (`arguments` is the JSON text). */
export interface RunToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * What a paused run waits for: outputs of tools the application runs itself
 * (`submit_tool_outputs`), or decisions on calls marked `needsApproval` (`tool_approval`).
 */
export type RequiredAction =
  | { type: 'submit_tool_outputs'; submit_tool_outputs: { tool_calls: RunToolCall[] } }
  | { type: 'tool_approval'; tool_approval: { tool_calls: RunToolCall[] } };

/** Why a run or step failed: the typed error's `code` (the library's codes) and message. */
export interface RunError {
  code: string;
  message: string;
}

/** A function tool as the run object lists it (its JSON Schema in `parameters`). */
export interface RunFunctionTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters: Record<string, unknown>;
    strict: boolean | null;
  };
}

/**
 * A run (`object: 'thread.run'`).
 *
 * @example
 * ```ts
 * const run: RunObject = (await createRun({ model, messages: 'Hi' }).finalRun());
 * run.status; // 'completed'
 * ```
 */
export interface RunObject {
  id: string;
  object: 'thread.run';
  created_at: number;
  thread_id: string;
  assistant_id: string;
  status: RunStatus;
  model: string;
  /** The instructions (`''` when none, as OpenAI sends it). */
  instructions: string;
  tools: RunFunctionTool[];
  metadata: Record<string, string>;
  tool_choice: 'auto';
  parallel_tool_calls: boolean;
  response_format: 'auto';
  temperature: number | null;
  top_p: number | null;
  truncation_strategy: { type: 'auto'; last_messages: null };
  max_prompt_tokens: number | null;
  max_completion_tokens: number | null;
  required_action: RequiredAction | null;
  last_error: RunError | null;
  incomplete_details: { reason: 'max_steps' } | null;
  started_at: number | null;
  completed_at: number | null;
  cancelled_at: number | null;
  failed_at: number | null;
  expires_at: number | null;
  /** The library's addition: model calls the run may make (`maxSteps`). */
  max_steps: number;
  usage: RunUsage | null;
}

/** A tool call inside a `tool_calls` step: its arguments and, once known, its output. */
export interface StepToolCall {
  id: string;
  type: 'function';
  function: {
    name: string;
    arguments: string;
    output: string | null;
    /**
     * The library's addition: the arguments parsed. On a finished step, the whole value; in the
     * handler API's `toolCallDelta` snapshot, the partial-JSON parser's value so far.
     */
    parsed_arguments?: unknown;
  };
}

/** What a step did: created a message, or called tools. */
export type StepDetails =
  | { type: 'message_creation'; message_creation: { message_id: string } }
  | { type: 'tool_calls'; tool_calls: StepToolCall[] };

/** A run step (`object: 'thread.run.step'`). */
export interface RunStepObject {
  id: string;
  object: 'thread.run.step';
  created_at: number;
  run_id: string;
  thread_id: string;
  assistant_id: string;
  type: 'message_creation' | 'tool_calls';
  status: 'in_progress' | 'cancelled' | 'failed' | 'completed' | 'expired';
  step_details: StepDetails;
  last_error: RunError | null;
  metadata: Record<string, string> | null;
  completed_at: number | null;
  cancelled_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  usage: RunUsage | null;
}

/**
 * One tool call's piece in a step delta: the new fragment of `arguments` (deltas only, as
 * OpenAI sends them; the parsed value lives in the finished step and the handler snapshots).
 */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type: 'function';
  function: {
    name?: string;
    arguments?: string;
    output?: string | null;
  };
}

/** A step delta (`object: 'thread.run.step.delta'`): tool-call argument fragments. */
export interface RunStepDeltaObject {
  id: string;
  object: 'thread.run.step.delta';
  delta: { step_details: { type: 'tool_calls'; tool_calls: ToolCallDelta[] } };
}

/** A text content part of a message. */
export interface TextContent {
  type: 'text';
  /** `annotations` is always empty (the run cites no files). */
  text: { value: string; annotations: never[] };
}

/** A message (`object: 'thread.message'`). */
export interface MessageObject {
  id: string;
  object: 'thread.message';
  created_at: number;
  thread_id: string;
  run_id: string;
  assistant_id: string | null;
  role: 'assistant';
  status: 'in_progress' | 'incomplete' | 'completed';
  /** Empty when the message is created; the first delta brings the text entry. */
  content: TextContent[];
  attachments: never[] | null;
  metadata: Record<string, string> | null;
  completed_at: number | null;
  incomplete_at: number | null;
  incomplete_details: { reason: 'run_cancelled' | 'run_expired' | 'run_failed' } | null;
}

/**
 * A message delta (`object: 'thread.message.delta'`): a text fragment. The first delta of a
 * message carries `annotations: []` (it creates the content entry), the next ones only `value`.
 */
export interface MessageDeltaObject {
  id: string;
  object: 'thread.message.delta';
  delta: {
    content: { index: number; type: 'text'; text: { value: string; annotations?: never[] } }[];
  };
}

/** The names of events carrying a {@link RunObject}. */
export type RunEventName =
  | 'thread.run.created'
  | 'thread.run.queued'
  | 'thread.run.in_progress'
  | 'thread.run.requires_action'
  | 'thread.run.completed'
  | 'thread.run.incomplete'
  | 'thread.run.failed'
  | 'thread.run.cancelling'
  | 'thread.run.cancelled'
  | 'thread.run.expired';

/** The names of events carrying a {@link RunStepObject}. */
export type StepEventName =
  | 'thread.run.step.created'
  | 'thread.run.step.in_progress'
  | 'thread.run.step.completed'
  | 'thread.run.step.failed'
  | 'thread.run.step.cancelled'
  | 'thread.run.step.expired';

/** The names of events carrying a {@link MessageObject}. */
export type MessageEventName =
  | 'thread.message.created'
  | 'thread.message.in_progress'
  | 'thread.message.completed'
  | 'thread.message.incomplete';

/**
 * One event of a run's stream. `sequence` counts the run's events from 1, across the streams of
 * one run (a resumed run goes on counting), so it can serve as an SSE id.
 *
 * @example
 * ```ts
 * for await (const e of createRun({ model, messages: 'Hi' })) console.log(e.sequence, e.event);
 * ```
 */
export type AssistantStreamEvent =
  | { event: RunEventName; data: RunObject; sequence: number }
  | { event: StepEventName; data: RunStepObject; sequence: number }
  | { event: 'thread.run.step.delta'; data: RunStepDeltaObject; sequence: number }
  | { event: MessageEventName; data: MessageObject; sequence: number }
  | { event: 'thread.message.delta'; data: MessageDeltaObject; sequence: number }
  | {
      event: 'error';
      /** OpenAI's error object (`code`, `message`, `param`, `type`) plus the library's `details`. */
      data: {
        code: string;
        message: string;
        param: string | null;
        type: string;
        details?: Record<string, unknown>;
      };
      sequence: number;
    }
  | { event: 'done'; data: '[DONE]'; sequence: number };

/** The name of any {@link AssistantStreamEvent}. */
export type AssistantStreamEventName = AssistantStreamEvent['event'];
