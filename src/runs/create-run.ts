/**
 * createRun: a new tool-calling run over a conversation.
 * @module
 */
import { MAX_TIMER_MS, checkNumberOption } from '../core';
import { toChatMessages } from '../models';
import type { ChatModel, ChatModelInput } from '../models';
import { newId, nowSeconds } from './run-emitter';
import { Run } from './run';
import { RunState } from './run-state';
import { runToolDefinition } from './run-tool';
import type { RunTool } from './run-tool';

/** The model's id as the objects report it: `modelName` or `model` when it has one, else its name. */
function modelId(model: ChatModel): string {
  const named = model as unknown as { modelName?: unknown; model?: unknown };
  if (typeof named.modelName === 'string') return named.modelName;
  if (typeof named.model === 'string') return named.model;
  return model.name;
}

/** The default {@link CreateRunOptions.maxSteps}: model calls a run may make. */
export const DEFAULT_MAX_STEPS = 10;

/**
 * Options of {@link createRun}.
 *
 * @example
 * ```ts
 * const options: CreateRunOptions = { model, tools: [weather], messages: 'Weather in Oslo?', maxSteps: 4 };
 * ```
 */
export interface CreateRunOptions {
  /** The chat model (its tools are the run's `tools`). */
  readonly model: ChatModel;
  /** Tools the model may call: automatic (with `execute`), manual, or needing approval. */
  readonly tools?: readonly RunTool[];
  /** The conversation so far: a string, messages, or a prompt value. */
  readonly messages: ChatModelInput;
  /** A system message put before the conversation on every model call. */
  readonly instructions?: string;
  /** Model calls the run may make before it ends `incomplete` (default 10). */
  readonly maxSteps?: number;
  /** Milliseconds each automatic tool call may take (default: no limit). */
  readonly toolTimeoutMs?: number;
  /**
   * Milliseconds the run may take from its creation, pauses included (default: no limit), as the
   * Assistants' `expires_at`: past it, a working run stops (its model request and tools
   * aborted) and a paused one can no longer continue; both end `thread.run.expired`.
   */
  readonly expiresAfterMs?: number;
  /** Aborting it cancels the run, as `run.cancel()` does. */
  readonly signal?: AbortSignal;
  /** The thread id reported in the objects (default: a new one). */
  readonly threadId?: string;
  /** The assistant id reported in the objects (default: a new `asst_…` id). */
  readonly assistantId?: string;
  /**
   * Called, synchronously, with the live state wherever the run can be resumed from with
   * `resumeRun`: after each model call that made tool calls, after each automatic tool call
   * finished (its output recorded), and after each tool step completed. Take a copy
   * (`state.toJSON()`) to save it; a durable worker saves one after each step.
   */
  readonly onCheckpoint?: (state: RunState) => void;
}

/**
 * Creates a run: the model answers, calls tools (automatic ones run here, up to `maxSteps`
 * model calls), and the run's events stream out as Assistants-style events. Nothing happens
 * until the run is subscribed, iterated or awaited (`untilDone()`).
 *
 * @example
 * ```ts
 * const model = new DemoChatModel({
 *   script: [{ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] }, 'Sunny in Oslo.'],
 * });
 * const run = createRun({
 *   model,
 *   tools: [{ name: 'weather', schema: z.object({ city: z.string() }), execute: ({ city }) => `Sunny in ${String(city)}` }],
 *   messages: 'Weather in Oslo?',
 * });
 * for await (const text of run.textDeltas) process.stdout.write(text);
 * ```
 */
export function createRun(options: CreateRunOptions): Run {
  const tools = options.tools ?? [];
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  checkNumberOption('maxSteps', maxSteps, { min: 1, integer: true });
  checkNumberOption('toolTimeoutMs', options.toolTimeoutMs, {
    min: 1,
    max: MAX_TIMER_MS,
    infinity: true,
  });
  checkNumberOption('expiresAfterMs', options.expiresAfterMs, {
    min: 1,
    max: MAX_TIMER_MS,
    infinity: true,
  });
  const expiresAfterMs = options.expiresAfterMs ?? Infinity;
  const expiresAtMs = Number.isFinite(expiresAfterMs) ? Date.now() + expiresAfterMs : null;
  const definitions = tools.map(runToolDefinition);
  const messages = toChatMessages(options.messages, 'createRun');
  const state = new RunState({
    run: {
      id: newId('run'),
      object: 'thread.run',
      created_at: nowSeconds(),
      thread_id: options.threadId ?? newId('thread'),
      assistant_id: options.assistantId ?? newId('asst'),
      status: 'queued',
      model: modelId(options.model),
      instructions: options.instructions ?? '',
      tools: definitions.map((d) => ({
        type: 'function' as const,
        function: {
          name: d.name,
          ...(d.description === undefined ? {} : { description: d.description }),
          parameters: structuredClone(d.parameters) as Record<string, unknown>,
          strict: false,
        },
      })),
      // OpenAI's defaults for a run created without these settings.
      metadata: {},
      tool_choice: 'auto',
      parallel_tool_calls: true,
      response_format: 'auto',
      temperature: 1,
      top_p: 1,
      truncation_strategy: { type: 'auto', last_messages: null },
      max_prompt_tokens: null,
      max_completion_tokens: null,
      required_action: null,
      last_error: null,
      incomplete_details: null,
      started_at: null,
      completed_at: null,
      cancelled_at: null,
      failed_at: null,
      expires_at: expiresAtMs === null ? null : Math.ceil(expiresAtMs / 1000),
      max_steps: maxSteps,
      usage: null,
    },
    sequence: 0,
    modelCalls: 0,
    toolTimeoutMs:
      options.toolTimeoutMs === undefined || options.toolTimeoutMs === Infinity
        ? null
        : options.toolTimeoutMs,
    expiresAtMs,
    messages,
    steps: [],
    messageObjects: [],
    pending: null,
  });
  const config = { model: options.model, tools, onCheckpoint: options.onCheckpoint };
  return new Run(state, config, true, options.signal);
}
