/**
 * Sharing one input stream between several consumers without running it twice.
 * @module
 */
import { ReplaySubject, share } from 'rxjs';
import type { Observable } from 'rxjs';

/**
 * One subscription to `input$`, shared by every subscriber; late subscribers get the chunks
 * they missed. Used where several branches (or several attempts) read the same input. The
 * result carries what `input$` carries about its chunks (their chunk mode, their total).
 * @internal
 */
export function replayInput<T>(input$: Observable<T>): Observable<T> {
  const shared$ = input$.pipe(
    share({
      connector: () => new ReplaySubject<T>(),
      resetOnError: false,
      resetOnComplete: false,
      resetOnRefCountZero: true,
    }),
  );
  for (const tag of Object.getOwnPropertySymbols(input$)) {
    Object.defineProperty(shared$, tag, {
      value: (input$ as unknown as Record<symbol, unknown>)[tag],
    });
  }
  return shared$;
}
