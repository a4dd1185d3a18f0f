/** Feeding SSE bytes to our parser split at given points, through a streaming UTF-8 decoder. */
import { createSSEParser } from '../../src/transport';
import type { SSEEvent } from '../../src/transport';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Splits `bytes` at the sorted, distinct cut points. */
export function cut(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

/** Our parser over byte pieces, decoded as `decodeSSE` does (streaming, BOM kept for the parser). */
export function parseBytes(pieces: Uint8Array[]): { events: SSEEvent[]; retries: number[] } {
  const events: SSEEvent[] = [];
  const retries: number[] = [];
  const parser = createSSEParser((e) => events.push(e), { onRetry: (ms) => retries.push(ms) });
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for (const piece of pieces) parser.feed(decoder.decode(piece, { stream: true }));
  parser.feed(decoder.decode());
  parser.end();
  return { events, retries };
}
