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

/**
 * Mirrors `source$`, erroring with `onIdle(valuesSoFar)` (and unsubscribing from the source, so
 * its request is cancelled) when `idleMs` pass before the first value or between two values.
 * `Infinity` disables it. One timer per subscription, re-armed only when it fires (a value costs
 * a clock read, not a timer); it is cleared when the stream ends or is unsubscribed.
 * @internal
 */
export function idleTimeout<T>(
  source$: Observable<T>,
  idleMs: number,
  onIdle: (valuesSoFar: readonly T[]) => Error,
): Observable<T> {
  if (idleMs === Infinity) return source$;
  return new Observable<T>((subscriber) => {
    const values: T[] = [];
    const subscription = new Subscription();
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = (): void => {
      const idle = Date.now() - last;
      if (idle < idleMs) {
        timer = setTimeout(check, idleMs - idle);
        return;
      }
      timer = undefined;
      subscription.unsubscribe();
      subscriber.error(onIdle(values));
    };
    timer = setTimeout(check, idleMs);
    subscription.add(() => clearTimeout(timer));
    subscription.add(
      source$.subscribe({
        next: (value) => {
          last = Date.now();
          values.push(value);
          subscriber.next(value);
        },
        error: (error: unknown) => {
          clearTimeout(timer);
          subscriber.error(error);
        },
        complete: () => {
          clearTimeout(timer);
          subscriber.complete();
        },
      }),
    );
    return subscription;
  });
}
