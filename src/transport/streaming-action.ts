/**
 * Streaming actions (the Burr pattern): a generator yields deltas, then `{ result, state }`.
 * @module
 */
import { Observable } from 'rxjs';
import { RxRunnablesError, abortError, toRxRunnablesError } from '../core';

const RESULT = Symbol.for('rx-runnables.action-result');

/** The end of a streaming action: its result and the new state. */
export interface ActionResult<R, S> {
  readonly result: R;
  readonly state: S;
}

/**
 * A streaming action: a generator (async or not) of `(state, inputs)` that yields deltas and
 * ends with `{ result, state }`, either returned (`return { result, state }`) or yielded
 * through {@link actionResult} as its last value.
 */
export type StreamingAction<S, I, D, R> = (
  state: S,
  inputs: I,
) =>
  | AsyncGenerator<D | ActionResult<R, S>, ActionResult<R, S> | void, undefined>
  | Generator<D | ActionResult<R, S>, ActionResult<R, S> | void, undefined>;

/** How a streaming action ended, as `onEnd` receives it (exactly once). */
export type ActionOutcome<R, S> =
  | { readonly status: 'completed'; readonly result: R; readonly state: S }
  | { readonly status: 'failed'; readonly error: RxRunnablesError }
  | { readonly status: 'cancelled' };

/** Options of {@link streamResult}. */
export interface StreamResultOptions<R, S> {
  /** Called once when the action ends: completed, failed, or cancelled (`break`, `cancel()`, signal). */
  onEnd?: (outcome: ActionOutcome<R, S>) => void;
  /** Aborting cancels the action (its generator's `finally` runs) and `onEnd` gets `cancelled`. */
  signal?: AbortSignal;
  /** The action's name in error details (default: the function's name). */
  name?: string;
}

/**
 * Marks the last value a streaming action yields: its result and the new state.
 *
 * @example
 * ```ts
 * async function* echo(state: { n: number }, inputs: { text: string }) {
 *   yield inputs.text;
 *   yield actionResult(inputs.text, { n: state.n + 1 });
 * }
 * ```
 */
export function actionResult<R, S>(result: R, state: S): ActionResult<R, S> {
  const out = { result, state };
  Object.defineProperty(out, RESULT, { value: true });
  return out;
}

function isMarked<R, S>(value: unknown): value is ActionResult<R, S> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [RESULT]?: unknown })[RESULT] === true
  );
}

function isResult<R, S>(value: unknown): value is ActionResult<R, S> {
  return typeof value === 'object' && value !== null && 'result' in value && 'state' in value;
}

/** A sync or async generator: what a streaming action is. */
export type AnyGenerator<T, TReturn> =
  AsyncGenerator<T, TReturn, undefined> | Generator<T, TReturn, undefined>;

/**
 * What {@link streamResult} returns: iterate it for the deltas; `get()` resolves
 * `{ result, state }`. Calling `get()` before the deltas were all read drains the rest (they
 * are dropped). The action runs once, pulled as it is read; `break` or `cancel()` stops it.
 */
export class StreamingResultContainer<D, R, S> implements AsyncIterable<D> {
  readonly #generator: AnyGenerator<D | ActionResult<R, S>, ActionResult<R, S> | void>;
  readonly #options: StreamResultOptions<R, S>;
  readonly #name: string;
  #queue: Promise<unknown> = Promise.resolve();
  #outcome: ActionOutcome<R, S> | undefined;
  #iterating = false;
  readonly #onAbort = (): void => void this.cancel();

  constructor(
    generator: AnyGenerator<D | ActionResult<R, S>, ActionResult<R, S> | void>,
    name: string,
    options: StreamResultOptions<R, S>,
  ) {
    this.#generator = generator;
    this.#name = name;
    this.#options = options;
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (options.signal?.aborted === true) void this.cancel();
  }

  /** How the action ended, or `undefined` while it runs. */
  get outcome(): ActionOutcome<R, S> | undefined {
    return this.#outcome;
  }

  /** One step at a time: a delta, or `done` once the action has ended. */
  #step(): Promise<IteratorResult<D, undefined>> {
    const run = this.#queue.then(() => this.#pull());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #pull(): Promise<IteratorResult<D, undefined>> {
    if (this.#outcome !== undefined) return this.#doneOrThrow();
    let step: IteratorResult<D | ActionResult<R, S>, ActionResult<R, S> | void>;
    try {
      step = await this.#generator.next();
    } catch (error) {
      this.#end({
        status: 'failed',
        error: toRxRunnablesError(error, 'UNKNOWN', { step: this.#name, stage: 'action' }),
      });
      return this.#doneOrThrow();
    }
    if (this.#outcome !== undefined) return this.#doneOrThrow();
    if (step.done === true || isMarked<R, S>(step.value)) {
      const final = step.value;
      if (step.done !== true) await this.#close();
      if (isResult<R, S>(final)) {
        this.#end({ status: 'completed', result: final.result, state: final.state });
      } else {
        this.#end({
          status: 'failed',
          error: new RxRunnablesError(
            'ACTION_NO_RESULT',
            `Streaming action ${this.#name} ended without { result, state }: return it, or yield actionResult(result, state) last`,
            { step: this.#name, stage: 'action' },
          ),
        });
      }
      return this.#doneOrThrow();
    }
    return { done: false, value: step.value as D };
  }

  #doneOrThrow(): IteratorResult<D, undefined> {
    const outcome = this.#outcome;
    if (outcome?.status === 'failed') throw outcome.error;
    if (outcome?.status === 'cancelled')
      throw abortError('The streaming action was cancelled', { step: this.#name });
    return { done: true, value: undefined };
  }

  async #close(): Promise<void> {
    try {
      await this.#generator.return(undefined);
    } catch {
      // The generator's own cleanup failed after the action ended; the outcome stands.
    }
  }

  #end(outcome: ActionOutcome<R, S>): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.#options.onEnd?.(outcome);
  }

  /** The deltas, pulled from the action as they are read. `break` cancels the action. */
  [Symbol.asyncIterator](): AsyncIterator<D, undefined> {
    if (this.#iterating) {
      throw new RxRunnablesError('INVALID_INPUT', 'A streaming result can be iterated only once', {
        step: this.#name,
      });
    }
    this.#iterating = true;
    return {
      next: async () => {
        const step = await this.#step();
        return step;
      },
      return: async () => {
        if (this.#outcome === undefined) await this.cancel();
        return { done: true, value: undefined };
      },
    };
  }

  /** The deltas as an Observable; unsubscribing before the end cancels the action. */
  asObservable(): Observable<D> {
    return new Observable<D>((subscriber) => {
      const iterator = this[Symbol.asyncIterator]();
      const loop = async (): Promise<void> => {
        for (;;) {
          const step = await iterator.next();
          if (subscriber.closed) return;
          if (step.done === true) break;
          subscriber.next(step.value);
        }
        subscriber.complete();
      };
      loop().catch((error: unknown) => subscriber.error(error));
      return () => void iterator.return?.();
    });
  }

  /**
   * Resolves `{ result, state }` once the action ends; if deltas are still unread, reads (and
   * drops) them first. Rejects with the action's typed error, or `ABORTED` if it was cancelled.
   */
  async get(): Promise<ActionResult<R, S>> {
    for (;;) {
      const step = await this.#step();
      if (step.done === true) break;
    }
    const outcome = this.#outcome;
    if (outcome?.status !== 'completed')
      throw new Error('unreachable: a streaming action ended without an outcome');
    return { result: outcome.result, state: outcome.state };
  }

  /** Stops the action (its generator's `finally` runs); `onEnd` gets `cancelled`. */
  async cancel(): Promise<void> {
    if (this.#outcome !== undefined) return;
    this.#end({ status: 'cancelled' });
    await this.#close();
  }
}

/**
 * Runs a streaming action: returns a container to iterate for its deltas, whose `get()`
 * resolves `{ result, state }` (draining unread deltas when called early). `onEnd` runs
 * exactly once when the action ends — completed, failed, or cancelled by `break`, `cancel()` or
 * `signal`.
 *
 * @example
 * ```ts
 * import { actionResult, streamResult } from 'rx-runnables/transport';
 *
 * async function* respond(state: { history: string[] }, inputs: { prompt: string }) {
 *   const words = ['You', 'said:', inputs.prompt];
 *   for (const word of words) yield { delta: `${word} ` };
 *   const answer = words.join(' ');
 *   yield actionResult(answer, { history: [...state.history, answer] });
 * }
 *
 * const container = streamResult(respond, { history: [] }, { prompt: 'hi' });
 * for await (const item of container) process.stdout.write(item.delta);
 * const { result, state } = await container.get();
 * ```
 */
export function streamResult<S, I, D, R>(
  action: StreamingAction<S, I, D, R>,
  state: S,
  inputs: I,
  options: StreamResultOptions<R, S> = {},
): StreamingResultContainer<D, R, S> {
  const name = options.name ?? (action.name || 'action');
  return new StreamingResultContainer<D, R, S>(action(state, inputs), name, options);
}
