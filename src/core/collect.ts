/**
 * Collecting a chunk stream into one value, for steps that cannot stream their input.
 * @module
 */
import { Observable } from 'rxjs';
import { concatChunks } from './concat';

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
  return new Observable<T>((subscriber) => {
    let total: T | undefined;
    let seen = false;
    return input$.subscribe({
      next(chunk) {
        total = seen ? concatChunks(total as T, chunk) : chunk;
        seen = true;
      },
      error: (error: unknown) => subscriber.error(error),
      complete() {
        if (seen) subscriber.next(total as T);
        subscriber.complete();
      },
    });
  });
}
