/**
 * The result of a tool call, sent back to the model.
 * @module
 */
import { BaseMessage } from './base-message';
import type { BaseMessageFields } from './base-message';
import type { Metadata } from './types';

/** Fields of a {@link ToolMessage}. */
export interface ToolMessageFields extends BaseMessageFields {
  /** The `id` of the tool call this message answers. */
  toolCallId: string;
  /** Whether the tool succeeded. */
  status?: 'success' | 'error';
  /** Full tool output kept for the application and not sent to the model. */
  artifact?: unknown;
  /** Free-form metadata about the tool run. */
  metadata?: Metadata;
}

/**
 * The result of a tool call, answering the tool call with `toolCallId`.
 *
 * @example
 * ```ts
 * new ToolMessage({ content: '21°C, sunny', toolCallId: 'call_1', name: 'weather' });
 * ```
 */
export class ToolMessage extends BaseMessage {
  readonly toolCallId: string;
  readonly status: 'success' | 'error' | undefined;
  readonly artifact: unknown;
  readonly metadata: Metadata | undefined;

  constructor(fields: ToolMessageFields) {
    super(fields);
    this.toolCallId = fields.toolCallId;
    this.status = fields.status;
    this.artifact = fields.artifact;
    this.metadata = fields.metadata;
  }

  get type(): 'tool' {
    return 'tool';
  }

  /** Read-only LangChain.js alias of {@link ToolMessage.toolCallId}. */
  get tool_call_id(): string {
    return this.toolCallId;
  }

  override toJSON(): Record<string, unknown> {
    const out = super.toJSON();
    out.toolCallId = this.toolCallId;
    if (this.status !== undefined) out.status = this.status;
    if (this.artifact !== undefined) out.artifact = this.artifact;
    if (this.metadata !== undefined) out.metadata = this.metadata;
    return out;
  }
}
