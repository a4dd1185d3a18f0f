/**
 * Turning what `ChatOpenAI` and the OpenAI SDK throw into typed rx-runnables errors.
 * @module
 */
import { RxRunnablesError, abortError, toRxRunnablesError } from '../core/errors';
import { retryAfterMs } from '../models/retry-after';

/** What the model knew about the call when it failed. */
export interface OpenAIFailureContext {
  /** The model's step name (for `details.step`). */
  step: string;
  /** True when the call was aborted (cancelled, unsubscribed, timed out). */
  aborted: boolean;
  /** Why it was aborted, when it was. */
  abortReason?: unknown;
  /** Chunks delivered before the failure. */
  chunksReceived: number;
}

type Fields = {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  code?: unknown;
  type?: unknown;
  cause?: unknown;
  headers?: unknown;
};

function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

function className(value: unknown): string {
  const ctor = fields(value).constructor as { name?: unknown } | undefined;
  return typeof ctor?.name === 'string' ? ctor.name : '';
}

const NETWORK_CODES = /^(UND_ERR|ECONN|EPIPE|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH)/;

/** A connection that failed or broke: refused, reset, or a body cut before it ended. */
function isNetworkError(error: unknown): boolean {
  if (/^APIConnection/.test(className(error))) return true;
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 4; depth++) {
    const { code, message } = fields(e);
    if (typeof code === 'string' && NETWORK_CODES.test(code)) return true;
    if (e instanceof TypeError && (message === 'terminated' || message === 'fetch failed'))
      return true;
    e = fields(e).cause;
  }
  return false;
}

function text(value: unknown): string {
  const { message } = fields(value);
  return typeof message === 'string' ? message : String(value);
}

/**
 * Maps a failure of an OpenAI call to an {@link RxRunnablesError}:
 * - an abort → `ABORTED`; a client-side request timeout → `TIMEOUT`;
 * - an HTTP error answer → `MODEL_HTTP` with `details.status` (and the API's `errorType` and
 *   `errorCode` when it sent them, and `retryAfterMs` from a `Retry-After` or `retry-after-ms`
 *   header: seconds or an HTTP date);
 * - a connection refused or cut mid-stream → `MODEL_HTTP` with `details.stage` `request` or
 *   `stream` and no status;
 * - a `data:` line that is not JSON → `SSE_PARSE`;
 * - missing credentials or other client configuration errors → `INVALID_CONFIG`;
 * - anything else → `GENERATION`.
 *
 * Every error keeps the original as `cause` and reports `chunksReceived`.
 *
 * @example
 * ```ts
 * const err = toOpenAIModelError(e, { step: 'OpenAIChatModel', aborted: false, chunksReceived: 0 });
 * if (err.code === 'MODEL_HTTP' && err.details.status === 429) console.log('rate limited');
 * ```
 */
export function toOpenAIModelError(
  error: unknown,
  context: OpenAIFailureContext,
): RxRunnablesError {
  if (RxRunnablesError.isInstance(error)) return error;
  const { step, chunksReceived } = context;
  const stage = chunksReceived > 0 ? 'stream' : 'request';
  const base = { step, stage, chunksReceived, cause: error };
  const { name, status, code, type } = fields(error);
  if (context.aborted || name === 'AbortError' || text(error) === 'AbortError') {
    return abortError(context.abortReason ?? error, { step, chunksReceived });
  }
  if (name === 'TimeoutError' || className(error) === 'APIConnectionTimeoutError') {
    return new RxRunnablesError('TIMEOUT', `The OpenAI request timed out: ${text(error)}`, base);
  }
  if (typeof status === 'number') {
    const retryAfter = retryAfterMs(fields(error).headers);
    return new RxRunnablesError(
      'MODEL_HTTP',
      `The OpenAI API answered HTTP ${status}: ${text(error)}`,
      {
        ...base,
        status,
        ...(typeof type === 'string' ? { errorType: type } : {}),
        ...(typeof code === 'string' ? { errorCode: code } : {}),
        ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
      },
    );
  }
  if (error instanceof SyntaxError) {
    return new RxRunnablesError(
      'SSE_PARSE',
      `The model's event stream held a data line that is not JSON: ${error.message}`,
      base,
    );
  }
  if (isNetworkError(error)) {
    const what =
      stage === 'stream'
        ? 'The connection to the model closed before the stream ended'
        : 'Could not reach the model';
    return new RxRunnablesError('MODEL_HTTP', `${what}: ${text(error)}`, base);
  }
  if (className(error) === 'OpenAIError') {
    return new RxRunnablesError('INVALID_CONFIG', text(error), base);
  }
  return toRxRunnablesError(error, 'GENERATION', { step, stage, chunksReceived });
}
