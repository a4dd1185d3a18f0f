/**
 * Value conversion at the border with LangChain.js: messages, message lists and prompt values.
 * @module
 */
import { BaseMessageChunk as LCBaseMessageChunk, isBaseMessage } from '@langchain/core/messages';
import type {
  AIMessageChunk as LCAIMessageChunk,
  BaseMessage as LCBaseMessage,
} from '@langchain/core/messages';
import {
  ChatPromptValue as LCChatPromptValue,
  StringPromptValue as LCStringPromptValue,
} from '@langchain/core/prompt_values';
import { AIMessageChunk, BaseMessage } from '../chunks';
import type { AIMessageChunkFields } from '../chunks';
import { ChatPromptValue, StringPromptValue } from '../models';
import { fromLangChainMessage, toLangChainMessage } from './messages';

type Rec = Record<string, unknown>;

const isObject = (value: unknown): value is Rec => typeof value === 'object' && value !== null;

function isLangChainPromptValue(value: Rec): boolean {
  const namespace = value.lc_namespace;
  return Array.isArray(namespace) && namespace.includes('prompt_values');
}

const empty = (list: readonly unknown[] | undefined): boolean =>
  list === undefined || list.length === 0;

/**
 * The common streamed chunk — text, no tool calls, no usage — converted directly: the same
 * result as `fromLangChainMessage`, at a fraction of the cost per chunk.
 */
function plainTextChunk(message: LCBaseMessage): AIMessageChunk | undefined {
  if (message.type !== 'ai' || typeof message.content !== 'string') return undefined;
  if (!LCBaseMessageChunk.isInstance(message)) return undefined;
  const ai = message as LCAIMessageChunk;
  if (ai.usage_metadata !== undefined || !empty(ai.tool_call_chunks)) return undefined;
  if (!empty(ai.tool_calls) || !empty(ai.invalid_tool_calls)) return undefined;
  const fields: AIMessageChunkFields = {
    content: ai.content as string,
    additionalKwargs: { ...(ai.additional_kwargs ?? {}) },
    responseMetadata: { ...(ai.response_metadata ?? {}) },
  };
  if (ai.id !== undefined) fields.id = ai.id;
  if (ai.name !== undefined) fields.name = ai.name;
  return new AIMessageChunk(fields);
}

function fromMessage(message: LCBaseMessage): unknown {
  const fast = plainTextChunk(message);
  if (fast) return fast;
  try {
    return fromLangChainMessage(message);
  } catch {
    return message; // a type without a counterpart here (function, remove) passes as it is
  }
}

/**
 * A value coming out of LangChain.js, in this library's terms: a message becomes ours (an
 * `AIMessageChunk` stays a chunk, every field kept), a list of messages a list of ours, a
 * `ChatPromptValue`/`StringPromptValue` ours. Anything else (strings, documents, plain objects)
 * is returned as it is.
 *
 * @example
 * ```ts
 * import { AIMessageChunk } from '@langchain/core/messages';
 * import { fromLangChainValue } from 'rx-runnables/langchain';
 *
 * fromLangChainValue(new AIMessageChunk('Hi')); // rx-runnables AIMessageChunk { content: 'Hi' }
 * ```
 */
export function fromLangChainValue(value: unknown): unknown {
  if (!isObject(value)) return value;
  if (isBaseMessage(value)) return fromMessage(value);
  if (Array.isArray(value)) {
    return value.some((item) => isBaseMessage(item)) ? value.map(fromLangChainValue) : value;
  }
  if (isLangChainPromptValue(value)) {
    if (Array.isArray(value.messages)) {
      return new ChatPromptValue((value.messages as LCBaseMessage[]).map(fromLangChainMessage));
    }
    if (typeof value.value === 'string') return new StringPromptValue(value.value);
  }
  return value;
}

/**
 * A value of this library in LangChain.js terms, the inverse of {@link fromLangChainValue}: our
 * messages become LangChain messages, our prompt values LangChain prompt values.
 *
 * @example
 * ```ts
 * toLangChainValue(new HumanMessage('Hi')); // @langchain/core HumanMessage { content: 'Hi' }
 * ```
 */
export function toLangChainValue(value: unknown): unknown {
  if (!isObject(value)) return value;
  if (BaseMessage.isInstance(value)) return toLangChainMessage(value);
  if (Array.isArray(value)) {
    return value.some((item) => BaseMessage.isInstance(item)) ? value.map(toLangChainValue) : value;
  }
  if (value instanceof ChatPromptValue) {
    return new LCChatPromptValue(value.messages.map(toLangChainMessage));
  }
  if (value instanceof StringPromptValue) return new LCStringPromptValue(value.value);
  return value;
}
