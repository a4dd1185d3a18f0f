/**
 * A slot in a chat prompt filled with a list of messages (a conversation history).
 * @module
 */
import { BaseMessage, HumanMessage, fromForeignMessage } from '../chunks';
import { RxRunnablesError } from '../core';

/** Options of {@link MessagesPlaceholder}. */
export interface MessagesPlaceholderOptions {
  /** The variable holding the messages. */
  variableName: string;
  /** When true, a missing variable renders as no messages instead of failing. */
  optional?: boolean;
}

/**
 * A slot in a {@link ChatPromptTemplate} filled with the messages under `variableName`: a
 * message, a list of messages, or a string (one human message).
 *
 * @example
 * ```ts
 * const prompt = ChatPromptTemplate.fromMessages([
 *   ['system', 'You are terse.'],
 *   new MessagesPlaceholder('history'),
 *   ['human', '{question}'],
 * ]);
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
    if (value === undefined || value === null) {
      if (this.optional) return [];
      throw new RxRunnablesError(
        'PROMPT_MISSING_VARIABLE',
        `Missing messages for placeholder "${this.variableName}"`,
        { variable: this.variableName, step },
      );
    }
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return items.map((item, i) => {
      if (BaseMessage.isInstance(item)) return item;
      if (typeof item === 'string') return new HumanMessage(item);
      const foreign = fromForeignMessage(item); // a LangChain message, from LangGraph state say
      if (foreign) return foreign;
      throw new RxRunnablesError(
        'INVALID_INPUT',
        `Placeholder "${this.variableName}" item ${i} is not a message`,
        { variable: this.variableName, step },
      );
    });
  }
}
