/**
 * Our SSE parser beside eventsource-parser 3 on the behaviours of eventsource-parser's own test
 * suite: both parsers are run on the same pieces (whole, and cut at every point) and must agree.
 * eventsource-parser reports `id` per event block and no `event` when none was named; the WHATWG
 * standard (and ours) keeps the last id across events and names such events `message`, so its
 * events are read through that rule before comparing.
 */
import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { createSSEParser } from '../../src/transport';
import type { SSEEvent } from '../../src/transport';
import { parityCases } from './sse-parity-cases';
import type { ParityCase } from './sse-parity-cases';

interface Outcome {
  events: { id: string; event: string; data: string }[];
  retries: number[];
}

function decodePieces(pieces: (string | Uint8Array)[], decoder: TextDecoder): string[] {
  const out = pieces.map((p) => (typeof p === 'string' ? p : decoder.decode(p, { stream: true })));
  if (pieces.some((p) => typeof p !== 'string')) out.push(decoder.decode());
  return out;
}

function ours(pieces: (string | Uint8Array)[]): Outcome {
  const events: SSEEvent[] = [];
  const retries: number[] = [];
  const parser = createSSEParser((e) => events.push(e), { onRetry: (ms) => retries.push(ms) });
  // As decodeSSE does: one streaming decoder that leaves the BOM to the parser.
  for (const text of decodePieces(pieces, new TextDecoder('utf-8', { ignoreBOM: true }))) {
    parser.feed(text);
  }
  parser.end();
  return { events: events.map(({ id, event, data }) => ({ id, event, data })), retries };
}

function theirs(pieces: (string | Uint8Array)[]): Outcome {
  const events: Outcome['events'] = [];
  const retries: number[] = [];
  let lastId = '';
  const parser = createParser({
    onEvent(e) {
      if (e.id !== undefined) lastId = e.id;
      events.push({ id: lastId, event: e.event ?? 'message', data: e.data });
    },
    onRetry: (ms) => retries.push(ms),
  });
  // As eventsource-parser's own stream does: a default TextDecoder, which strips a BOM.
  for (const text of decodePieces(pieces, new TextDecoder())) parser.feed(text);
  return { events, retries };
}

/** The same stream with every piece boundary moved: cut once at `at` (in characters or bytes). */
function resplit(c: ParityCase, at: number): (string | Uint8Array)[] {
  if (c.pieces.every((p) => typeof p === 'string')) {
    const text = (c.pieces as string[]).join('');
    return [text.slice(0, at), text.slice(at)];
  }
  const bytes = c.pieces.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
  const all = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of bytes) {
    all.set(b, offset);
    offset += b.length;
  }
  return [all.subarray(0, at), all.subarray(at)];
}

function lengthOf(c: ParityCase): number {
  return c.pieces.every((p) => typeof p === 'string')
    ? (c.pieces as string[]).join('').length
    : c.pieces.reduce(
        (n, p) => n + (typeof p === 'string' ? new TextEncoder().encode(p).length : p.length),
        0,
      );
}

describe('our SSE parser agrees with eventsource-parser 3', () => {
  for (const c of parityCases) {
    it(`${c.name}: as fed`, () => {
      const mine = ours(c.pieces);
      expect(mine).toEqual(theirs(c.pieces));
    });
  }

  it('the cases dispatch events (the comparison is not vacuous)', () => {
    const total = parityCases.reduce((n, c) => n + ours(c.pieces).events.length, 0);
    expect(total).toBeGreaterThan(150);
  });

  for (const c of parityCases.filter((c) => lengthOf(c) < 4_000)) {
    it(`${c.name}: cut at every point`, () => {
      const n = lengthOf(c);
      for (let at = 0; at <= n; at++) {
        const pieces = resplit(c, at);
        expect(ours(pieces), `cut at ${at}`).toEqual(theirs(pieces));
      }
    });
  }
});

describe('where the WHATWG standard and eventsource-parser 3 differ, ours follows the standard', () => {
  it('an id from a block without data carries over to the next event', () => {
    const text = 'id: 42\n\ndata: hello\n\n';
    expect(ours([text]).events).toEqual([{ id: '42', event: 'message', data: 'hello' }]);
    expect(theirs([text]).events).toEqual([{ id: '', event: 'message', data: 'hello' }]);
  });

  it('a leading U+FEFF in already-decoded text is skipped', () => {
    const text = '\uFEFFdata: bomful 1\n\ndata: bomless 2\n\n';
    expect(ours([text]).events.map((e) => e.data)).toEqual(['bomful 1', 'bomless 2']);
    expect(theirs([text]).events.map((e) => e.data)).toEqual(['bomless 2']);
  });
});
