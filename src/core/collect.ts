/**
 * Collecting a chunk stream into one value, for steps that cannot stream their input.
 * @module
 */
import { Observable, Subscription } from 'rxjs';
import { addChunkInMode, chunkModeOf } from './chunk-mode';

/**
 * Waits for `input$` to complete, then subscribes to `project(total)`, where `total` is the
 * input chunks added up in the chunk mode `input$` carries (concatenated, or the last snapshot). Nothing runs when `input$` completes
 * empty. A `project` that throws errors the stream. One subscription chain, no intermediate
 * operators: this is the path of every step that cannot stream its input.
 *
 * @example
 * ```ts
 * collectThen(of('a', 'b'), (text) => of(text.length)).subscribe(console.log); // 2
 * ```
 */
export function collectThen<T, R>(
  input$: Observable<T>,
  project: (total: T) => Observable<R>,
): Observable<R> {
  const mode = chunkModeOf(input$);
  return new Observable<R>((subscriber) => {
    const subscriptions = new Subscription();
    let total: T | undefined;
    let seen = false;
    subscriptions.add(
      input$.subscribe({
        next(chunk) {
          total = seen ? addChunkInMode(mode, total, chunk) : chunk;
          seen = true;
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          if (!seen) {
            subscriber.complete();
            return;
          }
          let output$: Observable<R>;
          try {
            output$ = project(total as T);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriptions.add(output$.subscribe(subscriber));
        },
      }),
    );
    return subscriptions;
  });
}

const single = <T>(value: T): Observable<T> =>
  new Observable<T>((subscriber) => {
    subscriber.next(value);
    subscriber.complete();
  });

/**
 * Emits once, when `input$` completes, the concatenation of its chunks (concat protocol).
 * Emits nothing when `input$` completes empty.
 *
 * @example
 * ```ts
 * collect(of('a', 'b')).subscribe(console.log); // 'ab'
 * ```
 */
export function collect<T>(input$: Observable<T>): Observable<T> {
  return collectThen(input$, single);
}
