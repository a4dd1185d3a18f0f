/**
 * An idle deadline for a stream: an error when no value arrives for a while.
 * @module
 */
import { Observable, Subscription } from 'rxjs';
import { RxRunnablesError } from '../core/errors';

/** The longest delay a timer can wait (2^31 − 1 ms); longer ones fire at once in every runtime. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Checks a duration option: a number of milliseconds in `[min, 2^31 − 1]`, or `Infinity` when
 * `allowInfinity` (no deadline). Anything else (negative, `NaN`, a string, 2^31 or more) throws
 * `INVALID_CONFIG` naming the option.
 * @internal
 */
export function checkDurationMs(
  name: string,
  value: unknown,
  {
    min = 0,
    allowInfinity = true,
    step,
  }: { min?: number; allowInfinity?: boolean; step?: string } = {},
): number {
  const ok =
    typeof value === 'number' &&
    ((allowInfinity && value === Infinity) || (value >= min && value <= MAX_TIMER_MS));
  if (!ok) {
    const range = `a number of milliseconds from ${min} to ${MAX_TIMER_MS}${allowInfinity ? ', or Infinity for none' : ''}`;
    throw new RxRunnablesError('INVALID_CONFIG', `${name} must be ${range}, got ${String(value)}`, {
      option: name,
      ...(step === undefined ? {} : { step }),
    });
  }
  return value;
}

/** Checks per idle period: the deadline is kept within a quarter of it, and a value costs a write. */
const TICKS = 4;

/**
 * Mirrors `source$`, erroring with `onIdle(valuesSoFar)` (and unsubscribing from the source, so
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
  onIdle: (valuesSoFar: readonly T[]) => Error,
): Observable<T> {
  if (idleMs === Infinity) return source$;
  const tickMs = idleMs / TICKS;
  return new Observable<T>((subscriber) => {
    const values: T[] = [];
    const subscription = new Subscription();
    let silentTicks = 0;
    const timer = setInterval(() => {
      // The first silent tick may come right after a value: one more makes a whole period.
      if (++silentTicks <= TICKS) return;
      subscription.unsubscribe();
      subscriber.error(onIdle(values));
    }, tickMs);
    subscription.add(() => clearInterval(timer));
    subscription.add(
      source$.subscribe({
        next: (value) => {
          silentTicks = 0;
          values.push(value);
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
