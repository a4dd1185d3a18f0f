/**
 * A slot in a chat prompt filled with a list of messages (a conversation history).
 * @module
 */
import { coerceMessageLike } from '../chunks';
import type { BaseMessage } from '../chunks';
import { RxRunnablesError } from '../core';

/** Options of {@link MessagesPlaceholder}. */
export interface MessagesPlaceholderOptions {
  /** The variable holding the messages. */
  variableName: string;
  /** When true, a missing variable renders as no messages instead of failing. */
  optional?: boolean;
}

/**
 * A slot in a {@link ChatPromptTemplate} filled with the messages under `variableName`: a list
 * of message-likes (our messages, LangChain messages, `{ role, content }` objects,
 * `[role, content]` tuples, strings as human messages), or one message-like that is not a list.
 *
 * @example
 * ```ts
 * import { ChatPromptTemplate, MessagesPlaceholder } from 'rx-runnables/models';
 *
 * const prompt = ChatPromptTemplate.fromMessages([
 *   ['system', 'You are terse.'],
 *   new MessagesPlaceholder('history'),
 *   ['human', '{question}'],
 * ]);
 * prompt.formatMessages({
 *   history: [{ role: 'user', content: 'Hi' }, ['assistant', 'Hello!']],
 *   question: 'Still there?',
 * });
 * ```
 */
export class MessagesPlaceholder {
  readonly variableName: string;
  readonly optional: boolean;

  constructor(options: string | MessagesPlaceholderOptions) {
    const o = typeof options === 'string' ? { variableName: options } : options;
    this.variableName = o.variableName;
    this.optional = o.optional ?? false;
  }

  /** The messages for `value` (as found under the variable); throws on anything else. */
  toMessages(value: unknown, step: string): BaseMessage[] {
    const variable = this.variableName;
    if (value === undefined || value === null) {
      if (this.optional) return [];
      throw new RxRunnablesError(
        'PROMPT_MISSING_VARIABLE',
        `Missing messages for placeholder "${variable}"`,
        { variable, step },
      );
    }
    // As in LangChain.js: a list is a list of message-likes, anything else one message-like.
    const items: readonly unknown[] = Array.isArray(value) ? value : [value];
    return items.map((item, index) => coerceMessageLike(item, { variable, step, index }));
  }
}
