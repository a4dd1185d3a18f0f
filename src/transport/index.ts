/**
 * rx-runnables/transport: SSE and JSON Lines both ways, web `Response` and Node `http` serving,
 * and the fetch client. Runs in browsers and edge runtimes (no Node import).
 * @module
 */
export { formatSSE, encodeSSE, SSE_HEADERS, SSE_PING } from './sse-encoder';
export type { SSEMessage, SSEEncodeOptions } from './sse-encoder';
export { createSSEParser, decodeSSE } from './sse-decoder';
export type { SSEEvent, SSEParser, SSEParserOptions, SSEDecodeOptions } from './sse-decoder';
export { encodeJSONL, decodeJSONL, JSONL_HEADERS } from './jsonl';
export type { JSONLEncodeOptions, JSONLDecodeOptions } from './jsonl';
export { toSSEResponse, toJSONLResponse, toStreamResponse } from './response';
export type { StreamResponseOptions, SSEResponseOptions, JSONLResponseOptions } from './response';
export { pipeToNodeResponse } from './node-response';
export type {
  NodeResponseLike,
  NodeStreamSource,
  NodeResponseOptions,
  NodePipeOutcome,
} from './node-response';
export { fromSSE, fromJSONL } from './client';
export type { ClientInput, FromSSEInit, FromJSONLInit } from './client';
export type { SSEDataOf, SSEDataOption } from './sse-data';
export { serializeForWire, reviveFromWire, errorToWire, errorFromWire } from './wire';
export type { WireError } from './wire';
export type { TextBody, IterableObservable } from './text-source';
export type { StreamSource } from './stream-source';
export {
  toUIMessageStream,
  toUIMessageStreamSSE,
  toUIMessageStreamResponse,
  pipeUIMessageStreamToNodeResponse,
  UI_MESSAGE_STREAM_DONE,
} from './to-ui-message-stream';
export type {
  UIMessageStreamSource,
  UIMessageStreamResponseOptions,
  UIMessageStreamNodeOptions,
} from './to-ui-message-stream';
export { UIMessageEncoder } from './ui-message-encoder';
export type { UIMessageStreamInput, UIMessageStreamOptions } from './ui-message-stream-options';
export { UI_MESSAGE_STREAM_HEADERS, isUIMessageChunk } from './ui-message-chunk';
export type {
  UIMessageChunk,
  UIJsonValue,
  UIFinishReason,
  UISourceDocumentChunk,
  UISourceUrlChunk,
  UIDataChunk,
} from './ui-message-chunk';
export { StreamingMessage } from './streaming-message';
export type { OnceSource } from './replay-once';
export { documentToSource } from './message-source';
export type { MessageSource, StreamingMessageInit } from './message-source';
export type { MessageLine, MessageJSONLInput } from './streaming-message-jsonl';
export { streamResult, actionResult, StreamingResultContainer } from './streaming-action';
export type {
  AnyGenerator,
  ActionResult,
  ActionOutcome,
  StreamingAction,
  StreamResultOptions,
} from './streaming-action';
export { streamActionSSE } from './streaming-action-sse';
export type { ActionStreamEvent, StreamActionSSEOptions } from './streaming-action-sse';
export { readActionSSE } from './read-action-sse';
export type { ActionSSEInput } from './read-action-sse';
