/**
 * Strategy 3: no model, so a `generate(query, context)` answer is replayed word chunk by word chunk.
 * @module
 */
import type { Observable } from 'rxjs';
import { concatMap, from, map, of, switchMap, timer } from 'rxjs';
import { Runnable, RxRunnablesError, collect } from '../core';
import type { RunContext } from '../core';
import type { Document } from './document';

/** What `generate` receives besides the query and the caller's context. */
export interface GenerateInfo {
  /** The documents put in the prompt (after `maxContextDocs` and `maxDocChars`). */
  docs: readonly Document[];
  /** The formatted prompt a model would have received. */
  prompt: string;
  /** Aborted when the stream ends early. */
  signal: AbortSignal;
}

/**
 * A whole-answer generator for the simulated strategy: the `generate` option, or the retriever's
 * own `generate` method (like the reference's RAG backend). Returns the answer, or an object with
 * an `answer` string, synchronously or as a promise.
 *
 * @example
 * ```ts
 * const generate: GenerateFn = (query, context, { docs }) => `${docs.length} documents on ${query}`;
 * ```
 */
export type GenerateFn = (
  query: string,
  context: Record<string, unknown> | undefined,
  info: GenerateInfo,
) => unknown;

/** The input of {@link SimulatedGeneration}. */
export interface SimulatedGenerationInput {
  query: string;
  context: Record<string, unknown> | undefined;
  docs: readonly Document[];
  prompt: string;
}

/**
 * Splits text into chunks of `size` words. Each word keeps the whitespace that follows it (leading
 * whitespace goes with the first chunk), so the chunks join back into exactly the text.
 *
 * @example
 * ```ts
 * splitWords('one two three', 2); // ['one two ', 'three']
 * ```
 */
export function splitWords(text: string, size: number): string[] {
  const lead = /^\s*/u.exec(text)?.[0] ?? '';
  const words = text.slice(lead.length).match(/\S+\s*/gu) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += size) chunks.push(words.slice(i, i + size).join(''));
  if (chunks.length > 0) chunks[0] = lead + chunks[0];
  return chunks;
}

function answerOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const answer = (value as { answer?: unknown } | null)?.answer;
  if (typeof answer === 'string') return answer;
  throw new RxRunnablesError(
    'GENERATION',
    'generate() must return a string or { answer: string }',
    {
      stage: 'generation',
    },
  );
}

/**
 * A Runnable (reporting `on_llm_*` events) that calls `generate` once and streams its answer in
 * chunks of `chunkSize` words, the first at once and the next ones `simDelayMs` apart.
 *
 * @example
 * ```ts
 * const sim = new SimulatedGeneration(() => 'a b c', { chunkSize: 2, simDelayMs: 10 });
 * sim.stream({ query: 'q', context: undefined, docs: [], prompt: '' }); // 'a b ', 'c'
 * ```
 */
export class SimulatedGeneration extends Runnable<SimulatedGenerationInput, string> {
  override readonly eventKind = 'llm' as const;

  constructor(
    private readonly generate: GenerateFn,
    private readonly options: { chunkSize: number; simDelayMs: number },
  ) {
    super();
  }

  /** Its prompt, as LangChain's LLMs report theirs: `{ prompts: [prompt] }`. @internal */
  override eventInput(input: SimulatedGenerationInput): unknown {
    return { prompts: [input.prompt] };
  }

  protected transform(
    input$: Observable<SimulatedGenerationInput>,
    ctx: RunContext,
  ): Observable<string> {
    return collect(input$).pipe(
      switchMap(({ query, context, docs, prompt }) =>
        from(
          Promise.resolve().then(() =>
            this.generate(query, context, { docs, prompt, signal: ctx.signal }),
          ),
        ),
      ),
      map((value) => splitWords(answerOf(value), this.options.chunkSize)),
      switchMap((chunks) =>
        from(chunks).pipe(
          concatMap((chunk, i) =>
            i === 0 ? of(chunk) : timer(this.options.simDelayMs).pipe(map(() => chunk)),
          ),
        ),
      ),
    );
  }
}
