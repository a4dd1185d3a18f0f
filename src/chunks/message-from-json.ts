/**
 * Revives messages from their JSON form.
 * @module
 */
import { RxRunnablesError } from '../core';
import { AIMessage } from './ai-message';
import type { AIMessageFields } from './ai-message';
import { AIMessageChunk } from './ai-message-chunk';
import type { BaseMessage, BaseMessageFields } from './base-message';
import { HumanMessage } from './human-message';
import { SystemMessage } from './system-message';
import { ToolMessage } from './tool-message';
import type { ToolMessageFields } from './tool-message';

/**
 * Turns the output of a message's `toJSON()` (for example after `JSON.parse` on the far side of
 * a transport) back into a message of the right class. Unknown `type`s throw `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const wire = JSON.stringify(new AIMessageChunk('Hi'));
 * messageFromJSON(JSON.parse(wire)); // AIMessageChunk { content: 'Hi' }
 * ```
 */
export function messageFromJSON(json: unknown): BaseMessage {
  if (typeof json !== 'object' || json === null) {
    throw new RxRunnablesError('INVALID_INPUT', 'A message must be a JSON object');
  }
  const data = json as Record<string, unknown> & { type?: unknown; chunk?: unknown };
  switch (data.type) {
    case 'human':
      return new HumanMessage(data as BaseMessageFields);
    case 'system':
      return new SystemMessage(data as BaseMessageFields);
    case 'tool':
      return new ToolMessage(data as unknown as ToolMessageFields);
    case 'ai':
      return data.chunk === true
        ? new AIMessageChunk(data as AIMessageFields)
        : new AIMessage(data as AIMessageFields);
    default:
      throw new RxRunnablesError(
        'INVALID_INPUT',
        `Unknown message type ${JSON.stringify(data.type)}: expected human, system, ai or tool`,
      );
  }
}
