/**
 * The one error type the library throws, with a stable `code` and the context a user needs.
 * @module
 */

/** Stable error codes. A code never changes meaning once released. */
export type ErrorCode =
  | 'ABORTED'
  | 'TIMEOUT'
  | 'JSON_PARSE'
  | 'JSON_DEPTH'
  | 'JSON_SCHEMA'
  | 'SSE_PARSE'
  | 'TRANSPORT_HTTP'
  | 'TRANSPORT_CONTENT_TYPE'
  | 'TRANSPORT_NETWORK'
  | 'RETRIEVAL'
  | 'GENERATION'
  | 'PROMPT_MISSING_VARIABLE'
  | 'INVALID_INPUT'
  | 'INVALID_CONFIG'
  | 'NO_LLM'
  | 'MODEL_HTTP'
  | 'NO_MATCHING_BRANCH'
  | 'RETRY_EXHAUSTED'
  | 'EMPTY_OUTPUT'
  | 'MODEL_INCOMPLETE'
  | 'CALLBACK'
  | 'MESSAGE_NOT_READ'
  | 'ACTION_NO_RESULT'
  | 'MISSING_PEER'
  | 'STREAM_FAILED'
  | 'STREAM_CANCELLED'
  | 'STREAM_CONFLICT'
  | 'STREAM_TRIMMED'
  | 'STORE_UNAVAILABLE'
  | 'TOOL_ARGUMENTS'
  | 'TOOL_FAILED'
  | 'RUN_STATE'
  | 'UNKNOWN';

const BRAND = Symbol.for('rx-runnables.error');

/** Extra context carried by an error: a step name, a stage, a position, partial output… */
export interface ErrorDetails {
  cause?: unknown;
  /** The name of the step that failed, when known. */
  step?: string;
  /** The pipeline stage (for example `retrieval` or `generation`). */
  stage?: string;
  /** Output already delivered before the failure (an abort error carries it). */
  partialOutput?: unknown;
  [key: string]: unknown;
}

/**
 * Base class of every error thrown by rx-runnables.
 *
 * @example
 * ```ts
 * try {
 *   await chain.invoke(input, { timeoutMs: 100 });
 * } catch (e) {
 *   if (RxRunnablesError.isInstance(e) && e.code === 'TIMEOUT') console.log('too slow');
 * }
 * ```
 */
export class RxRunnablesError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<ErrorDetails>;
  declare readonly [BRAND]: true;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RxRunnablesError';
    this.code = code;
    this.details = details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The step name from the details, if any. */
  get step(): string | undefined {
    return this.details.step;
  }

  /** The stage from the details, if any. */
  get stage(): string | undefined {
    return this.details.stage;
  }

  /**
   * True for any rx-runnables error, even one created by another copy of the package
   * (the check uses a global symbol, not `instanceof`).
   *
   * @example
   * ```ts
   * RxRunnablesError.isInstance(new RxRunnablesError('TIMEOUT', 'late')); // true
   * ```
   */
  static isInstance(value: unknown): value is RxRunnablesError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true
    );
  }
}

/**
 * Turns any thrown value into an {@link RxRunnablesError}. An rx-runnables error is returned as is;
 * an `AbortError` becomes `ABORTED`; anything else gets `code` (default `UNKNOWN`) and is kept as
 * `cause`.
 *
 * @example
 * ```ts
 * const err = toRxRunnablesError(new Error('boom'), 'GENERATION');
 * err.code; // 'GENERATION'
 * ```
 */
export function toRxRunnablesError(
  value: unknown,
  code: ErrorCode = 'UNKNOWN',
  details: Omit<ErrorDetails, 'cause'> = {},
): RxRunnablesError {
  if (RxRunnablesError.isInstance(value)) return value;
  if (value instanceof Error && value.name === 'AbortError') {
    return new RxRunnablesError('ABORTED', value.message || 'The run was aborted', {
      ...details,
      cause: value,
    });
  }
  const message =
    value instanceof Error ? value.message : typeof value === 'string' ? value : String(value);
  return new RxRunnablesError(code, message, { ...details, cause: value });
}

/**
 * The error used when a run is cancelled through `signal`.
 *
 * @example
 * ```ts
 * abortError('stopped by user').code; // 'ABORTED'
 * ```
 */
export function abortError(
  reason?: unknown,
  details: Omit<ErrorDetails, 'cause'> = {},
): RxRunnablesError {
  if (RxRunnablesError.isInstance(reason)) return reason;
  const message =
    reason instanceof Error
      ? reason.message
      : typeof reason === 'string'
        ? reason
        : 'The run was aborted';
  return new RxRunnablesError('ABORTED', message, { ...details, cause: reason });
}
