/**
 * Validation of numeric options: every one is checked, and a bad one is `INVALID_CONFIG`
 * naming it.
 * @module
 */
import { RxRunnablesError } from './errors';

/** The largest delay a timer can wait (2³¹ − 1 ms); Node and browsers fire longer ones at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a numeric option accepts. @internal */
export interface NumberRule {
  /** The smallest value allowed (default 0). */
  min?: number;
  /** The largest finite value allowed (default none). */
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** `Infinity` is allowed (it means "no limit"). */
  infinity?: boolean;
}

/**
 * Throws `INVALID_CONFIG` naming `name` unless `value` is undefined or a number the rule allows.
 *
 * @example
 * ```ts
 * import { checkNumberOption } from 'rx-runnables';
 * checkNumberOption('attempts', 3, { min: 1, integer: true }); // fine
 * checkNumberOption('attempts', Number.NaN, { min: 1, integer: true }); // throws INVALID_CONFIG
 * ```
 */
export function checkNumberOption(name: string, value: unknown, rule: NumberRule = {}): void {
  if (value === undefined) return;
  const { min = 0, max, integer = false, infinity = false } = rule;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (value === Infinity
      ? infinity
      : Number.isFinite(value) &&
        value >= min &&
        (max === undefined || value <= max) &&
        (!integer || Number.isInteger(value)));
  if (ok) return;
  const wanted = [
    integer ? 'a whole number' : 'a number',
    `≥ ${min}`,
    max === undefined ? '' : `≤ ${max}`,
    infinity ? 'or Infinity' : '',
  ]
    .filter(Boolean)
    .join(' ');
  throw new RxRunnablesError(
    'INVALID_CONFIG',
    `Option ${name} must be ${wanted}, got ${String(value)}`,
    {
      option: name,
      value,
    },
  );
}

/**
 * Checks a duration in milliseconds given to a timer: 0 ≤ ms ≤ 2³¹ − 1, or `Infinity` (no
 * deadline). Throws `INVALID_CONFIG` naming the option otherwise.
 *
 * @example
 * ```ts
 * import { checkTimerMs } from 'rx-runnables';
 * checkTimerMs('timeoutMs', Infinity); // fine: no deadline
 * checkTimerMs('timeoutMs', 2 ** 31); // throws INVALID_CONFIG
 * ```
 */
export function checkTimerMs(name: string, value: unknown): void {
  checkNumberOption(name, value, { max: MAX_TIMER_MS, infinity: true });
}
