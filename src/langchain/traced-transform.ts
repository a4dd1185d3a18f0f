/**
 * The LangChain run of a step of ours inside a LangChain chain, with its totals kept in our types.
 * @module
 */
import type { CallbackManagerForChainRun } from '@langchain/core/callbacks/manager';
import type { Runnable as LCRunnable, RunnableConfig } from '@langchain/core/runnables';
import { ensureConfig, getCallbackManagerForConfig } from '@langchain/core/runnables';
import { pipeGeneratorWithSetup } from '@langchain/core/utils/stream';

/** What the traced run needs from the step it reports. @internal */
export interface TracedStep<T> {
  /** The step's own input chunk, with `tracked` true while a callback will read the total. */
  input(chunk: unknown, tracked: boolean): unknown;
  /**
   * The step's output, as LangChain values, from its converted input; `runManager` is the run's
   * callback manager when a handler listens, else undefined.
   */
  transform(
    inputs: AsyncGenerator<unknown>,
    runManager: CallbackManagerForChainRun | undefined,
    config: Partial<RunnableConfig>,
  ): AsyncGenerator<T>;
  /** The input and output added up so far, as LangChain values, for the end or error callback. */
  totals(): { input: unknown; output: unknown };
}

/** A LangChain tracer that reports a run's output chunks as they pass (streamEvents, streamLog). */
interface OutputTap {
  readonly name: string;
  tapOutputIterable<U>(runId: string, output: AsyncGenerator<U>): AsyncGenerator<U>;
}

/** The tracers that tap a run's output, in the order LangChain applies them. */
const TAPS = ['event_stream_tracer', 'log_stream_tracer'];

function isOutputTap(handler: { name: string }): handler is OutputTap {
  return 'tapOutputIterable' in handler;
}

/** True when a callback handler listens to the run (and so reads its totals). */
function listens(
  manager: CallbackManagerForChainRun | undefined,
): manager is CallbackManagerForChainRun {
  return manager !== undefined && manager.handlers.length > 0;
}

/** LangChain's chain values: an object as it is, anything else (or an array) under `key`. */
function coerceToDict(value: unknown, key: string): Record<string, unknown> {
  return typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date)
    ? (value as Record<string, unknown>)
    : { [key]: value };
}

/** True when `error` is `origin` or has it in its chain of causes. */
function causedBy(error: unknown, origin: unknown): boolean {
  for (let e = error, depth = 0; depth < 8; depth++) {
    if (e === origin) return true;
    if (typeof e !== 'object' || e === null || !('cause' in e)) return false;
    e = e.cause;
  }
  return false;
}

/**
 * Runs `step` as LangChain runs a streaming step (what its `_transformStreamWithConfig` does): the
 * chain run starts when the first input chunk arrives, streamEvents and streamLog see every
 * output chunk, and the run ends (or errors) with the whole input and output. Unlike LangChain,
 * the step adds its input and output up in our types, and only while a callback handler will
 * read them: a LangChain message chunk concatenated per input chunk costs about 7 µs, ours a
 * twentieth of that, and nothing when no handler listens.
 * @internal
 */
export async function* tracedTransform<T>(
  owner: LCRunnable,
  inputs: AsyncGenerator<unknown>,
  options: (Partial<RunnableConfig> & { runType?: string }) | undefined,
  step: TracedStep<T>,
): AsyncGenerator<T> {
  const config: RunnableConfig & { runType?: string } = ensureConfig(options);
  const callbackManager = await getCallbackManagerForConfig(config);
  let runManager: CallbackManagerForChainRun | undefined;
  // Until the run starts (at the first chunk), a callback manager may have handlers.
  let tracked = callbackManager !== undefined;
  // An error of LangChain's side (the step before this one) leaves as it came, as it would
  // from LangChain's own step: not wrapped in the typed error our run gives it.
  let upstream: { error: unknown } | undefined;
  async function* own(): AsyncGenerator<unknown> {
    try {
      for await (const chunk of inputs) yield step.input(chunk, tracked);
    } catch (error) {
      upstream = { error };
      throw error;
    }
  }
  try {
    const pipe = await pipeGeneratorWithSetup(
      (generator: AsyncGenerator<unknown>, manager: CallbackManagerForChainRun | undefined) =>
        step.transform(generator, listens(manager) ? manager : undefined, config),
      own(),
      async () =>
        callbackManager?.handleChainStart(
          owner.toJSON(),
          { input: '' },
          config.runId,
          config.runType,
          undefined,
          undefined,
          config.runName ?? owner.getName(),
          undefined,
          { lc_defers_inputs: true },
        ),
      config.signal,
    );
    delete config.runId;
    const manager = pipe.setup;
    runManager = manager;
    tracked = listens(manager);
    let output = pipe.output;
    if (manager !== undefined) {
      for (const name of TAPS) {
        const tap = manager.handlers.find((handler) => handler.name === name);
        if (tap !== undefined && isOutputTap(tap))
          output = tap.tapOutputIterable(manager.runId, output);
      }
    }
    yield* output;
  } catch (caught) {
    const error =
      upstream !== undefined && causedBy(caught, upstream.error) ? upstream.error : caught;
    await runManager?.handleChainError(error, undefined, undefined, undefined, {
      inputs: coerceToDict(step.totals().input, 'input'),
    });
    throw error;
  }
  const { input, output } = step.totals();
  await runManager?.handleChainEnd(output ?? {}, undefined, undefined, undefined, {
    inputs: coerceToDict(input, 'input'),
  });
}
