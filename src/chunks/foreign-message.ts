/**
 * LangChain.js messages recognised by shape, without importing @langchain/core: conversion of
 * theirs into ours (lossless) and of ours into the plain "message-like" objects LangChain accepts.
 * @module
 */
import { RxRunnablesError } from '../core';
import { AIMessage } from './ai-message';
import { AIMessageChunk } from './ai-message-chunk';
import { BaseMessage } from './base-message';
import { HumanMessage } from './human-message';
import { readPlainMessageLike } from './message-like-internals';
import { SystemMessage } from './system-message';
import { ToolMessage } from './tool-message';
import { usageFromForeign, usageToForeign } from './usage-internals';
import type {
  ContentBlock,
  InvalidToolCall,
  MessageContent,
  MessageType,
  Metadata,
  ToolCall,
  ToolCallChunk,
} from './types';

type Rec = Record<string | symbol, unknown>;

/**
 * A LangChain "message-like": the plain object `coerceMessageLikeToMessage` of @langchain/core
 * turns into its message class (snake_case fields, `type` naming the role).
 *
 * @example
 * ```ts
 * const like: ForeignMessageLike = { type: 'tool', content: '21°C', tool_call_id: 'call_1' };
 * ```
 */
export interface ForeignMessageLike {
  type: MessageType;
  content: string | ContentBlock[];
  id?: string;
  name?: string;
  additional_kwargs?: Record<string, unknown>;
  response_metadata?: Record<string, unknown>;
  tool_calls?: ToolCall[];
  invalid_tool_calls?: InvalidToolCall[];
  usage_metadata?: Record<string, unknown>;
  tool_call_id?: string;
  status?: 'success' | 'error';
  artifact?: unknown;
  metadata?: Record<string, unknown>;
}

const LC_MESSAGE = Symbol.for('langchain.message');
const isRecord = (value: unknown): value is Rec => typeof value === 'object' && value !== null;
const isList = (value: unknown): value is readonly Rec[] => Array.isArray(value);
const nonEmpty = (value: unknown): boolean => isList(value) && value.length > 0;

const copies = <T>(list: unknown): T[] =>
  isList(list) ? list.map((item) => ({ ...item }) as unknown as T) : [];

const copyContent = (content: MessageContent): MessageContent =>
  typeof content === 'string' ? content : content.map((block) => ({ ...block }));

/** True for `lc_namespace` arrays naming LangChain's messages. */
const inNamespace = (value: unknown, part: string): boolean =>
  Array.isArray(value) && (value as unknown[]).includes(part);

/**
 * The role of a LangChain-shaped message (`human`, `ai`, …, a `ChatMessage`'s role mapped), or
 * `undefined` when `value` is not one. Our own messages are not foreign.
 */
function foreignRole(value: unknown): string | undefined {
  if (!isRecord(value) || BaseMessage.isInstance(value)) return undefined;
  const content = value.content;
  if (typeof content !== 'string' && !Array.isArray(content)) return undefined;
  const getType = typeof value._getType === 'function' ? value._getType : value.getType;
  const branded =
    value[LC_MESSAGE] === true ||
    typeof getType === 'function' ||
    inNamespace(value.lc_namespace, 'messages');
  if (!branded) return undefined;
  const type =
    typeof value.type === 'string'
      ? value.type
      : typeof getType === 'function'
        ? (getType as () => unknown).call(value)
        : undefined;
  if (type !== 'generic' && type !== 'chat') return typeof type === 'string' ? type : undefined;
  const role = value.role;
  if (role === 'user') return 'human';
  // A role-less chat message is a model's: OpenAI-compatible servers that leave `role` out of
  // their deltas (or send `role: null`) make ChatOpenAI stream role-less `ChatMessageChunk`s.
  if (role === 'assistant' || role === undefined || role === null) return 'ai';
  return typeof role === 'string' ? role : undefined;
}

/** An AI message or chunk: text-only chunks (the streamed common case) take the short path. */
function aiFrom(message: Rec, base: BaseFields): BaseMessage {
  const usageMetadata = usageFromForeign(message.usage_metadata);
  const isChunk = typeof message.concat === 'function' || isList(message.tool_call_chunks);
  if (isChunk && nonEmpty(message.tool_call_chunks)) {
    return new AIMessageChunk({
      content: base.content,
      id: base.id,
      name: base.name,
      additionalKwargs: base.additionalKwargs,
      responseMetadata: base.responseMetadata,
      toolCallChunks: copies<ToolCallChunk>(message.tool_call_chunks),
      usageMetadata,
    });
  }
  const fields = {
    content: base.content,
    id: base.id,
    name: base.name,
    additionalKwargs: base.additionalKwargs,
    responseMetadata: base.responseMetadata,
    toolCalls: copies<ToolCall>(message.tool_calls),
    invalidToolCalls: copies<InvalidToolCall>(message.invalid_tool_calls),
    usageMetadata,
  };
  return isChunk ? new AIMessageChunk(fields) : new AIMessage(fields);
}

interface BaseFields {
  content: MessageContent;
  id: string | undefined;
  name: string | undefined;
  additionalKwargs: Metadata;
  responseMetadata: Metadata;
}

/**
 * Converts a LangChain.js message into ours, recognised by its shape (`lc_namespace`,
 * `_getType()`/`getType()`, `type` and `content`), so no @langchain/core import is needed. Every
 * field is kept, as `fromLangChainMessage` of `rx-runnables/langchain` does: content (string or
 * blocks), id, name, `additional_kwargs`, `response_metadata`, tool calls, invalid tool calls,
 * tool-call chunks and usage (snake_case keys become camelCase), `tool_call_id`, `status`,
 * `artifact` and `metadata` of a tool message. An `AIMessageChunk` stays a chunk, other chunk
 * classes become plain messages, a `ChatMessage` maps by role (one without a role is the model's,
 * an AI message). Returns `undefined` for anything else, including message types without a
 * counterpart here (function, remove).
 *
 * Plain message-likes are read too, as LangChain's `coerceMessageLikeToMessage` reads them:
 * OpenAI-style `{ role, content, tool_calls, tool_call_id, name }` (OpenAI tool calls' JSON
 * `arguments` parsed; unparsable ones become invalid tool calls), `{ type: 'human', content }`,
 * `[role, content]` tuples and serialized LangChain messages. One that names a role but is
 * malformed (unknown role, a tool message without `tool_call_id`) throws `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * import { AIMessageChunk as LCChunk } from '@langchain/core/messages';
 * import { fromForeignMessage } from 'rx-runnables/chunks';
 *
 * fromForeignMessage(new LCChunk({ content: 'Hi', usage_metadata: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } }));
 * // AIMessageChunk { content: 'Hi', usageMetadata: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } }
 * fromForeignMessage({ content: 'plain data' }); // undefined
 * ```
 */
export function fromForeignMessage(value: unknown): BaseMessage | undefined {
  const read = readForeignMessage(value);
  if (typeof read === 'string')
    throw new RxRunnablesError('INVALID_INPUT', `Not a message: ${read}`);
  return read;
}

/**
 * {@link fromForeignMessage}, reporting a malformed message-like as a description of the problem.
 * @internal
 */
export function readForeignMessage(value: unknown): BaseMessage | string | undefined {
  let role = foreignRole(value);
  let message = value as Rec;
  if (role === undefined) {
    if (BaseMessage.isInstance(value)) return undefined;
    // A plain message-like: OpenAI's { role, content }, LangChain's { type, content }, a tuple.
    const plain = readPlainMessageLike(value);
    if (plain === undefined || typeof plain === 'string') return plain;
    ({ role, fields: message } = plain);
  }
  const base: BaseFields = {
    content: copyContent(message.content as MessageContent),
    id: message.id as string | undefined,
    name: message.name as string | undefined,
    additionalKwargs: { ...(message.additional_kwargs as Metadata | undefined) },
    responseMetadata: { ...(message.response_metadata as Metadata | undefined) },
  };
  switch (role) {
    case 'ai':
      return aiFrom(message, base);
    case 'human':
      return new HumanMessage(base);
    case 'system':
    case 'developer':
      return new SystemMessage(base);
    case 'tool':
      return new ToolMessage({
        content: base.content,
        id: base.id,
        name: base.name,
        additionalKwargs: base.additionalKwargs,
        responseMetadata: base.responseMetadata,
        toolCallId: message.tool_call_id as string,
        status: message.status as 'success' | 'error' | undefined,
        artifact: message.artifact,
        metadata: isRecord(message.metadata) ? { ...message.metadata } : undefined,
      });
    default:
      return undefined;
  }
}

/**
 * Our message as a plain LangChain "message-like" object (see {@link ForeignMessageLike}), which
 * LangChain.js chat models, prompts and `coerceMessageLikeToMessage` accept without any import of
 * @langchain/core here. Fields are snake_case; an AI message carries its `tool_calls` (parsed from
 * the tool-call chunks of a chunk), `invalid_tool_calls` and `usage_metadata`; a tool message its
 * `tool_call_id`, `status`, `artifact` and `metadata`. Undefined fields are left out.
 *
 * @example
 * ```ts
 * toForeignMessage(new ToolMessage({ content: '21°C', toolCallId: 'call_1' }));
 * // { type: 'tool', content: '21°C', additional_kwargs: {}, response_metadata: {}, tool_call_id: 'call_1' }
 * ```
 */
export function toForeignMessage(message: BaseMessage): ForeignMessageLike {
  const out: ForeignMessageLike = {
    type: message.type,
    content: copyContent(message.content) as string | ContentBlock[],
    additional_kwargs: { ...message.additionalKwargs },
    response_metadata: { ...message.responseMetadata },
  };
  if (message.id !== undefined) out.id = message.id;
  if (message.name !== undefined) out.name = message.name;
  // By `type`, not `instanceof`: the message may come from another copy of this package.
  if (message.type === 'ai') {
    const ai = message as AIMessage;
    out.tool_calls = ai.toolCalls.map((call) => ({ ...call }));
    out.invalid_tool_calls = ai.invalidToolCalls.map((call) => ({ ...call }));
    if (ai.usageMetadata !== undefined) out.usage_metadata = usageToForeign(ai.usageMetadata);
  } else if (message.type === 'tool') {
    const tool = message as ToolMessage;
    out.tool_call_id = tool.toolCallId;
    if (tool.status !== undefined) out.status = tool.status;
    if (tool.artifact !== undefined) out.artifact = tool.artifact;
    if (tool.metadata !== undefined) out.metadata = { ...tool.metadata };
  }
  return out;
}

/**
 * A value coming out of a LangChain-shaped runnable, in our terms: a message becomes ours, a list
 * with messages a list of ours, a LangChain `ChatPromptValue` its list of our messages and a
 * `StringPromptValue` its string. Anything else is returned as it is.
 * @internal
 */
export function fromForeignValue(value: unknown): unknown {
  if (!isRecord(value)) return value;
  if (Array.isArray(value)) {
    return value.some((item) => foreignRole(item) !== undefined)
      ? value.map(fromForeignValue)
      : value;
  }
  if (typeof value.content === 'string' || Array.isArray(value.content)) {
    // Only LangChain's own messages: plain { role, content } data stays data here.
    return foreignRole(value) === undefined ? value : (fromForeignMessage(value) ?? value);
  }
  if (inNamespace(value.lc_namespace, 'prompt_values')) {
    if (Array.isArray(value.messages)) return (value.messages as unknown[]).map(fromForeignValue);
    if (typeof value.value === 'string') return value.value;
  }
  return value;
}

/**
 * A value going into a LangChain-shaped runnable: our messages (alone or in a list) become plain
 * message-likes, our chat prompt value its list of them, our string prompt value its string.
 * @internal
 */
export function toForeignValue(value: unknown): unknown {
  if (!isRecord(value)) return value;
  if (BaseMessage.isInstance(value)) return toForeignMessage(value);
  if (Array.isArray(value)) {
    return value.some((item) => BaseMessage.isInstance(item)) ? value.map(toForeignValue) : value;
  }
  if (typeof value.toChatMessages === 'function' && value.lc_namespace === undefined) {
    if (typeof value.value === 'string') return value.value;
    return (value.toChatMessages as () => unknown[])().map(toForeignValue);
  }
  return value;
}
