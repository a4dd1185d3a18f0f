/**
 * Flow control: how a pulling consumer (an async iterator) tells the sources of a run when to
 * produce, so that an async source is read only as fast as the consumer reads.
 * @module
 */

/**
 * What a run's sources consult before they produce the next chunk. Present in a run's context
 * only while the run is consumed by async iteration; `stream()` subscribers push.
 * @internal
 */
export interface FlowControl {
  /** True while the consumer wants more chunks. */
  readonly ready: boolean;
  /** Calls `resume` once, as soon as the consumer wants more; returns a function that cancels it. */
  whenReady(resume: () => void): () => void;
  /**
   * Tells the consumer the run's signal: once it aborts, the consumer's next read fails with
   * `error()` even if the run had already ended, as a LangChain stream's does.
   */
  watchSignal?(signal: AbortSignal, error: () => unknown): void;
}

/** Symbol of the method by which a run stream opens itself under a consumer's flow control. */
export const OPEN_WITH_FLOW = Symbol.for('rx-runnables.open-with-flow');

/**
 * Runs `produce` now if the consumer wants more, else as soon as it does. Returns a cancel
 * function (a no-op when it ran at once).
 * @internal
 */
export function whenFlowReady(flow: FlowControl | undefined, produce: () => void): () => void {
  if (flow === undefined || flow.ready) {
    produce();
    return noop;
  }
  return flow.whenReady(produce);
}

/**
 * The pace of `flow` without its signal watch: for a step that opens an inner run under its
 * consumer's pace but handles that run's abort itself (a tool-calling run cancelling its model),
 * so the inner run's signal does not fail the consumer's reads.
 * @internal
 */
export function paceOf(flow: FlowControl): FlowControl {
  return {
    get ready() {
      return flow.ready;
    },
    whenReady: (resume) => flow.whenReady(resume),
  };
}

const noop = (): void => undefined;

/**
 * For a source written as a loop (`for await` over an HTTP body): `undefined` when it may go on
 * at once, else a promise that resolves when the consumer wants more. Await it between chunks:
 * `const wait = flowReady(ctx.flow); if (wait) await wait;`.
 *
 * @example
 * ```ts
 * import { flowReady } from 'rx-runnables';
 * import type { RunContext } from 'rx-runnables';
 * async function pump(body: AsyncIterable<string>, ctx: RunContext, emit: (s: string) => void) {
 *   for await (const chunk of body) {
 *     emit(chunk);
 *     const wait = flowReady(ctx.flow);
 *     if (wait) await wait;
 *   }
 * }
 * ```
 */
export function flowReady(flow: FlowControl | undefined): Promise<void> | undefined {
  if (flow === undefined || flow.ready) return undefined;
  return new Promise<void>((resolve) => {
    flow.whenReady(resolve);
  });
}
