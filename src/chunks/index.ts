/**
 * Additive chunks: the concat protocol, chat messages and the `accumulate()` operator.
 * @module
 */
export { concatChunks as concat } from '../core';
export type { Concatenable } from '../core';
export { accumulate } from './accumulate';
export type { AccumulateOptions } from './accumulate';
export { AIMessage } from './ai-message';
export type { AIMessageFields } from './ai-message';
export { AIMessageChunk } from './ai-message-chunk';
export type { AIMessageChunkFields } from './ai-message-chunk';
export { BaseMessage, contentText } from './base-message';
export { fromForeignMessage, toForeignMessage } from './foreign-message';
export type { ForeignMessageLike } from './foreign-message';
export type { BaseMessageFields, MessageInit } from './base-message';
export { HumanMessage } from './human-message';
export { coerceMessageLike } from './message-like';
export type {
  MessageLike,
  MessageRoleLike,
  MessageTuple,
  OpenAIMessageLike,
  OpenAIToolCallLike,
} from './message-like';
export { messageFromJSON } from './message-from-json';
export { SystemMessage } from './system-message';
export { parseToolCallChunks } from './tool-call-parser';
export type { ParsedToolCalls } from './tool-call-parser';
export { ToolMessage } from './tool-message';
export type { ToolMessageFields } from './tool-message';
export type {
  ContentBlock,
  InputTokenDetails,
  InvalidToolCall,
  MessageContent,
  MessageType,
  Metadata,
  OutputTokenDetails,
  SnakeCaseUsageMetadata,
  TokenDetails,
  ToolCall,
  ToolCallChunk,
  UsageMetadata,
} from './types';
