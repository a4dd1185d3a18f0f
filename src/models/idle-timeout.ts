/**
 * An idle deadline for a stream: an error when no value arrives for a while.
 * @module
 */
import { Observable, Subscription } from 'rxjs';
import { RxRunnablesError } from '../core/errors';
import { MAX_TIMER_MS, checkNumberOption } from '../core/validate';

/**
 * Checks a duration option (core's `checkNumberOption`): milliseconds in `[min, 2^31 − 1]`, or
 * `Infinity` when `allowInfinity` (no deadline); anything else throws `INVALID_CONFIG` naming the
 * option. Returns the value.
 * @internal
 */
export function checkDurationMs(
  name: string,
  value: unknown,
  { min = 0, allowInfinity = true }: { min?: number; allowInfinity?: boolean } = {},
): number {
  if (value === undefined) {
    throw new RxRunnablesError('INVALID_CONFIG', `${name} must be a number of milliseconds`, {
      option: name,
    });
  }
  checkNumberOption(name, value, { min, max: MAX_TIMER_MS, infinity: allowInfinity });
  return value as number;
}

/** Checks per idle period: the deadline is kept within a quarter of it, and a value costs a write. */
const TICKS = 4;

/**
 * Mirrors `source$`, erroring with `onIdle()` (and unsubscribing from the source, so
 * its request is cancelled) when no value arrives for `idleMs` — before the first value or
 * between two — detected within a quarter of `idleMs` after that (so at most `1.25 × idleMs`).
 * `Infinity` disables it. One timer per subscription, ticking every quarter period; a value only
 * resets a counter (no clock read, no timer call). The timer is cleared when the stream ends or
 * is unsubscribed.
 * @internal
 */
export function idleTimeout<T>(
  source$: Observable<T>,
  idleMs: number,
  onIdle: () => Error,
): Observable<T> {
  if (idleMs === Infinity) return source$;
  const tickMs = idleMs / TICKS;
  return new Observable<T>((subscriber) => {
    const subscription = new Subscription();
    let silentTicks = 0;
    const timer = setInterval(() => {
      // The first silent tick may come right after a value: one more makes a whole period.
      if (++silentTicks <= TICKS) return;
      subscription.unsubscribe();
      subscriber.error(onIdle());
    }, tickMs);
    subscription.add(() => clearInterval(timer));
    subscription.add(
      source$.subscribe({
        next: (value) => {
          silentTicks = 0;
          subscriber.next(value);
        },
        error: (error: unknown) => {
          clearInterval(timer);
          subscriber.error(error);
        },
        complete: () => {
          clearInterval(timer);
          subscriber.complete();
        },
      }),
    );
    return subscription;
  });
}
