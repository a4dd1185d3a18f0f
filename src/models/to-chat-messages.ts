/**
 * Converting a chat model's input into messages.
 * @module
 */
import { BaseMessage, HumanMessage } from '../chunks';
import { RxRunnablesError } from '../core';

/** A prompt value: something that renders as chat messages or as one string. */
export interface PromptValueLike {
  toChatMessages(): BaseMessage[];
}

/** What a chat model accepts: a string (one human message), messages, or a prompt value. */
export type ChatModelInput = string | BaseMessage[] | PromptValueLike;

/**
 * Turns chat-model input into a message list: a string becomes one {@link HumanMessage}, a
 * prompt value renders its messages, a message list is checked. Anything else throws
 * `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * toChatMessages('Hi'); // [HumanMessage { content: 'Hi' }]
 * ```
 */
export function toChatMessages(input: ChatModelInput): BaseMessage[] {
  if (typeof input === 'string') return [new HumanMessage(input)];
  if (Array.isArray(input)) {
    input.forEach((message, i) => {
      if (!BaseMessage.isInstance(message)) {
        throw new RxRunnablesError(
          'INVALID_INPUT',
          `Chat model input item ${i} is not a message (use HumanMessage, AIMessage, …)`,
        );
      }
    });
    return input;
  }
  if (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as Partial<PromptValueLike>).toChatMessages === 'function'
  ) {
    return toChatMessages(input.toChatMessages());
  }
  throw new RxRunnablesError(
    'INVALID_INPUT',
    'A chat model takes a string, a list of messages or a prompt value',
  );
}
