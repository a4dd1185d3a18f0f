/**
 * A complete message from the model.
 * @module
 */
import { BaseMessage, toFields } from './base-message';
import type { BaseMessageFields, MessageInit } from './base-message';
import { usageToForeign } from './usage-internals';
import type { InvalidToolCall, SnakeCaseUsageMetadata, ToolCall, UsageMetadata } from './types';

/** Fields of an {@link AIMessage}. */
export interface AIMessageFields extends BaseMessageFields {
  toolCalls?: readonly ToolCall[];
  invalidToolCalls?: readonly InvalidToolCall[];
  usageMetadata?: UsageMetadata;
}

const NONE: readonly never[] = Object.freeze([]);

/** Adds the AI-specific fields to a JSON form. */
export function aiFieldsToJSON(
  out: Record<string, unknown>,
  toolCalls: readonly ToolCall[],
  invalidToolCalls: readonly InvalidToolCall[],
  usageMetadata: UsageMetadata | undefined,
): Record<string, unknown> {
  if (toolCalls.length > 0) out.toolCalls = toolCalls;
  if (invalidToolCalls.length > 0) out.invalidToolCalls = invalidToolCalls;
  if (usageMetadata !== undefined) out.usageMetadata = usageMetadata;
  return out;
}

/** `usage_metadata` (LangChain's snake_case) of usage metadata. */
export function snakeCaseUsage(
  usage: UsageMetadata | undefined,
): SnakeCaseUsageMetadata | undefined {
  return usage === undefined
    ? undefined
    : (usageToForeign(usage) as unknown as SnakeCaseUsageMetadata);
}

/**
 * A complete message from the model, with the tool calls it requested and its token usage.
 * (A streamed answer is an {@link AIMessageChunk}; chunks add up with `concat`.)
 *
 * @example
 * ```ts
 * const m = new AIMessage({
 *   content: '',
 *   toolCalls: [{ name: 'search', args: { q: 'rxjs' }, id: 'call_1', type: 'tool_call' }],
 * });
 * m.toolCalls[0].name; // 'search'
 * ```
 */
export class AIMessage extends BaseMessage {
  readonly toolCalls: readonly ToolCall[];
  readonly invalidToolCalls: readonly InvalidToolCall[];
  readonly usageMetadata: UsageMetadata | undefined;

  constructor(init?: MessageInit<AIMessageFields>) {
    const fields = toFields(init);
    super(fields);
    this.toolCalls = fields.toolCalls ?? NONE;
    this.invalidToolCalls = fields.invalidToolCalls ?? NONE;
    this.usageMetadata = fields.usageMetadata;
  }

  get type(): 'ai' {
    return 'ai';
  }

  /** Read-only LangChain.js alias of {@link AIMessage.toolCalls}. */
  get tool_calls(): readonly ToolCall[] {
    return this.toolCalls;
  }

  /** Read-only LangChain.js alias of {@link AIMessage.invalidToolCalls}. */
  get invalid_tool_calls(): readonly InvalidToolCall[] {
    return this.invalidToolCalls;
  }

  /**
   * Read-only LangChain.js alias of {@link AIMessage.usageMetadata}, in LangChain's snake_case
   * (`input_tokens`, `output_tokens`, `total_tokens`, `input_token_details`, …).
   */
  get usage_metadata(): SnakeCaseUsageMetadata | undefined {
    return snakeCaseUsage(this.usageMetadata);
  }

  override toJSON(): Record<string, unknown> {
    return aiFieldsToJSON(
      super.toJSON(),
      this.toolCalls,
      this.invalidToolCalls,
      this.usageMetadata,
    );
  }
}
