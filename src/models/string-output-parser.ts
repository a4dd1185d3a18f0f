/**
 * Message chunks in, text chunks out.
 * @module
 */
import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { BaseMessage } from '../chunks';
import type { ContentBlock } from '../chunks';
import { Runnable, RxRunnablesError } from '../core';
import type { RunContext } from '../core';

/** What {@link StringOutputParser} accepts: message chunks (or messages) or strings. */
export type StringParserInput = BaseMessage | string;

/** Reasoning blocks: thoughts, not answer text; they contribute nothing. */
const SILENT_BLOCKS: ReadonlySet<string> = new Set(['reasoning', 'thinking', 'redacted_thinking']);

function blockText(block: ContentBlock, step: string): string {
  const { type } = block;
  if ((type === 'text' || type === 'text_delta') && typeof block.text === 'string') {
    return block.text;
  }
  if (SILENT_BLOCKS.has(type)) return '';
  // LangChain.js's messages, so a chain that relied on them reads the same failure.
  const message =
    type === 'image_url'
      ? 'Cannot coerce a multimodal "image_url" message part into a string.'
      : type === 'text' || type === 'text_delta'
        ? `Invalid content type: ${type}`
        : `Cannot coerce "${type}" message part into a string.`;
  throw new RxRunnablesError('INVALID_INPUT', message, { step, blockType: type });
}

function textOf(chunk: StringParserInput, step: string): string {
  if (typeof chunk === 'string') return chunk;
  if (BaseMessage.isInstance(chunk)) {
    const { content } = chunk;
    if (typeof content === 'string') return content;
    let text = '';
    for (const block of content) text += blockText(block, step);
    return text;
  }
  throw new RxRunnablesError('INVALID_INPUT', 'StringOutputParser takes messages or strings', {
    step,
  });
}

/**
 * Turns a stream of message chunks (or strings) into a stream of text chunks, one out for each
 * one in, as they arrive. Content blocks contribute the text of their `text` blocks and
 * reasoning blocks nothing; any other block (an image, a tool call) cannot be text and throws
 * `INVALID_INPUT` with LangChain.js's message (`Cannot coerce "tool_use" message part into a
 * string.`).
 *
 * @example
 * ```ts
 * const chain = prompt.pipe(model).pipe(new StringOutputParser());
 * for await (const text of chain.astream({ question: 'Why?' })) process.stdout.write(text);
 * ```
 */
export class StringOutputParser extends Runnable<StringParserInput, string> {
  override readonly eventKind = 'parser';

  constructor() {
    super();
    // LangChain's name for it, in events and getName() (its StringOutputParser reports it too).
    if (isPlainParser(new.target)) this.name = 'StrOutputParser';
  }

  protected override transform(
    input$: Observable<StringParserInput>,
    _ctx: RunContext,
  ): Observable<string> {
    return input$.pipe(map((chunk) => textOf(chunk, this.name)));
  }
}

// Outside the class body: a class that names itself inside is renamed by bundlers
// (`_StringOutputParser`), which the dist suite checks against.
function isPlainParser(target: unknown): boolean {
  return target === StringOutputParser;
}
