/**
 * Options of a run and the context every step receives.
 * @module
 */
import type { FlowControl } from './flow-control';
import type { RunEventSink } from './run-events';
import type { Callbacks } from './callbacks';

/** Options accepted by every surface (`invoke`, `stream`, `astream`, `batch`, `streamEvents`). */
export interface RunOptions {
  /** Aborting it cancels the run: the stream errors with `ABORTED` and every resource is released. */
  signal?: AbortSignal;
  /**
   * A deadline for the whole run, in milliseconds (at most 2³¹ − 1; `Infinity` means none). Past
   * it the run errors with `TIMEOUT`.
   */
  timeoutMs?: number;
  /** LangChain's name for {@link RunOptions.timeoutMs}. */
  timeout?: number;
  /** Tags attached to events of this run and of its steps. */
  tags?: string[];
  /** Metadata attached to events of this run and of its steps. */
  metadata?: Record<string, unknown>;
  /** The name the run's root step reports in events. */
  runName?: string;
  /** The most branches or batch items run at once. */
  maxConcurrency?: number;
  /** Values a step may read at run time (model names, temperatures, user ids…). */
  configurable?: Record<string, unknown>;
  /**
   * LangChain callback handlers (`BaseCallbackHandler` instances or plain `{ handleLLMNewToken,
   * … }` objects), called with LangChain's arguments for this run and every step inside it.
   */
  callbacks?: Callbacks;
}

/** What a step's transform receives besides its input. */
export interface RunContext {
  /** Aborted when the run is cancelled, times out, errors or is unsubscribed. */
  readonly signal: AbortSignal;
  /** The merged options of the run and of the bindings around this step. */
  readonly options: RunOptions;
  /** Present only while somebody subscribes to `streamEvents`. @internal */
  readonly events?: RunEventSink;
  /** The run id of the step that called this one (events only). @internal */
  readonly runId?: string;
  /** Run ids of the enclosing steps, outermost first (events only). @internal */
  readonly parentIds: readonly string[];
  /**
   * Tags for the events of the next step only, not its children (`seq:step:2`, `map:key:a`);
   * set only while somebody listens to events. @internal
   */
  readonly stepTags?: readonly string[];
  /** Present while the run is read by async iteration: sources pull only when it is ready. @internal */
  readonly flow?: FlowControl;
  /**
   * True when the caller reads only the run's whole output (`invoke`, `batch`), not its chunks:
   * a foreign step then calls its own `invoke`, as LangChain's composition does. @internal
   */
  readonly whole?: boolean;
}
