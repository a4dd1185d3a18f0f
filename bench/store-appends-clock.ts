/**
 * What the producing and the reading instance of bench/store-appends.ts share: the clock of the
 * send times written into events, and the reading instance's report.
 * @module
 */

/** Now in ms since the epoch, sub-millisecond: comparable across processes of one machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/** What the reading instance saw. */
export interface ReaderReport {
  readonly events: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Events missed, got twice or out of order. */
  readonly wrong: number;
  /** When the last event arrived (ms since the epoch, fractional). */
  readonly lastAt: number;
  /** CPU time the reading instance used (user + system) from `ready` until the last event, ms. */
  readonly cpuMs: number;
}
