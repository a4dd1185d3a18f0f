/**
 * followSignal: an AbortController of a step's own that follows the run's signal.
 * @module
 */

/**
 * A controller of one's own that aborts, with the same reason, when `signal` does (at once if
 * it already has): what a step hands to a call it starts, so the step can abort that call
 * without aborting the caller's signal. `release` removes the listener from `signal`; call it
 * when the call is over.
 * @internal
 */
export function followSignal(signal: AbortSignal | null | undefined): {
  controller: AbortController;
  release: () => void;
} {
  const controller = new AbortController();
  if (signal == null) return { controller, release: noop };
  const abort = (): void => controller.abort(signal.reason);
  if (signal.aborted) {
    abort();
    return { controller, release: noop };
  }
  signal.addEventListener('abort', abort, { once: true });
  return { controller, release: () => signal.removeEventListener('abort', abort) };
}

const noop = (): void => undefined;
