/**
 * JSON over Node `http` for the chat app: reading a bounded JSON body, and typed JSON errors
 * `{ error: { code, message, details } }` with a 4xx status.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RxRunnablesError } from 'rx-runnables';
import { errorToWire } from 'rx-runnables/transport';

/** The app's own codes, beside the library's (`INVALID_INPUT`, `JSON_PARSE`). */
export type HttpErrorCode = 'NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'PAYLOAD_TOO_LARGE';

/** An HTTP error with its status, code and details (a route or method the app does not have). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** Writes `value` as JSON with `status` (no-store: conversations change as answers stream). */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** Status of a library error that reached the HTTP layer: bad input is the client's fault. */
function statusOf(error: RxRunnablesError): number {
  if (error.code === 'INVALID_INPUT' || error.code === 'JSON_PARSE') {
    return error.details['reason'] === 'too-large' ? 413 : 400;
  }
  return 500;
}

/** Sends `error` as `{ error: { code, message, details } }` with a fitting status. */
export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error instanceof HttpError) {
    const body: ErrorBody = {
      error: { code: error.code, message: error.message, details: error.details },
    };
    if (error.code === 'METHOD_NOT_ALLOWED') {
      res.setHeader('allow', String(error.details['allowed'] ?? ''));
    }
    sendJson(res, error.status, body);
    return;
  }
  const wire = errorToWire(error);
  const status = RxRunnablesError.isInstance(error) ? statusOf(error) : 500;
  sendJson(res, status, { error: { ...wire, details: { ...wire.details } } });
}

/**
 * Reads a request body of at most `maxBytes` and parses it as a JSON object. Fails with
 * `INVALID_INPUT` (`reason: 'too-large'`, status 413) past the limit, `JSON_PARSE` for text that
 * is not JSON, and `INVALID_INPUT` for JSON that is not an object.
 */
export async function readJsonObject(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new RxRunnablesError(
        'INVALID_INPUT',
        `The request body is larger than ${maxBytes} bytes`,
        {
          reason: 'too-large',
          maxBytes,
        },
      );
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new RxRunnablesError('JSON_PARSE', 'The request body is not valid JSON', {
      text: text.slice(0, 100),
      cause,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RxRunnablesError('INVALID_INPUT', 'The request body must be a JSON object', {
      received: Array.isArray(value) ? 'array' : typeof value,
    });
  }
  return value as Record<string, unknown>;
}
