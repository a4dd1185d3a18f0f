import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RxRunnablesError } from '../../src/core';
import { splitText } from '../../src/rag';

const MARKDOWN = `Intro before any heading.

# Guide

First paragraph of the guide.

## Cancellation

Unsubscribing cancels the run.

Aborting the signal does too.

### Deep

Deep text.

# Other ###

Other text.
`;

describe('splitText', () => {
  it('starts a section at each heading and records the heading path', () => {
    const chunks = splitText(MARKDOWN, { chunkSize: 1000 });
    expect(chunks.map((c) => c.headings)).toEqual([
      [],
      ['Guide'],
      ['Guide', 'Cancellation'],
      ['Guide', 'Cancellation', 'Deep'],
      ['Other'],
    ]);
    expect(chunks.map((c) => c.text)).toEqual([
      'Intro before any heading.',
      'First paragraph of the guide.',
      'Unsubscribing cancels the run.\n\nAborting the signal does too.',
      'Deep text.',
      'Other text.',
    ]);
  });

  it('packs paragraphs up to chunkSize, every chunk carrying the heading path', () => {
    const section = `## Topic\n\n${['one two three.', 'four five six.', 'seven eight.'].join('\n\n')}`;
    const chunks = splitText(section, { chunkSize: 32, chunkOverlap: 0 });
    expect(chunks).toEqual([
      { text: 'one two three.\n\nfour five six.', headings: ['Topic'] },
      { text: 'seven eight.', headings: ['Topic'] },
    ]);
  });

  it('carries the tail of the previous chunk, at a word break, into the next', () => {
    const text = 'alpha beta gamma delta.\n\nepsilon zeta eta theta.';
    const [first, second] = splitText(text, { chunkSize: 40, chunkOverlap: 12 });
    expect(first?.text).toBe('alpha beta gamma delta.');
    expect(second?.text).toBe('delta.\n\nepsilon zeta eta theta.');
  });

  it('starts the carried tail at a sentence start when the overlap window holds one', () => {
    const text = 'First part here. Second part here.\n\nNext paragraph is here.';
    const [first, second] = splitText(text, { chunkSize: 50, chunkOverlap: 25 });
    expect(first?.text).toBe('First part here. Second part here.');
    expect(second?.text).toBe('Second part here.\n\nNext paragraph is here.');
  });

  it('cuts a long paragraph at sentence breaks, then word breaks, then hard', () => {
    const sentences = 'First sentence here. Second sentence here. Third one.';
    const chunks = splitText(sentences, { chunkSize: 25, chunkOverlap: 0 });
    expect(chunks.map((c) => c.text)).toEqual([
      'First sentence here.',
      'Second sentence here.',
      'Third one.',
    ]);
    const words = splitText('aaaa bbbb cccc dddd', { chunkSize: 10, chunkOverlap: 0 });
    expect(words.map((c) => c.text)).toEqual(['aaaa bbbb', 'cccc dddd']);
    const hard = splitText('x'.repeat(25), { chunkSize: 10, chunkOverlap: 0 });
    expect(hard.map((c) => c.text)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('keeps a fenced code block whole and ignores headings inside it', () => {
    const text = '# Code\n\n```ts\nconst a = 1;\n\n# not a heading\n```\n\nAfter.';
    const chunks = splitText(text, { chunkSize: 500 });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.text).toContain('```ts\nconst a = 1;\n\n# not a heading\n```');
  });

  it('splits Arabic text at the Arabic question mark and handles CRLF line ends', () => {
    const text = 'ما هي طرق الدفع؟ البطاقة والتحويل.\r\n\r\nفقرة ثانية.';
    const chunks = splitText(text, { chunkSize: 20, chunkOverlap: 0 });
    expect(chunks.map((c) => c.text)).toEqual([
      'ما هي طرق الدفع؟',
      'البطاقة والتحويل.',
      'فقرة ثانية.',
    ]);
  });

  it('returns nothing for a heading without text, or for blank text', () => {
    expect(splitText('# Only a title')).toEqual([]);
    expect(splitText('   \n\n  ')).toEqual([]);
  });

  it('rejects bad sizes with INVALID_CONFIG', () => {
    for (const options of [
      { chunkSize: 0 },
      { chunkSize: 10, chunkOverlap: 10 },
      { chunkOverlap: -1 },
    ]) {
      let caught: unknown;
      try {
        splitText('text', options);
      } catch (error) {
        caught = error;
      }
      expect(RxRunnablesError.isInstance(caught) && caught.code).toBe('INVALID_CONFIG');
    }
  });

  it('never exceeds chunkSize and never loses a word (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,12}$/);
    const paragraph = fc.array(word, { minLength: 1, maxLength: 30 }).map((w) => w.join(' '));
    const doc = fc.array(paragraph, { minLength: 1, maxLength: 8 }).map((p) => p.join('\n\n'));
    fc.assert(
      fc.property(doc, fc.integer({ min: 20, max: 200 }), (text, chunkSize) => {
        const chunks = splitText(text, { chunkSize, chunkOverlap: Math.floor(chunkSize / 4) });
        const seen = new Set(chunks.flatMap((c) => c.text.split(/\s+/)));
        for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(chunkSize);
        for (const w of text.split(/\s+/)) {
          // A word longer than the room is cut hard; every shorter word survives whole.
          if (w.length <= chunkSize) expect(seen.has(w)).toBe(true);
        }
      }),
    );
  });
});
