/**
 * Converting a chat model's input into messages.
 * @module
 */
import { HumanMessage, coerceMessageLike } from '../chunks';
import type { BaseMessage, MessageLike } from '../chunks';
import { RxRunnablesError } from '../core';

/** A prompt value: something that renders as chat messages or as one string. */
export interface PromptValueLike {
  toChatMessages(): readonly MessageLike[];
}

/**
 * What a chat model accepts, as in LangChain.js: a string (one human message), a list of
 * message-likes (our messages, `{ role, content }` objects, `[role, content]` tuples, strings,
 * LangChain messages), or a prompt value.
 */
export type ChatModelInput = string | readonly MessageLike[] | PromptValueLike;

const isPromptValue = (input: unknown): input is PromptValueLike =>
  typeof input === 'object' &&
  input !== null &&
  typeof (input as Partial<PromptValueLike>).toChatMessages === 'function';

/**
 * Turns chat-model input into a message list: a string becomes one {@link HumanMessage}, each
 * item of a list goes through `coerceMessageLike` (so `{ role: 'user', content }` objects and
 * `['human', 'Hi']` tuples work), a prompt value renders its messages. Anything else throws
 * `INVALID_INPUT` with `details.step` (when given) and the `index` of the item at fault.
 *
 * @example
 * ```ts
 * import { toChatMessages } from 'rx-runnables/models';
 *
 * toChatMessages('Hi'); // [HumanMessage { content: 'Hi' }]
 * toChatMessages([{ role: 'system', content: 'Be brief' }, ['user', 'Hi']]); // [SystemMessage, HumanMessage]
 * ```
 */
export function toChatMessages(input: ChatModelInput, step?: string): BaseMessage[] {
  if (typeof input === 'string') return [new HumanMessage(input)];
  const details = step === undefined ? {} : { step };
  if (Array.isArray(input)) {
    return input.map((item: unknown, index) => coerceMessageLike(item, { ...details, index }));
  }
  if (isPromptValue(input)) return toChatMessages(input.toChatMessages(), step);
  throw new RxRunnablesError(
    'INVALID_INPUT',
    'A chat model takes a string, a list of messages or a prompt value (put a single message in a list)',
    details,
  );
}
