import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { createSSEParser } from '../../src/transport';
import type { SSEEvent } from '../../src/transport';
import { corpus } from './sse-corpus';
import { cut, parseBytes, utf8 } from './sse-helpers';

describe('createSSEParser: the WHATWG event-stream rules', () => {
  for (const c of corpus) {
    it(`${c.name}: whole`, () => {
      const { events, retries } = parseBytes([utf8(c.text)]);
      expect(events).toEqual(c.events);
      expect(retries).toEqual(c.retries ?? []);
    });
  }

  it('a CRLF split across two reads ends one line, not two', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser((e) => events.push(e));
    parser.feed('data: A\r\n');
    parser.feed('data: B\r');
    parser.feed('\n');
    parser.feed('data: C\r\n');
    parser.feed('\n');
    expect(events).toEqual([{ id: '', event: 'message', data: 'A\nB\nC' }]);
  });

  it('a bare CR at the end of a read followed by a new line is one line end', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser((e) => events.push(e));
    parser.feed('data: A\r');
    parser.feed('data: B\r');
    parser.feed('\r');
    expect(events).toEqual([{ id: '', event: 'message', data: 'A\nB' }]);
  });

  it('reports comments without the colon and one leading space', () => {
    const comments: string[] = [];
    const parser = createSSEParser(() => undefined, { onComment: (c) => comments.push(c) });
    parser.feed(': ping\n:  two\n:\n\n');
    expect(comments).toEqual(['ping', ' two', '']);
  });

  it('events are delivered while the stream is still open (no wait for the end)', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser((e) => events.push(e));
    parser.feed('data: a\n\ndata: b');
    expect(events.map((e) => e.data)).toEqual(['a']);
  });
});

describe('createSSEParser: every split of the bytes', () => {
  for (const c of corpus) {
    it(`${c.name}: every single split point`, () => {
      const bytes = utf8(c.text);
      for (let i = 0; i <= bytes.length; i++) {
        const { events, retries } = parseBytes(cut(bytes, [i]));
        expect(events, `split at byte ${i}`).toEqual(c.events);
        expect(retries).toEqual(c.retries ?? []);
      }
    });

    it(`${c.name}: one byte per read`, () => {
      const bytes = utf8(c.text);
      const points = Array.from({ length: bytes.length }, (_, i) => i);
      expect(parseBytes(cut(bytes, points)).events).toEqual(c.events);
    });
  }

  it('random multi-splits of the whole corpus concatenated (fast-check)', () => {
    const bytes = utf8(corpus.map((c) => c.text.replace(/^\uFEFF/, '') + '\n\n').join(''));
    const whole = parseBytes([bytes]).events;
    expect(whole.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }),
        (points) => {
          const sorted = [...points].sort((a, b) => a - b);
          expect(parseBytes(cut(bytes, sorted)).events).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('createSSEParser: size limits and linear work', () => {
  it('an event past maxEventSize throws SSE_PARSE with the position', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser((e) => events.push(e), { maxEventSize: 16 });
    parser.feed('data: ok\n\n');
    let error: unknown;
    try {
      parser.feed('data: 0123456789');
      parser.feed('abcdefghij\n');
    } catch (e) {
      error = e;
    }
    expect(events.map((e) => e.data)).toEqual(['ok']);
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    const typed = error as RxRunnablesError;
    expect(typed.code).toBe('SSE_PARSE');
    expect(typed.details).toMatchObject({ reason: 'event-too-large', maxEventSize: 16 });
    expect(typed.details['position']).toBeGreaterThan(10);
  });

  it('comments nobody listens to are not buffered: a long one passes a small maxEventSize', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser((e) => events.push(e), { maxEventSize: 16 });
    parser.feed(':'.repeat(64));
    parser.feed(' padding '.repeat(100));
    parser.feed('\r');
    parser.feed('\ndata: ok\n: also a long complete comment line, longer than 16\n\n');
    expect(events.map((e) => e.data)).toEqual(['ok']);
  });

  it('with onComment, comments are delivered whole and count against maxEventSize', () => {
    const comments: string[] = [];
    const parser = createSSEParser(() => undefined, {
      maxEventSize: 16,
      onComment: (c) => comments.push(c),
    });
    parser.feed(':');
    parser.feed('kept');
    parser.feed('\n');
    expect(comments).toEqual(['kept']);
    expect(() => parser.feed(`:${'x'.repeat(40)}\n`)).toThrow(
      expect.objectContaining({ code: 'SSE_PARSE' }) as Error,
    );
  });

  it('small events within maxEventSize never trip it', () => {
    const events: SSEEvent[] = [];
    const parser = createSSEParser((e) => events.push(e), { maxEventSize: 16 });
    for (let i = 0; i < 100; i++) parser.feed(`data: ${i}\n\n`);
    expect(events).toHaveLength(100);
  });

  it('many data lines adding up past maxEventSize throw too', () => {
    const parser = createSSEParser(() => undefined, { maxEventSize: 100 });
    expect(() => {
      for (let i = 0; i < 50; i++) parser.feed('data: 0123456789\n');
    }).toThrow(expect.objectContaining({ code: 'SSE_PARSE' }) as Error);
  });

  it('a 1 MB event fed one byte per read completes, scanning each character a bounded number of times', () => {
    const size = 1024 * 1024;
    const body = 'x'.repeat(size);
    const text = `data: ${body}\n\n`;
    // Count the characters the parser's line-end searches look at (String.prototype.indexOf).
    let scanned = 0;
    const originalIndexOf = String.prototype.indexOf;
    String.prototype.indexOf = function (this: string, search: string, from?: number): number {
      const result = originalIndexOf.call(this, search, from);
      scanned += (result === -1 ? this.length : result + 1) - (from ?? 0);
      return result;
    };
    const events: SSEEvent[] = [];
    try {
      const parser = createSSEParser((e) => events.push(e));
      for (let i = 0; i < text.length; i++) parser.feed(text[i] as string);
      parser.end();
    } finally {
      String.prototype.indexOf = originalIndexOf;
    }
    expect(events).toHaveLength(1);
    expect(events[0]?.data.length).toBe(size);
    // Linear: a small constant per character (an O(N²) re-scan would be ~5·10¹¹).
    expect(scanned).toBeLessThan(text.length * 4);
  });
});
