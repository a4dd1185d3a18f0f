/**
 * Message chunks in, text chunks out.
 * @module
 */
import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { BaseMessage, contentText } from '../chunks';
import { Runnable, RxRunnablesError } from '../core';
import type { RunContext } from '../core';

/** What {@link StringOutputParser} accepts: message chunks (or messages) or strings. */
export type StringParserInput = BaseMessage | string;

function textOf(chunk: StringParserInput, step: string): string {
  if (typeof chunk === 'string') return chunk;
  if (BaseMessage.isInstance(chunk)) return contentText(chunk.content);
  throw new RxRunnablesError('INVALID_INPUT', 'StringOutputParser takes messages or strings', {
    step,
  });
}

/**
 * Turns a stream of message chunks (or strings) into a stream of text chunks, one out for each
 * one in, as they arrive. Content blocks contribute the text of their `text` blocks; other
 * blocks (images, reasoning, tool calls) contribute nothing.
 *
 * @example
 * ```ts
 * const chain = prompt.pipe(model).pipe(new StringOutputParser());
 * for await (const text of chain.astream({ question: 'Why?' })) process.stdout.write(text);
 * ```
 */
export class StringOutputParser extends Runnable<StringParserInput, string> {
  override readonly eventKind = 'parser';

  protected override transform(
    input$: Observable<StringParserInput>,
    _ctx: RunContext,
  ): Observable<string> {
    return input$.pipe(map((chunk) => textOf(chunk, this.name)));
  }
}
