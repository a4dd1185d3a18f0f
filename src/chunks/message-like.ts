/**
 * Everything a LangChain.js or OpenAI user writes for a message, turned into one of ours.
 * @module
 */
import { RxRunnablesError } from '../core';
import type { ErrorDetails } from '../core';
import { BaseMessage } from './base-message';
import type { ForeignMessageLike } from './foreign-message';
import { readForeignMessage } from './foreign-message';
import { HumanMessage } from './human-message';
import { messageFromJSON } from './message-from-json';
import type { MessageContent, ToolCall } from './types';

/** A role as OpenAI or LangChain.js names it (`user` = `human`, `assistant` = `ai`). */
export type MessageRoleLike =
  'human' | 'user' | 'ai' | 'assistant' | 'system' | 'developer' | 'tool';

/** A tool call as OpenAI writes it: `arguments` is JSON text. */
export interface OpenAIToolCallLike {
  readonly id?: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

/** An OpenAI-style chat message: `{ role: 'user', content: 'Hi' }`. */
export interface OpenAIMessageLike {
  readonly role: MessageRoleLike;
  readonly content?: MessageContent | null;
  readonly name?: string;
  readonly tool_calls?: readonly (OpenAIToolCallLike | ToolCall)[];
  readonly tool_call_id?: string;
}

/** A `[role, content]` pair: `['human', 'Hi']`, `['assistant', 'Hello!']`. */
export type MessageTuple = readonly [MessageRoleLike, MessageContent];

/**
 * Anything that stands for a message: one of ours, a string (a human message), a
 * `[role, content]` tuple, an OpenAI-style `{ role, content }` object, LangChain's
 * `{ type, content }` object, or a LangChain.js message instance.
 *
 * @example
 * ```ts
 * import type { MessageLike } from 'rx-runnables/chunks';
 *
 * const history: MessageLike[] = [
 *   { role: 'system', content: 'Be brief.' },
 *   ['human', 'Hi'],
 *   { type: 'ai', content: 'Hello!' },
 *   'And now?',
 * ];
 * ```
 */
export type MessageLike =
  | BaseMessage
  | string
  | MessageTuple
  | OpenAIMessageLike
  | ForeignMessageLike
  | { readonly lc_namespace: readonly string[]; readonly content: unknown };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') {
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string' && 'content' in value) {
      return `a ${type} message, which has no rx-runnables counterpart`;
    }
    return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  }
  return `a ${typeof value}`;
}

/**
 * Turns a message-like into one of our messages, as LangChain's `coerceMessageLikeToMessage`
 * does: our messages pass as they are, a string is a {@link HumanMessage}, a `[role, content]`
 * tuple, an OpenAI-style `{ role, content, tool_calls, tool_call_id, name }` object (tool calls'
 * JSON `arguments` parsed), LangChain's `{ type, content, … }` object, a serialized LangChain
 * message, our own message's JSON form (`JSON.parse(JSON.stringify(message))`, read as
 * {@link messageFromJSON} reads it) or a LangChain message instance becomes the message of its
 * role. Chat models,
 * `MessagesPlaceholder` and `ChatPromptValue` all read their messages through it.
 *
 * Anything else throws `INVALID_INPUT`; `details` (a `step`, an `index`, a `variable`) are added
 * to the error so it says where the value came from.
 *
 * @example
 * ```ts
 * import { coerceMessageLike } from 'rx-runnables/chunks';
 * import type { AIMessage } from 'rx-runnables/chunks';
 *
 * coerceMessageLike({ role: 'user', content: 'Hi' }); // HumanMessage { content: 'Hi' }
 * coerceMessageLike(['assistant', 'Hello!']); // AIMessage { content: 'Hello!' }
 * const call = coerceMessageLike({
 *   role: 'assistant',
 *   content: null,
 *   tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }],
 * }) as AIMessage;
 * call.toolCalls; // [{ id: 'call_1', args: { city: 'Oslo' }, name: 'weather', type: 'tool_call' }]
 * ```
 */
export function coerceMessageLike(value: unknown, details: ErrorDetails = {}): BaseMessage {
  if (BaseMessage.isInstance(value)) return value;
  if (typeof value === 'string') return new HumanMessage(value);
  if (isOwnJSON(value)) return messageFromJSON(value);
  const read = readForeignMessage(value);
  if (typeof read === 'object') return read;
  const where = details.index === undefined ? 'Value' : `Item ${String(details.index)}`;
  const why =
    read ??
    `got ${describe(value)}; expected a message, a string, a [role, content] tuple or a ` +
      '{ role, content } object';
  throw new RxRunnablesError('INVALID_INPUT', `${where} is not a message: ${why}`, details);
}

/** Keys that only our own JSON form of a message (`JSON.stringify(message)`) writes. */
const OWN_JSON_KEYS = [
  'toolCallId',
  'toolCalls',
  'invalidToolCalls',
  'toolCallChunks',
  'usageMetadata',
  'additionalKwargs',
  'responseMetadata',
] as const;
const OWN_JSON_TYPES: readonly unknown[] = ['human', 'system', 'ai', 'tool'];

/** One of our messages gone through JSON (camelCase fields), as LangChain reads its own. */
function isOwnJSON(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return OWN_JSON_TYPES.includes(record.type) && OWN_JSON_KEYS.some((key) => key in record);
}
