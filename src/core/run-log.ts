/**
 * RunLogPatch and RunLog: what `streamLog` yields, as LangChain's log stream has them.
 * @module
 */
import { applyPatch } from './patch-ops';
import type { PatchOperation } from './patch-ops';

/**
 * One step's entry in a run log (`state.logs[name]`), in LangChain's snake_case shape.
 *
 * @example
 * ```ts
 * const tokens = log.state.logs['DemoChatModel']?.streamed_output_str.join('');
 * ```
 */
export interface LogEntry {
  id: string;
  name: string;
  /** LangChain's run type: `chain`, `prompt`, `parser`, `llm` (chat models too), `retriever`, `tool`. */
  type: string;
  tags: string[];
  metadata: Record<string, unknown>;
  /** ISO 8601. */
  start_time: string;
  streamed_output: unknown[];
  streamed_output_str: string[];
  final_output?: unknown;
  end_time?: string;
}

/**
 * The state a run log's patches build: the root run, its output and its steps' entries.
 *
 * @example
 * ```ts
 * const { streamed_output, final_output, logs } = log.state;
 * ```
 */
export interface RunState {
  id: string;
  name: string;
  type: string;
  streamed_output: unknown[];
  final_output?: unknown;
  logs: Record<string, LogEntry>;
}

/**
 * A list of JSON Patch operations that, applied in order from an empty document, build the run
 * state; `streamLog` yields one per change. `concat` gives a {@link RunLog}.
 *
 * @example
 * ```ts
 * let log: RunLog | undefined;
 * for await (const patch of chain.streamLog(input)) {
 *   log = log ? log.concat(patch) : RunLog.fromRunLogPatch(patch);
 * }
 * ```
 */
export class RunLogPatch {
  readonly ops: PatchOperation[];

  constructor(fields: { ops?: PatchOperation[] }) {
    this.ops = fields.ops ?? [];
  }

  /** Both patches' ops, and the state they build from an empty document. */
  concat(other: RunLogPatch): RunLog {
    const ops = this.ops.concat(other.ops);
    return new RunLog({ ops, state: applyPatch({}, ops) as RunState });
  }
}

/**
 * The ops so far and the state they build. As in LangChain, `concat` applies the other patch to
 * this state in place (cheap per patch) and returns a RunLog holding it.
 *
 * @example
 * ```ts
 * const log = RunLog.fromRunLogPatch(firstPatch);
 * log.state.logs; // {}
 * ```
 */
export class RunLog extends RunLogPatch {
  state: RunState;

  constructor(fields: { ops?: PatchOperation[]; state: RunState }) {
    super(fields);
    this.state = fields.state;
  }

  override concat(other: RunLogPatch): RunLog {
    return runLog(this.ops.concat(other.ops), applyPatch(this.state, other.ops));
  }

  /** The state `patch` builds from an empty document. */
  static fromRunLogPatch(patch: RunLogPatch): RunLog {
    return runLog(patch.ops, applyPatch({}, patch.ops));
  }
}

// Outside the class body: a class that names itself inside is renamed `_RunLog` by bundlers.
function runLog(ops: PatchOperation[], state: unknown): RunLog {
  return new RunLog({ ops, state: state as RunState });
}
