/**
 * Prompt values: what prompt templates emit, readable as messages or as one string.
 * @module
 */
import { HumanMessage } from '../chunks';
import type { BaseMessage } from '../chunks';

const ROLE_LABELS: Record<string, string> = {
  human: 'Human',
  system: 'System',
  ai: 'AI',
  tool: 'Tool',
};

/**
 * The output of a {@link PromptTemplate}: one string, or one human message for a chat model.
 *
 * @example
 * ```ts
 * const value = new StringPromptValue('Tell me a joke');
 * value.toString(); // 'Tell me a joke'
 * value.toChatMessages(); // [HumanMessage { content: 'Tell me a joke' }]
 * ```
 */
export class StringPromptValue {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }

  toChatMessages(): BaseMessage[] {
    return [new HumanMessage(this.value)];
  }
}

/**
 * The output of a {@link ChatPromptTemplate}: a list of messages; as a string, one line per
 * message prefixed with its role (`System: …`, `Human: …`, `AI: …`), as LangChain prints them.
 *
 * @example
 * ```ts
 * const value = new ChatPromptValue([new SystemMessage('Be brief'), new HumanMessage('Hi')]);
 * value.toString(); // 'System: Be brief\nHuman: Hi'
 * ```
 */
export class ChatPromptValue {
  constructor(readonly messages: readonly BaseMessage[]) {}

  toString(): string {
    return this.messages.map((m) => `${ROLE_LABELS[m.type] ?? m.type}: ${m.text}`).join('\n');
  }

  toChatMessages(): BaseMessage[] {
    return [...this.messages];
  }
}
