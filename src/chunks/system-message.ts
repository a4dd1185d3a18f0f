/**
 * A system (instruction) message.
 * @module
 */
import { BaseMessage, toFields } from './base-message';
import type { BaseMessageFields, MessageInit } from './base-message';

/**
 * A system message: instructions for the model.
 *
 * @example
 * ```ts
 * new SystemMessage('You answer in one sentence.');
 * ```
 */
export class SystemMessage extends BaseMessage {
  constructor(init?: MessageInit<BaseMessageFields>) {
    super(toFields(init));
  }

  get type(): 'system' {
    return 'system';
  }
}
