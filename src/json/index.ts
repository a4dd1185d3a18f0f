/**
 * Streaming JSON: the incremental partial-JSON parser, JSON Patch, and JsonOutputParser.
 * @module
 */
export { PartialJsonParser, DEFAULT_MAX_DEPTH } from './partial-json-parser';
export type {
  PartialJsonOutput,
  PartialJsonParserOptions,
  PushResult,
} from './partial-json-parser';
export { parsePartialJson } from './parse-partial-json';
export type { ParsePartialJsonOptions } from './parse-partial-json';
export { JsonOutputParser } from './json-output-parser';
export type {
  JsonOutputChunk,
  JsonOutputFinal,
  JsonOutputParserOptions,
} from './json-output-parser';
export { messageText } from './message-text';
export type { MessageLike } from './message-text';
export type { JsonSchemaIssue, SchemaIssue, SchemaLike, SchemaResult } from './json-schema';
export { applyJsonPatch } from './apply-json-patch';
export { formatJsonPointer, formatPointerToken, parseJsonPointer } from './json-pointer';
export type { JsonErrorReason, JsonParseErrorDetails, JsonTextPosition } from './json-errors';
export type {
  CompletedValue,
  DeepPartial,
  JsonObject,
  JsonPatchOperation,
  JsonPathSegment,
  JsonPrimitive,
  JsonValue,
} from './json-types';
