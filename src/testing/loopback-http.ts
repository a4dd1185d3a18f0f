/**
 * HTTP helpers of the loopback server: reading requests, writing JSON, stalling. Node-only,
 * internal to rx-runnables/testing (not re-exported).
 * @internal
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatCompletionRequestBody, ScriptedHttpFailure } from './openai-server-types';

/** A promise with its resolve function. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The request body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** The request body parsed: a JSON object, else the raw text (`undefined` when empty). */
export function parseBody(text: string): ChatCompletionRequestBody | string | undefined {
  if (text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as ChatCompletionRequestBody)
      : text;
  } catch {
    return text;
  }
}

/** Answers with a JSON body (and extra headers). */
export function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The headers of a scripted HTTP failure (`Retry-After` included). */
export function failureHeaders(fail: ScriptedHttpFailure): Record<string, string> {
  const headers = { ...fail.headers };
  if (fail.retryAfter !== undefined) headers['retry-after'] = String(fail.retryAfter);
  return headers;
}

/** Sends the status and headers now, and nothing after them (a stalled server). */
export function stall(res: ServerResponse, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
  res.flushHeaders();
}
