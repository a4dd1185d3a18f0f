/**
 * Lossless conversion of messages between rx-runnables and @langchain/core.
 * @module
 */
import {
  AIMessage as LCAIMessage,
  AIMessageChunk as LCAIMessageChunk,
  HumanMessage as LCHumanMessage,
  SystemMessage as LCSystemMessage,
  ToolMessage as LCToolMessage,
} from '@langchain/core/messages';
import type {
  BaseMessage as LCBaseMessage,
  MessageContent as LCMessageContent,
  UsageMetadata as LCUsageMetadata,
} from '@langchain/core/messages';
import { AIMessage, AIMessageChunk, ToolMessage, fromForeignMessage } from '../chunks';
import { usageToForeign } from '../chunks/usage-internals';
import type { BaseMessage, UsageMetadata } from '../chunks';
import { RxRunnablesError } from '../core';

type Rec = Record<string, unknown>;

function usageToLangChain(usage: UsageMetadata | undefined): LCUsageMetadata | undefined {
  return usage === undefined ? undefined : (usageToForeign(usage) as unknown as LCUsageMetadata);
}

function baseToLangChain(message: BaseMessage): Rec {
  return {
    content: (typeof message.content === 'string'
      ? message.content
      : message.content.map((block) => ({ ...block }))) as LCMessageContent,
    id: message.id,
    name: message.name,
    additional_kwargs: { ...message.additionalKwargs },
    response_metadata: { ...message.responseMetadata },
  };
}

/**
 * Converts an rx-runnables message into the matching @langchain/core message, keeping every
 * field: content (string or blocks), id, name, `additional_kwargs`, `response_metadata`, tool
 * calls, invalid tool calls, tool-call chunks (an `AIMessageChunk` stays a chunk) and usage
 * (camelCase keys become snake_case).
 *
 * @example
 * ```ts
 * const lc = toLangChainMessage(new HumanMessage('Hi'));
 * lc.type; // 'human'
 * ```
 */
export function toLangChainMessage(message: BaseMessage): LCBaseMessage {
  const base = baseToLangChain(message);
  if (message.type === 'ai' && message instanceof AIMessageChunk) {
    const chunks = message.toolCallChunks.map((c) => ({ ...c }));
    const lc = new LCAIMessageChunk({
      ...base,
      tool_call_chunks: chunks,
      ...(chunks.length === 0 ? { tool_calls: message.toolCalls.map((c) => ({ ...c })) } : {}),
      usage_metadata: usageToLangChain(message.usageMetadata),
    });
    if (chunks.length === 0 && message.invalidToolCalls.length > 0) {
      // LangChain's chunk constructor drops invalid tool calls given without tool-call chunks;
      // set them afterwards so nothing is lost.
      lc.invalid_tool_calls = message.invalidToolCalls.map((c) => ({ ...c }));
    }
    return lc;
  }
  if (message instanceof AIMessage) {
    return new LCAIMessage({
      ...base,
      tool_calls: message.toolCalls.map((c) => ({ ...c })),
      invalid_tool_calls: message.invalidToolCalls.map((c) => ({ ...c })),
      usage_metadata: usageToLangChain(message.usageMetadata),
    });
  }
  if (message instanceof ToolMessage) {
    return new LCToolMessage({
      ...base,
      tool_call_id: message.toolCallId,
      status: message.status,
      artifact: message.artifact,
      metadata: message.metadata === undefined ? undefined : { ...message.metadata },
    });
  }
  if (message.type === 'human') return new LCHumanMessage(base);
  if (message.type === 'system') return new LCSystemMessage(base);
  throw new RxRunnablesError('INVALID_INPUT', `Cannot convert a message of type ${message.type}`);
}

/**
 * Converts a @langchain/core message into the matching rx-runnables message, keeping every
 * field (see {@link toLangChainMessage}). An `AIMessageChunk` stays a chunk; other LangChain
 * chunk classes (`HumanMessageChunk`, …) become plain messages; a `ChatMessage` maps by role.
 * Types without a counterpart (function, remove) throw `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * import { AIMessageChunk as LCChunk } from '@langchain/core/messages';
 * import { fromLangChainMessage } from 'rx-runnables/langchain';
 *
 * fromLangChainMessage(new LCChunk('Hi')); // AIMessageChunk { content: 'Hi' }
 * ```
 */
export function fromLangChainMessage(message: LCBaseMessage): BaseMessage {
  // One converter for both paths: the duck-typed one of rx-runnables/chunks reads every field
  // LangChain sets (and is what a LangChain model piped without this subpath goes through).
  const ours = fromForeignMessage(message);
  if (ours) return ours;
  throw new RxRunnablesError(
    'INVALID_INPUT',
    `A LangChain message of type ${JSON.stringify(message.type)} has no rx-runnables counterpart`,
  );
}
