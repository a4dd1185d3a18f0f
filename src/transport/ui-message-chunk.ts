/**
 * The parts of the Vercel AI SDK UI message stream protocol (v1), as `useChat` reads them.
 * @module
 */

/** A JSON value (what a tool input or output, or a data part, may hold on the wire). */
export type UIJsonValue =
  | null
  | string
  | number
  | boolean
  | readonly UIJsonValue[]
  | { readonly [key: string]: UIJsonValue | undefined };

/** Why the message finished, as the AI SDK names it. */
export type UIFinishReason =
  'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other';

/** A `source-document` part: a retrieved document cited by the answer. */
export interface UISourceDocumentChunk {
  readonly type: 'source-document';
  readonly sourceId: string;
  readonly mediaType: string;
  readonly title: string;
  readonly filename?: string;
}

/** A `source-url` part: a web page cited by the answer. */
export interface UISourceUrlChunk {
  readonly type: 'source-url';
  readonly sourceId: string;
  readonly url: string;
  readonly title?: string;
}

/** A `data-<name>` part: application data a `useChat` front end receives in `onData`/parts. */
export interface UIDataChunk {
  readonly type: `data-${string}`;
  readonly id?: string;
  readonly data: unknown;
  readonly transient?: boolean;
}

/**
 * One part of the UI message stream, with the field names of the AI SDK's `UIMessageChunk`
 * (`ai@5`–`ai@7`). Each is sent as one SSE frame `data: <json>\n\n`.
 *
 * @example
 * ```ts
 * const part: UIMessageChunk = { type: 'text-delta', id: 'text-0', delta: 'Hello' };
 * ```
 */
export type UIMessageChunk =
  | { readonly type: 'start'; readonly messageId?: string; readonly messageMetadata?: unknown }
  | { readonly type: 'start-step' }
  | { readonly type: 'finish-step' }
  | { readonly type: 'text-start'; readonly id: string }
  | { readonly type: 'text-delta'; readonly id: string; readonly delta: string }
  | { readonly type: 'text-end'; readonly id: string }
  | { readonly type: 'reasoning-start'; readonly id: string }
  | { readonly type: 'reasoning-delta'; readonly id: string; readonly delta: string }
  | { readonly type: 'reasoning-end'; readonly id: string }
  | {
      readonly type: 'tool-input-start';
      readonly toolCallId: string;
      readonly toolName: string;
      readonly dynamic?: boolean;
    }
  | {
      readonly type: 'tool-input-delta';
      readonly toolCallId: string;
      readonly inputTextDelta: string;
    }
  | {
      readonly type: 'tool-input-available';
      readonly toolCallId: string;
      readonly toolName: string;
      readonly input: unknown;
      readonly dynamic?: boolean;
    }
  | {
      readonly type: 'tool-input-error';
      readonly toolCallId: string;
      readonly toolName: string;
      readonly input: unknown;
      readonly errorText: string;
      readonly dynamic?: boolean;
    }
  | {
      readonly type: 'tool-output-available';
      readonly toolCallId: string;
      readonly output: unknown;
      readonly dynamic?: boolean;
    }
  | {
      readonly type: 'tool-output-error';
      readonly toolCallId: string;
      readonly errorText: string;
      readonly dynamic?: boolean;
    }
  | {
      readonly type: 'tool-approval-request';
      readonly approvalId: string;
      readonly toolCallId: string;
    }
  | { readonly type: 'tool-output-denied'; readonly toolCallId: string }
  | UISourceDocumentChunk
  | UISourceUrlChunk
  | UIDataChunk
  | { readonly type: 'error'; readonly errorText: string }
  | { readonly type: 'message-metadata'; readonly messageMetadata: unknown }
  | { readonly type: 'abort'; readonly reason?: string }
  | {
      readonly type: 'finish';
      readonly finishReason?: UIFinishReason;
      readonly messageMetadata?: unknown;
    };

/**
 * The response headers of a UI message stream: SSE, no caching or proxy buffering, and the
 * `x-vercel-ai-ui-message-stream: v1` marker the AI SDK's transport checks.
 *
 * @example
 * ```ts
 * new Response(body, { headers: UI_MESSAGE_STREAM_HEADERS });
 * ```
 */
export const UI_MESSAGE_STREAM_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-vercel-ai-ui-message-stream': 'v1',
  'x-accel-buffering': 'no',
});

const PART_TYPES = new Set([
  'start',
  'start-step',
  'finish-step',
  'text-start',
  'text-delta',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-available',
  'tool-input-error',
  'tool-output-available',
  'tool-output-error',
  'tool-approval-request',
  'tool-output-denied',
  'source-document',
  'source-url',
  'error',
  'message-metadata',
  'abort',
  'finish',
]);

/**
 * True when `value` is already a {@link UIMessageChunk} (a plain object whose `type` is a part
 * type or starts with `data-`); the encoder passes such values through unchanged.
 *
 * @example
 * ```ts
 * isUIMessageChunk({ type: 'data-weather', data: { c: 21 } }); // true
 * isUIMessageChunk('hello'); // false
 * ```
 */
export function isUIMessageChunk(value: unknown): value is UIMessageChunk {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && (PART_TYPES.has(type) || type.startsWith('data-'));
}
