/**
 * rx-runnables: composable streaming LLM pipelines on RxJS — the core.
 * @module
 */
export { Runnable } from './runnable';
export type { BatchOptions } from './runnable';
export type { RunOptions, RunContext } from './run-options';
export type { Callbacks, CallbackHandlerLike, HandlerMethod } from './callbacks';
export { RunLog, RunLogPatch } from './run-log';
export type { LogEntry, RunState } from './run-log';
export type { LogStreamOptions } from './stream-log';
export type { PatchOperation } from './patch-ops';
export type { RunEvent, RunEventName, EventKind, EventPhase, RunEventSink } from './run-events';
export type {
  RunnableLike,
  RunnableFunc,
  RunnableMapLike,
  LambdaConfig,
  AnyRunnableLike,
  InputOf,
  OutputOf,
  UnwrapResult,
} from './runnable-like';
export { RunnableSequence } from './sequence';
export { RunnableLambda } from './lambda';
export type { RunnableLambdaFields } from './lambda';
export { RunnableGenerator } from './generator';
export type { GeneratorFunc } from './generator';
export { RunnableOperator } from './operator';
export type { EventFilter } from './event-filter';
export type { EventStreamBytes, EventStreamEncoding } from './event-stream-encoding';
export { RunnableParallel } from './parallel';
export { coerceRunnable } from './coerce';
export { isRunnable } from './brand';
export {
  ForeignRunnable,
  isForeignRunnable,
  type ForeignRunnableLike,
  type ForeignRunnableOptions,
  type ForeignCallOptions,
} from './foreign-runnable';
export { RunnablePassthrough } from './passthrough';
export { RunnableAssign } from './assign';
export { RunnablePick, pick } from './pick';
export { RunnableBranch } from './branch';
export type { BranchCase } from './branch';
export { RunnableRouter } from './router';
export type { RouterInput } from './router';
export { RunnableBinding } from './binding';
export type { RunnableBindingFields } from './binding';
export { RunnableRetry } from './retry';
export { RunnableWithFallbacks } from './fallbacks';
export type { FallbackSteps } from './fallbacks';
export type { RetryOptions, FallbackOptions, BackoffOptions, MidStreamPolicy } from './attempts';
export { RxRunnablesError, toRxRunnablesError, abortError } from './errors';
export type { ErrorCode, ErrorDetails } from './errors';
export { concatChunks } from './concat';
export type { Concatenable } from './concat';
export { collect, collectThen } from './collect';
export { createRunContext } from './run-context';
export { toAsyncIterator } from './to-async-iterator';
export type { AsyncIteratorOptions } from './to-async-iterator';
export { RunStream } from './run-stream';
export { TextBuffer } from './text-buffer';
export { newRunId } from './run-id';
export { flowReady } from './flow-control';
export type { FlowControl } from './flow-control';
export { addChunkInMode, chunkModeOf, keyedMode, modeOfKey, withChunkMode } from './chunk-mode';
export type { ChunkMode, KeyedChunkMode } from './chunk-mode';
export { checkNumberOption, checkTimerMs, MAX_TIMER_MS } from './validate';
export type { NumberRule } from './validate';
export { fromAsyncIterable } from './from-async-iterable';
