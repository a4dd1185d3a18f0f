/**
 * A streamed piece of a model's answer; pieces add up with `concat`.
 * @module
 */
import { foreignInterop } from '../core/foreign-runnable';
import { aiFieldsToJSON, snakeCaseUsage } from './ai-message';
import type { AIMessageFields } from './ai-message';
import { BaseMessage, toFields } from './base-message';
import type { MessageInit } from './base-message';
import { fromForeignValue, toForeignValue } from './foreign-message';
import { appendLists, mergeContent, mergeLists, mergeRecords, mergeUsage } from './merge-internals';
import { parseToolCallChunks } from './tool-call-parser';
import type { ParsedToolCalls } from './tool-call-parser';
import type { InvalidToolCall, SnakeCaseUsageMetadata, ToolCall, ToolCallChunk } from './types';
import { keepClassName } from '../core/class-name';

/** Fields of an {@link AIMessageChunk}. */
export interface AIMessageChunkFields extends AIMessageFields {
  /**
   * Streamed tool-call pieces. When present (non-empty), `toolCalls` and `invalidToolCalls`
   * are derived from them and the fields of the same names are ignored.
   */
  toolCallChunks?: readonly ToolCallChunk[];
}

const NONE: readonly never[] = Object.freeze([]);

function asChunks(
  calls: readonly ToolCall[],
  invalid: readonly InvalidToolCall[],
): ToolCallChunk[] {
  const out: ToolCallChunk[] = [];
  for (const c of calls) {
    out.push({ name: c.name, args: JSON.stringify(c.args), id: c.id, type: 'tool_call_chunk' });
  }
  for (const c of invalid)
    out.push({ name: c.name, args: c.args, id: c.id, type: 'tool_call_chunk' });
  return out;
}

/**
 * A streamed piece of a model's answer. `a.concat(b)` returns a new chunk (neither input
 * changes) following @langchain/core's semantics: content strings append, content blocks and
 * `toolCallChunks` merge by `index` (`args` text appends), usage sums, metadata merges key by
 * key, the first defined `id` wins. Identity strings in metadata (`model_name`, `finish_reason`,
 * `system_fingerprint`, …) keep one value instead of being appended as LangChain.js does.
 *
 * `toolCalls` are parsed lazily from the joined `args` of `toolCallChunks`; arguments that are
 * not (yet) a complete JSON object are reported in `invalidToolCalls`, never thrown.
 *
 * @example
 * ```ts
 * const total = new AIMessageChunk('Hel')
 *   .concat(new AIMessageChunk({ content: 'lo', toolCallChunks: [{ index: 0, name: 'f', args: '{"a":' }] }))
 *   .concat(new AIMessageChunk({ toolCallChunks: [{ index: 0, args: '1}' }] }));
 * total.content; // 'Hello'
 * total.toolCalls; // [{ name: 'f', args: { a: 1 }, type: 'tool_call' }]
 * ```
 */
export class AIMessageChunk extends BaseMessage {
  readonly toolCallChunks: readonly ToolCallChunk[];
  readonly usageMetadata: AIMessageFields['usageMetadata'];
  #toolCalls: readonly ToolCall[] | undefined;
  #invalidToolCalls: readonly InvalidToolCall[] | undefined;
  #parsed: ParsedToolCalls | undefined;

  constructor(init?: MessageInit<AIMessageChunkFields>) {
    const fields = toFields(init);
    super(fields);
    const chunks = fields.toolCallChunks ?? NONE;
    this.toolCallChunks = chunks;
    this.usageMetadata = fields.usageMetadata;
    if (chunks.length === 0) {
      this.#toolCalls = fields.toolCalls ?? NONE;
      this.#invalidToolCalls = fields.invalidToolCalls ?? NONE;
    }
  }

  get type(): 'ai' {
    return 'ai';
  }

  /** Complete tool calls (parsed from `toolCallChunks` when there are any). */
  get toolCalls(): readonly ToolCall[] {
    return this.#toolCalls ?? this.#parse().toolCalls;
  }

  /** Tool calls whose arguments are not a complete JSON object, with the raw text and why. */
  get invalidToolCalls(): readonly InvalidToolCall[] {
    return this.#invalidToolCalls ?? this.#parse().invalidToolCalls;
  }

  /** Read-only LangChain.js alias of {@link AIMessageChunk.toolCalls}. */
  get tool_calls(): readonly ToolCall[] {
    return this.toolCalls;
  }

  /** Read-only LangChain.js alias of {@link AIMessageChunk.invalidToolCalls}. */
  get invalid_tool_calls(): readonly InvalidToolCall[] {
    return this.invalidToolCalls;
  }

  /** Read-only LangChain.js alias of {@link AIMessageChunk.toolCallChunks}. */
  get tool_call_chunks(): readonly ToolCallChunk[] {
    return this.toolCallChunks;
  }

  /** Read-only LangChain.js alias of {@link AIMessageChunk.usageMetadata}, in snake_case. */
  get usage_metadata(): SnakeCaseUsageMetadata | undefined {
    return snakeCaseUsage(this.usageMetadata);
  }

  #parse(): ParsedToolCalls {
    this.#parsed ??= parseToolCallChunks(this.toolCallChunks);
    return this.#parsed;
  }

  /**
   * Adds `other` after this chunk and returns the sum as a new chunk.
   *
   * @example
   * ```ts
   * new AIMessageChunk({ content: 'a', id: 'run-1' }).concat(new AIMessageChunk('b')).content; // 'ab'
   * ```
   */
  concat(other: AIMessageChunk): AIMessageChunk {
    const leftChunks = this.toolCallChunks;
    const rightChunks = other.toolCallChunks;
    const fields: AIMessageChunkFields = {
      content: mergeContent(this.content, other.content),
      id: this.id ?? other.id,
      name: this.name ?? other.name,
      additionalKwargs: mergeRecords(this.additionalKwargs, other.additionalKwargs),
      responseMetadata: mergeRecords(this.responseMetadata, other.responseMetadata),
      usageMetadata: mergeUsage(this.usageMetadata, other.usageMetadata),
    };
    if (leftChunks.length === 0 && rightChunks.length === 0) {
      fields.toolCalls = appendLists(this.toolCalls, other.toolCalls);
      fields.invalidToolCalls = appendLists(this.invalidToolCalls, other.invalidToolCalls);
    } else {
      // A side with complete tool calls but no chunks is turned into chunks so none is lost.
      const left =
        leftChunks.length > 0 ? leftChunks : asChunks(this.toolCalls, this.invalidToolCalls);
      const right =
        rightChunks.length > 0 ? rightChunks : asChunks(other.toolCalls, other.invalidToolCalls);
      fields.toolCallChunks = right.length === 0 ? left : mergeLists(left, right);
    }
    return new AIMessageChunk(fields);
  }

  override toJSON(): Record<string, unknown> {
    const out = aiFieldsToJSON(
      super.toJSON(),
      this.toolCalls,
      this.invalidToolCalls,
      this.usageMetadata,
    );
    if (this.toolCallChunks.length > 0) out.toolCallChunks = this.toolCallChunks;
    out.chunk = true;
    return out;
  }
}

// LangChain objects handed straight to `pipe` (core's duck-typed ForeignRunnable) exchange
// messages with ours through these shape-based conversions, so no @langchain/* import is needed.
// `rx-runnables/langchain`, when imported, installs its richer conversions over them. They sit in
// this module, whose export chat models use, not in a side-effect-only import that a bundler may
// drop under `sideEffects: false`.
foreignInterop.fromForeignChunk ??= fromForeignValue;
foreignInterop.toForeignInput ??= toForeignValue;

keepClassName(AIMessageChunk, 'AIMessageChunk');
