/** Shared fixtures of the StreamingRAG tests: retrievers and scripted models that record what happened. */
import { firstValueFrom, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import type { Document } from '../../src/rag';

export const DOCS: Document[] = [
  {
    pageContent: 'Unsubscribing cancels the run and aborts the HTTP request.',
    metadata: { source: 'core.md' },
  },
  {
    pageContent: 'withRetry retries a step that failed before its first chunk.',
    metadata: { source: 'retry.md' },
  },
];

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function collectAll<T>(source: Observable<T>): Promise<T[]> {
  return firstValueFrom(source.pipe(toArray()));
}

/** A retriever object returning `docs`, optionally after `delayMs`; records the signals it got. */
export function fixedRetriever(docs: Document[] = DOCS, delayMs = 0) {
  const signals: AbortSignal[] = [];
  return {
    signals,
    async invoke(_query: string, options?: { signal?: AbortSignal }): Promise<Document[]> {
      if (options?.signal) signals.push(options.signal);
      if (delayMs > 0) await sleep(delayMs);
      return docs;
    },
  };
}

/** A retriever whose promise never settles (until its signal aborts, which is recorded). */
export function hangingRetriever() {
  const state = { aborted: false };
  return {
    state,
    invoke(_query: string, options?: { signal?: AbortSignal }): Promise<Document[]> {
      options?.signal?.addEventListener('abort', () => (state.aborted = true));
      return new Promise<Document[]>(() => undefined);
    },
  };
}

export interface ScriptOptions {
  /** Pause before each token after the first, ms. */
  gapMs?: number;
  /** Throw this after `failAfter` tokens. */
  error?: Error;
  failAfter?: number;
  /** Wait forever after `hangAfter` tokens. */
  hangAfter?: number;
}

/** What a scripted model saw: prompts, whether its stream was closed, whether its signal fired. */
export interface ModelRecord {
  prompts: string[];
  closed: boolean;
  aborted: boolean;
}

/** A model with `async *astream(prompt)` (strategy 1) that records prompts and its closing. */
export function asyncModel(tokens: string[], options: ScriptOptions = {}) {
  const record: ModelRecord = { prompts: [], closed: false, aborted: false };
  return {
    record,
    async *astream(prompt: string, call?: { signal?: AbortSignal }): AsyncGenerator<string> {
      record.prompts.push(prompt);
      call?.signal?.addEventListener('abort', () => (record.aborted = true));
      try {
        for (const [i, token] of tokens.entries()) {
          if (i === options.failAfter) throw options.error ?? new Error('model failed');
          if (i === options.hangAfter) {
            // Like a real client, the wait ends (with an abort error) when the signal fires.
            await new Promise<never>((_, reject) =>
              call?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
            );
          }
          if (i > 0 && options.gapMs) await sleep(options.gapMs);
          yield token;
        }
        if (tokens.length === options.failAfter) throw options.error ?? new Error('model failed');
      } finally {
        record.closed = true;
      }
    },
  };
}

/** A model with a generator `stream(prompt)` (strategy 2, a sync iterable). */
export function syncModel(tokens: string[], options: ScriptOptions = {}) {
  const record: ModelRecord = { prompts: [], closed: false, aborted: false };
  return {
    record,
    *stream(prompt: string): Generator<string> {
      record.prompts.push(prompt);
      try {
        for (const [i, token] of tokens.entries()) {
          if (i === options.failAfter) throw options.error ?? new Error('model failed');
          yield token;
        }
      } finally {
        record.closed = true;
      }
    },
  };
}
