/**
 * The stable wire shapes of library values: JSON text for encoders, revival for clients.
 * @module
 */
import { BaseMessage, messageFromJSON } from '../chunks';
import { RxRunnablesError, toRxRunnablesError } from '../core';
import type { ErrorCode } from '../core';
import { EventType, createStreamEvent, isStreamEvent } from '../rag';
import type { StreamEvent } from '../rag';

/** An error as it crosses the wire: the `code`, `message` and JSON-safe `details` of the typed error. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * An error's wire shape: `{ code, message, details }`. Any thrown value is first made typed
 * (`toRxRunnablesError`); `details.cause` is replaced by `{ name, message }` of the cause (or
 * dropped when it is not an error), and details that are not JSON-safe are made so.
 *
 * @example
 * ```ts
 * import { RxRunnablesError } from 'rx-runnables';
 * import { errorToWire } from 'rx-runnables/transport';
 * errorToWire(new RxRunnablesError('TIMEOUT', 'late', { step: 'model' }));
 * // { code: 'TIMEOUT', message: 'late', details: { step: 'model' } }
 * ```
 */
export function errorToWire(error: unknown): WireError {
  const typed = toRxRunnablesError(error);
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(typed.details)) {
    if (value === undefined) continue;
    if (key === 'cause') {
      if (value instanceof Error) details['cause'] = { name: value.name, message: value.message };
      continue;
    }
    details[key] = value;
  }
  let safe: Record<string, unknown>;
  try {
    safe = JSON.parse(JSON.stringify(details, replacer)) as Record<string, unknown>;
  } catch {
    safe = {};
  }
  return { code: typed.code, message: typed.message, details: safe };
}

/**
 * Turns an error's wire shape (as `errorToWire` made it) back into a typed
 * {@link RxRunnablesError} with the same code, message and details. Anything else becomes
 * `UNKNOWN`.
 *
 * @example
 * ```ts
 * import { errorFromWire } from 'rx-runnables/transport';
 * errorFromWire({ code: 'TIMEOUT', message: 'late', details: {} }).code; // 'TIMEOUT'
 * ```
 */
export function errorFromWire(payload: unknown): RxRunnablesError {
  if (typeof payload === 'object' && payload !== null) {
    const p = payload as { code?: unknown; message?: unknown; details?: unknown };
    const code = typeof p.code === 'string' ? (p.code as ErrorCode) : 'UNKNOWN';
    const message = typeof p.message === 'string' ? p.message : 'The server reported an error';
    const details =
      typeof p.details === 'object' && p.details !== null
        ? { ...(p.details as Record<string, unknown>), remote: true }
        : { remote: true };
    return new RxRunnablesError(code, message, details);
  }
  return new RxRunnablesError('UNKNOWN', String(payload), { remote: true });
}

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return errorToWire(value);
  return value;
}

/**
 * The JSON text of a value as the encoders send it. Messages use their `toJSON()`
 * (`{ type, content, … }`, revived by `messageFromJSON`); errors anywhere inside become
 * `{ code, message, details }`; bigints become strings; everything else is plain `JSON.stringify`
 * (`undefined` becomes `null`).
 *
 * @example
 * ```ts
 * import { AIMessageChunk } from 'rx-runnables/chunks';
 * import { serializeForWire } from 'rx-runnables/transport';
 * serializeForWire(new AIMessageChunk('Hi')); // '{"type":"ai","content":"Hi",…}'
 * ```
 */
export function serializeForWire(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (value === undefined || value === null) return 'null';
  // Messages and StreamingRAG events hold no errors: no replacer (a bigint in them throws, and
  // takes the general path).
  if (value instanceof BaseMessage || isStreamEvent(value)) {
    try {
      return JSON.stringify(value);
    } catch {
      // Fall through.
    }
  }
  return JSON.stringify(value, replacer) ?? 'null';
}

const MESSAGE_TYPES = new Set(['human', 'system', 'ai', 'tool']);
const RAG_TYPES = new Set<string>(Object.values(EventType));

function isWireRagEvent(
  value: object,
): value is { type: EventType; data: unknown; latency: number } {
  const keys = Object.keys(value);
  const v = value as { type?: unknown; latency?: unknown };
  return (
    keys.length === 3 &&
    'data' in value &&
    typeof v.latency === 'number' &&
    RAG_TYPES.has(v.type as string)
  );
}

function isWireMessage(value: unknown): value is { type: string; content: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    MESSAGE_TYPES.has((value as { type?: unknown }).type as string) &&
    'content' in value
  );
}

/**
 * Revives what {@link serializeForWire} sent, after `JSON.parse`: message shapes
 * (`{ type: 'ai' | 'human' | 'system' | 'tool', content, … }`) become message instances and
 * StreamingRAG event shapes (`{ type, data, latency }`) become StreamingRAG events, at the top
 * level and inside arrays and plain objects (a run event's `data.chunk`, for example).
 * Other values are returned as they are.
 *
 * @example
 * ```ts
 * import { reviveFromWire } from 'rx-runnables/transport';
 * const chunk = reviveFromWire(JSON.parse('{"type":"ai","content":"Hi","chunk":true}'));
 * ```
 */
export function reviveFromWire(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(reviveFromWire);
  if (isWireMessage(value)) return messageFromJSON(value) as BaseMessage;
  if (isWireRagEvent(value)) {
    return createStreamEvent(value.type, value.data as never, value.latency) as StreamEvent;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const revived = reviveFromWire(item);
    if (revived !== item) {
      out ??= { ...(value as Record<string, unknown>) };
      out[key] = revived;
    }
  }
  return out ?? value;
}
