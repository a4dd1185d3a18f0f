/**
 * rx-runnables/store: where streamed events live so a client can resume — the `EventStore`
 * contract, the in-memory store, detached runs and the resuming SSE route. Runs everywhere; the
 * Redis store is in `rx-runnables/store/node`.
 * @module
 */
export type {
  EventStore,
  EventStoreOptions,
  StoredEvent,
  StreamInfo,
  StreamStatus,
  OpenStreamOptions,
  AppendOptions,
  ReadOptions,
} from './event-store';
export { MemoryEventStore } from './memory-event-store';
export { runDetached } from './run-detached';
export type { RunDetachedOptions, DetachedRun } from './run-detached';
export { serveStream } from './serve-stream';
export type { ServeStreamOptions } from './serve-stream';
export { encodeUIMessageParts, serveUIMessageStream } from './ui-message-resume';
