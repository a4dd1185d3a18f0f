/**
 * An Observable transform driven by an async iterator of its input, read as an async generator.
 * @module
 */
import { Subject } from 'rxjs';
import type { Observable } from 'rxjs';

/**
 * Runs `transform` on the chunks of `inputs` as LangChain's own streaming steps do, in one async
 * generator: it reads an input chunk only when every output chunk before it has been taken,
 * pushes it through the transform, and yields what came out at once. Output that arrives while
 * it waits for input (a step with async work inside) is yielded as it arrives. Returning early
 * unsubscribes the transform and returns `inputs`; an error of either side ends it.
 * @internal
 */
export async function* driveTransform<I, O>(
  inputs: AsyncIterator<I>,
  transform: (input$: Observable<I>) => Observable<O>,
): AsyncGenerator<O> {
  const input$ = new Subject<I>();
  let out: O[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  // Set while the generator waits: input read, output or the end wakes it.
  let wake: (() => void) | undefined;
  const poke = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const subscription = transform(input$).subscribe({
    next(value) {
      out.push(value);
      poke();
    },
    error(error: unknown) {
      failure = { error };
      poke();
    },
    complete() {
      ended = true;
      poke();
    },
  });
  let inputDone = false;
  let reading = false;
  let read: { result: IteratorResult<I> } | { error: unknown } | undefined;
  const settle = (outcome: { result: IteratorResult<I> } | { error: unknown }): void => {
    [reading, read] = [false, outcome];
    poke();
  };
  try {
    for (;;) {
      if (out.length > 0) {
        const ready = out;
        out = [];
        for (const value of ready) yield value;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) return;
      if (!inputDone && !reading && read === undefined) {
        reading = true;
        inputs.next().then(
          (result) => settle({ result }),
          (error: unknown) => settle({ error }),
        );
      }
      if (read === undefined) {
        // Wait for the next input chunk, or for output of async work inside the transform.
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      const outcome = read;
      read = undefined;
      if ('error' in outcome) {
        // The input failed: the transform sees the error (and may type it, or recover).
        inputDone = true;
        input$.error(outcome.error);
      } else if (outcome.result.done === true) {
        inputDone = true;
        input$.complete();
      } else input$.next(outcome.result.value);
    }
  } finally {
    subscription.unsubscribe();
    if (!inputDone) void inputs.return?.(undefined)?.catch(() => undefined);
  }
}
