/**
 * Reading `Retry-After` (and OpenAI's `retry-after-ms`) from an HTTP error's headers.
 * @module
 */

type HeaderBag = { get?: unknown } & Record<string, unknown>;

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const bag = headers as HeaderBag;
  if (typeof bag.get === 'function') {
    const value: unknown = (bag.get as (key: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  for (const key of Object.keys(bag)) {
    const value = bag[key];
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * How long the server asked the client to wait, in milliseconds, from the headers of an error
 * answer: `retry-after-ms` (OpenAI's, milliseconds), else `Retry-After` as delay-seconds
 * (`"2"`, `"1.5"`) or as an HTTP date (a date in the past gives 0). `headers` may be a `Headers`
 * object or a plain record. `undefined` when there is no usable value.
 *
 * @example
 * ```ts
 * retryAfterMs(new Headers({ 'retry-after': '2' })); // 2000
 * retryAfterMs({ 'Retry-After': new Date(Date.now() + 5_000).toUTCString() }); // about 5000
 * ```
 */
export function retryAfterMs(headers: unknown, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const value = header(headers, 'retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date names its day and month; a bare number that is not delay-seconds is no date.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
