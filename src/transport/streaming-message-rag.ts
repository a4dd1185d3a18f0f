/**
 * A StreamingRAG run split into what a streaming message needs: sources first, then chunks.
 * @module
 */
import { Observable } from 'rxjs';
import type { Unsubscribable } from 'rxjs';
import { RxRunnablesError } from '../core';
import type { StreamEvent, StreamingRAG, StreamingRAGRunOptions } from '../rag';
import { documentToSource } from './message-source';
import type { MessageSource } from './message-source';
import { ReplayOnce } from './replay-once';

/** The parts of a message built from a StreamingRAG run. */
export interface RAGMessageParts {
  readonly id: string | undefined;
  readonly sources: readonly MessageSource[];
  readonly chunks: Observable<string>;
}

function errorOf(event: StreamEvent & { type: 'error' }): RxRunnablesError {
  const code = event.data.stage === 'retrieval' ? 'RETRIEVAL' : 'GENERATION';
  return new RxRunnablesError(code, event.data.msg, { stage: event.data.stage });
}

/**
 * Starts one `streamEvents` run and resolves when retrieval is done with the documents as
 * sources and the answer's chunks (an Observable over the same run). A retrieval failure
 * rejects; a generation failure errors the chunks. The run is held until the chunks are first
 * read, then belongs to their reader (a reader that leaves early cancels it).
 */
export function messageFromRAG(
  rag: StreamingRAG,
  query: string,
  options: StreamingRAGRunOptions & { id?: string },
): Promise<RAGMessageParts> {
  const { id, ...runOptions } = options;
  const events = new ReplayOnce<StreamEvent>(rag.streamEvents(query, runOptions));
  const chunks = new Observable<string>((subscriber) => {
    const subscription = events.observable.subscribe({
      next(event) {
        if (event.type === 'chunk') subscriber.next(event.data);
        else if (event.type === 'error') subscriber.error(errorOf(event));
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    release();
    return subscription;
  });
  let hold: Unsubscribable | undefined;
  const release = (): void => {
    hold?.unsubscribe();
    hold = undefined;
  };
  return new Promise<RAGMessageParts>((resolve, reject) => {
    let settled = false;
    const settle = (sources: readonly MessageSource[]): void => {
      if (settled) return;
      settled = true;
      resolve({ id, sources, chunks });
    };
    hold = events.observable.subscribe({
      next(event) {
        if (event.type === 'retrieval_done') settle(event.data.docs.map(documentToSource));
        else if (event.type === 'chunk') settle([]);
        else if (event.type === 'error' && !settled) {
          settled = true;
          reject(errorOf(event));
        }
      },
      error(error: unknown) {
        if (!settled) reject(error);
        settled = true;
      },
      complete: () => settle([]),
    });
  });
}
