/**
 * A message from the user.
 * @module
 */
import { BaseMessage, toFields } from './base-message';
import type { BaseMessageFields, MessageInit } from './base-message';

/**
 * A message from the user.
 *
 * @example
 * ```ts
 * new HumanMessage('Summarise this page');
 * new HumanMessage({ content: [{ type: 'text', text: 'Hi' }], name: 'ada' });
 * ```
 */
export class HumanMessage extends BaseMessage {
  constructor(init?: MessageInit<BaseMessageFields>) {
    super(toFields(init));
  }

  get type(): 'human' {
    return 'human';
  }
}
