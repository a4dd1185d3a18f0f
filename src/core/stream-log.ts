/**
 * `streamLog`: a run's events as LangChain's log stream patches (`RunLogPatch`), with its
 * include/exclude filter.
 * @module
 */
import { Observable } from 'rxjs';
import { chatGeneration, coerceToDict, deferredStart, llmResult, textOf } from './callback-args';
import { kindOf, phaseOf } from './callback-dispatch';
import { FILTER_OPTION_NAMES, includesRun } from './event-filter';
import type { EventFilter } from './event-filter';
import { checkOptionNames } from './option-names';
import { formatPointerToken } from './json-pointer';
import type { PatchOperation } from './patch-ops';
import { RunLogPatch } from './run-log';
import type { LogEntry } from './run-log';
import type { RunEvent, RunEventSink } from './run-events';
import { holdWhole, withWholeView } from './whole-view';

/**
 * The third argument of `streamLog`, as in LangChain: which steps get an entry in `logs`. With
 * any `include…` list, a step is logged when its name, run type (`llm` for chat models) or one
 * of its tags is included; then a step whose name or type is excluded, or that has an excluded
 * tag, is not.
 *
 * @example
 * ```ts
 * chain.streamLog(input, {}, { includeTypes: ['llm'], excludeTags: ['internal'] });
 * ```
 */
export type LogStreamOptions = EventFilter;

/** LangChain's run type of an event's step. */
const runTypeOf = (kind: string): string => (kind === 'chat_model' ? 'llm' : kind);

/** A step's `final_output` as LangChain's tracer records it. */
function finalOutput(kind: string, output: unknown): unknown {
  if (kind === 'chat_model' || kind === 'llm') return llmResult(output, kind === 'chat_model');
  if (kind === 'retriever') return { documents: output };
  return coerceToDict(output, 'output');
}

/** Turns a run's events into patches pushed to `push`. */
function logBuilder(filter: LogStreamOptions, push: (patch: RunLogPatch) => void): RunEventSink {
  let rootId: string | undefined;
  const keys = new Map<string, string>();
  const counts = new Map<string, number>();
  const emit = (...ops: PatchOperation[]): void => push(new RunLogPatch({ ops }));
  return (event: RunEvent) => {
    const kind = kindOf(event);
    const phase = phaseOf(event);
    const { runId, name } = event;
    const type = runTypeOf(kind);
    if (rootId === undefined && phase === 'start') {
      rootId = runId;
      const value = {
        id: runId,
        name,
        type,
        streamed_output: [],
        final_output: undefined,
        logs: {},
      };
      emit({ op: 'replace', path: '', value });
      return;
    }
    if (runId === rootId) {
      if (phase === 'stream')
        emit({ op: 'add', path: '/streamed_output/-', value: event.data.chunk });
      else if (phase === 'end' || phase === 'error') {
        // As LangChain's tracer, a failed root gets its (undefined) final output too.
        const output = phase === 'end' ? finalOutput(kind, event.data.output) : undefined;
        emit({ op: 'replace', path: '/final_output', value: output });
      }
      return;
    }
    if (phase === 'start') {
      if (!includesRun(filter, name, type, event.tags)) return;
      const count = (counts.get(name) ?? 0) + 1;
      counts.set(name, count);
      const key = count === 1 ? name : `${name}:${count}`;
      keys.set(runId, key);
      const entry: LogEntry = {
        id: runId,
        name,
        type,
        tags: [...event.tags],
        metadata: { ...event.metadata },
        start_time: new Date().toISOString(),
        streamed_output: [],
        streamed_output_str: [],
        final_output: undefined,
        end_time: undefined,
      };
      emit({ op: 'add', path: `/logs/${formatPointerToken(key)}`, value: entry });
      return;
    }
    const key = keys.get(runId);
    if (key === undefined) return;
    const at = `/logs/${formatPointerToken(key)}`;
    if (phase === 'stream') {
      const { chunk } = event.data;
      if (kind === 'chat_model' || kind === 'llm') {
        const token = textOf(chunk);
        const value = kind === 'chat_model' ? chatGeneration(chunk) : token;
        emit(
          { op: 'add', path: `${at}/streamed_output_str/-`, value: token },
          { op: 'add', path: `${at}/streamed_output/-`, value },
        );
      } else if (deferredStart(kind, name)) {
        emit({ op: 'add', path: `${at}/streamed_output/-`, value: chunk });
      }
      return;
    }
    const output = phase === 'end' ? finalOutput(kind, event.data.output) : undefined;
    emit(
      { op: 'add', path: `${at}/final_output`, value: output },
      { op: 'add', path: `${at}/end_time`, value: new Date().toISOString() },
    );
  };
}

/**
 * The patches of the run `open(sink)` starts, reporting its events to `sink`: completes when the
 * run completes, fails when it fails. Bad `filter` names are `INVALID_CONFIG`.
 * @internal
 */
export function runLog(
  filter: LogStreamOptions,
  open: (sink: RunEventSink) => Observable<unknown>,
): Observable<RunLogPatch> {
  return new Observable<RunLogPatch>((subscriber) => {
    try {
      checkOptionNames(filter, FILTER_OPTION_NAMES, 'streamLog');
    } catch (error) {
      subscriber.error(error);
      return undefined;
    }
    const sink = logBuilder(filter, (patch) => subscriber.next(patch));
    // Calls read whole inside the run are logged as LangChain's invoke runs (models' tokens kept).
    return open(withWholeView(sink, holdWhole(sink, true))).subscribe({
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}
