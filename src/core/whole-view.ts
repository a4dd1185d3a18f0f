/**
 * The whole view of an event sink: how a run read whole (`invoke`) looks to LangChain's
 * callbacks and log stream. LangChain's `invoke` runs each step on the whole output of the one
 * before, so a chain or parser step starts once its input is complete and streams nothing,
 * while our steps stream inside `invoke` too. A sink that reports to LangChain-shaped consumers
 * carries such a view; `streamEvents` sinks do not.
 * @module
 */
import { kindOf, phaseOf } from './callback-dispatch';
import type { RunEvent, RunEventSink } from './run-events';

const WHOLE = Symbol('rx-runnables.whole-view');

type WithView = RunEventSink & { [WHOLE]?: RunEventSink };

/** `sink` with `view` as its whole view. @internal */
export function withWholeView(sink: RunEventSink, view: RunEventSink): RunEventSink {
  (sink as WithView)[WHOLE] = view;
  return sink;
}

/** The sink a run read whole reports to: `sink`'s whole view, or `sink`. @internal */
export function wholeView(sink: RunEventSink): RunEventSink {
  return (sink as WithView)[WHOLE] ?? sink;
}

/** Both sinks (or the one given), with both whole views. @internal */
export function teeSinks(
  a: RunEventSink | undefined,
  b: RunEventSink | undefined,
): RunEventSink | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const both: RunEventSink = (event) => {
    a(event);
    b(event);
  };
  const viewA = wholeView(a);
  const viewB = wholeView(b);
  if (viewA === a && viewB === b) return both;
  return withWholeView(both, (event) => {
    viewA(event);
    viewB(event);
  });
}

/**
 * `sink` seen as LangChain's `invoke` runs: a chain or parser step below the root is reported as
 * starting when its first child starts, or else when it ends (then with its whole input as
 * `data.input`); its stream events are dropped, and so are models' unless `tokens`.
 * @internal
 */
export function holdWhole(sink: RunEventSink, tokens: boolean): RunEventSink {
  const held = new Map<string, RunEvent>();
  const release = (ids: readonly string[]): void => {
    for (const id of ids) {
      const start = held.get(id);
      if (start === undefined) continue;
      held.delete(id);
      sink(start);
    }
  };
  return (event) => {
    if (held.size > 0) release(event.parentIds);
    const kind = kindOf(event);
    const phase = phaseOf(event);
    const chainLike = kind === 'chain' || kind === 'parser';
    if (phase === 'start' && chainLike && event.parentIds.length > 0) {
      held.set(event.runId, event);
      return;
    }
    if (phase === 'stream' && (chainLike || !tokens)) return;
    const start = held.get(event.runId);
    if (start !== undefined) {
      held.delete(event.runId);
      sink({ ...start, data: { ...start.data, input: event.data.input } });
    }
    sink(event);
  };
}
