/**
 * Lifecycle events: LangChain's v2 names plus error events and parent ids.
 * @module
 */

/** The kind of a step, which decides its event names (`on_<kind>_start`, …). */
export type EventKind = 'chain' | 'prompt' | 'chat_model' | 'llm' | 'parser' | 'retriever' | 'tool';

/** The phase of a step's event. */
export type EventPhase = 'start' | 'stream' | 'end' | 'error';

/** An event name such as `on_chat_model_stream` or `on_chain_error`. */
export type RunEventName = `on_${EventKind}_${EventPhase}`;

/** One lifecycle event, as emitted by `streamEvents`. */
export interface RunEvent {
  readonly event: RunEventName;
  readonly name: string;
  readonly runId: string;
  /** Run ids of the enclosing steps, outermost first. */
  readonly parentIds: readonly string[];
  readonly tags: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly data: {
    readonly input?: unknown;
    readonly chunk?: unknown;
    readonly output?: unknown;
    readonly error?: unknown;
  };
}

/** Receives events while somebody subscribes to `streamEvents`. @internal */
export type RunEventSink = (event: RunEvent) => void;
