import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/rag';

const fenceCount = (text: string): number => (text.match(/^```/gm) ?? []).length;

describe('splitText keeps Markdown whole in every chunk', () => {
  it('cuts a fenced code block longer than a chunk into fenced pieces, at line breaks', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `const line${i} = compute(${i});`);
    const text = `# Code\n\n\`\`\`ts\n${lines.join('\n')}\n\`\`\``;
    const chunks = splitText(text, { chunkSize: 140, chunkOverlap: 0 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const { text: chunk } of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(140);
      expect(chunk.startsWith('```ts\n')).toBe(true);
      expect(chunk.endsWith('\n```')).toBe(true);
      expect(fenceCount(chunk)).toBe(2);
    }
    const body = chunks.flatMap((c) => c.text.split('\n').slice(1, -1));
    expect(body).toEqual(lines);
  });

  it('never starts the carried overlap inside a code block', () => {
    const code = '```ts\nconst a = 1;\nconst b = 2;\n```';
    const text = `Intro sentence here.\n\n${code}\n\nA closing paragraph that is long enough to need its own chunk.`;
    const chunks = splitText(text, { chunkSize: 80, chunkOverlap: 30 });
    for (const { text: chunk } of chunks) expect(fenceCount(chunk) % 2).toBe(0);
  });

  it('cuts a long paragraph at sentence ends, not where its lines wrap', () => {
    const text = 'Short one here. Second sentence wraps\nat this point.';
    const chunks = splitText(text, { chunkSize: 40, chunkOverlap: 0 });
    expect(chunks.map((c) => c.text)).toEqual([
      'Short one here.',
      'Second sentence wraps\nat this point.',
    ]);
  });

  it('keeps list items and table rows as units', () => {
    const text = '- first item of the list\n- second item of the list\n- third item';
    const chunks = splitText(text, { chunkSize: 30, chunkOverlap: 0 });
    expect(chunks.map((c) => c.text)).toEqual([
      '- first item of the list',
      '- second item of the list',
      '- third item',
    ]);
  });
});
