/**
 * The text of a chunk: a string, or a message (chunk) whose content is a string or content blocks.
 * @module
 */
import { RxRunnablesError } from '../core/errors';

/**
 * Anything with a `content` field: rx-runnables and LangChain.js messages and message chunks.
 * Content is a string or an array of content blocks; text blocks (`{ type: 'text', text }`) are
 * read, other blocks (images, tool calls…) are skipped.
 *
 * @example
 * ```ts
 * const chunk: MessageLike = { content: [{ type: 'text', text: '{"a": 1}' }] };
 * ```
 */
export interface MessageLike {
  readonly content: string | readonly unknown[];
}

function blockText(block: unknown): string {
  if (typeof block === 'string') return block;
  if (typeof block !== 'object' || block === null) return '';
  const { type, text } = block as { type?: unknown; text?: unknown };
  return (type === 'text' || type === 'text_delta') && typeof text === 'string' ? text : '';
}

/**
 * The text carried by a string or message chunk.
 *
 * @example
 * ```ts
 * messageText({ content: [{ type: 'text', text: 'Hi' }, { type: 'image_url' }] }); // 'Hi'
 * ```
 */
export function messageText(chunk: string | MessageLike, step = 'JsonOutputParser'): string {
  if (typeof chunk === 'string') return chunk;
  if (typeof chunk === 'object' && chunk !== null && 'content' in chunk) {
    const { content } = chunk;
    if (typeof content === 'string') return content;
    if (Array.isArray(content)) {
      let text = '';
      for (const block of content) text += blockText(block);
      return text;
    }
  }
  throw new RxRunnablesError(
    'INVALID_INPUT',
    `${step} takes strings, or messages whose content is a string or an array of content blocks`,
    { step, input: chunk },
  );
}
