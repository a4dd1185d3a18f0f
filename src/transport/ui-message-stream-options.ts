/**
 * What the UI message stream encoder accepts and how it is configured, with the defaults it
 * uses for finish reasons, sources and reasoning blocks.
 * @module
 */
import type { BaseMessage, ContentBlock } from '../chunks';
import type { RxRunnablesError } from '../core';
import type { Document, StreamEvent } from '../rag';
import type {
  UIFinishReason,
  UIMessageChunk,
  UISourceDocumentChunk,
  UISourceUrlChunk,
} from './ui-message-chunk';

/**
 * What the UI message stream encoder accepts: text (strings), chat model chunks
 * (`AIMessageChunk`: text, reasoning blocks, tool-call chunks), tool results (`ToolMessage`),
 * StreamingRAG events, and UI parts passed through as they are (`data-*` parts, for example).
 */
export type UIMessageStreamInput = string | BaseMessage | StreamEvent | UIMessageChunk;

/** Options of the UI message stream encoder (`toUIMessageStream` and friends). */
export interface UIMessageStreamOptions {
  /**
   * The id of the assistant message, sent in the `start` part. Default: the id of the last
   * message of `originalMessages` when it is an assistant message (the answer goes on in it),
   * else a random UUID.
   */
  messageId?: string;
  /**
   * The messages of the request (`useChat` sends them as `messages`). When the last one is an
   * assistant message, this stream continues it: a paused run answered with `addToolOutput` or
   * `addToolApprovalResponse`. The `start` part then carries its id, so the chat adds the new
   * parts to that message instead of appending a second one (as the AI SDK's
   * `toUIMessageStream({ originalMessages })`).
   */
  originalMessages?: readonly { readonly id: string; readonly role: string }[];
  /** Metadata sent in the `start` part. */
  messageMetadata?: unknown;
  /** Send `start-step` / `finish-step` around each model step (default `true`, as `streamText`). */
  sendSteps?: boolean;
  /** Tool parts as `dynamic-tool` parts (tools the front end does not declare); default `false`. */
  dynamicTools?: boolean;
  /**
   * The source part of one retrieved document. Default: `source-url` when
   * `metadata.url` is an http(s) URL, else `source-document` titled by `metadata.title`,
   * `metadata.source` or the text's start. Return `undefined` to leave a document out.
   */
  toSource?: (doc: Document, index: number) => UISourceDocumentChunk | UISourceUrlChunk | undefined;
  /** Also send each StreamingRAG lifecycle event as a transient `data-rag-event` part. */
  ragEventData?: boolean;
  /**
   * The `errorText` of an `error` part, from the typed error (default: its message). Called for
   * a failing source, a StreamingRAG ERROR event, and bad input (`INVALID_INPUT`, with
   * `details.position`).
   */
  onError?: (error: RxRunnablesError) => string;
}

/** Provider finish reasons as the AI SDK names them. */
export const FINISH_REASONS: Readonly<Record<string, UIFinishReason>> = {
  stop: 'stop',
  end_turn: 'stop',
  length: 'length',
  max_tokens: 'length',
  tool_calls: 'tool-calls',
  tool_use: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

/** The default source part of a retrieved document (see `UIMessageStreamOptions.toSource`). */
export function defaultSource(
  doc: Document,
  index: number,
): UISourceDocumentChunk | UISourceUrlChunk {
  const meta = doc.metadata;
  const sourceId = typeof doc.id === 'string' && doc.id !== '' ? doc.id : `source-${index + 1}`;
  const named = [meta.title, meta.source, meta.name].find((v) => typeof v === 'string' && v);
  const title = typeof named === 'string' ? named : doc.pageContent.slice(0, 60);
  if (typeof meta.url === 'string' && /^https?:\/\//.test(meta.url)) {
    return { type: 'source-url', sourceId, url: meta.url, title };
  }
  const mediaType = typeof meta.mediaType === 'string' ? meta.mediaType : 'text/plain';
  const filename = typeof meta.source === 'string' ? meta.source : undefined;
  return filename === undefined
    ? { type: 'source-document', sourceId, mediaType, title }
    : { type: 'source-document', sourceId, mediaType, title, filename };
}

/** The reasoning text of a content block (`reasoning` or `thinking`), or `undefined`. */
export function reasoningOf(block: ContentBlock): string | undefined {
  if (block.type === 'reasoning') {
    const text = block.reasoning ?? block.text;
    return typeof text === 'string' ? text : undefined;
  }
  if (block.type === 'thinking') return typeof block.thinking === 'string' ? block.thinking : '';
  return undefined;
}
