import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import {
  DEFAULT_PROMPT_TEMPLATE,
  DEFAULT_STREAM_CONFIG,
  buildContext,
  formatPrompt,
  resolveStreamConfig,
  selectContextDocs,
} from '../../src/rag';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return RxRunnablesError.isInstance(error) ? error.code : 'not typed';
  }
  return undefined;
}

describe('resolveStreamConfig', () => {
  it('has the reference defaults, in milliseconds', () => {
    expect(DEFAULT_STREAM_CONFIG).toMatchObject({
      chunkSize: 10,
      simDelayMs: 40,
      maxContextDocs: 5,
      maxDocChars: 500,
      emitMetadata: true,
      retrievalTimeoutMs: 10_000,
      generationTimeoutMs: 60_000,
    });
  });

  it('copies: later configs win, undefined fields are ignored, the result is frozen', () => {
    const mine = { chunkSize: 3, maxDocChars: 100 };
    const config = resolveStreamConfig(mine, { chunkSize: 5, maxDocChars: undefined });
    expect(config.chunkSize).toBe(5);
    expect(config.maxDocChars).toBe(100);
    mine.maxDocChars = 1;
    expect(config.maxDocChars).toBe(100);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('rejects bad values with INVALID_CONFIG', () => {
    expect(codeOf(() => resolveStreamConfig({ chunkSize: 0 }))).toBe('INVALID_CONFIG');
    expect(codeOf(() => resolveStreamConfig({ maxContextDocs: 1.5 }))).toBe('INVALID_CONFIG');
    expect(codeOf(() => resolveStreamConfig({ retrievalTimeoutMs: -1 }))).toBe('INVALID_CONFIG');
    expect(codeOf(() => resolveStreamConfig({ promptTemplate: 'Q: {question}' }))).toBe(
      'INVALID_CONFIG',
    );
  });
});

describe('the default prompt', () => {
  it('asks for context-only answers, an explicit "no information" and the question language', () => {
    expect(DEFAULT_PROMPT_TEMPLATE).toContain('{context}');
    expect(DEFAULT_PROMPT_TEMPLATE).toContain('{query}');
    expect(DEFAULT_PROMPT_TEMPLATE).toMatch(/only the information in the context/i);
    expect(DEFAULT_PROMPT_TEMPLATE).toMatch(/no information/i);
    expect(DEFAULT_PROMPT_TEMPLATE).toMatch(/same language as the question/i);
  });
});

describe('formatPrompt', () => {
  it('fills both placeholders literally and unescapes doubled braces', () => {
    const prompt = formatPrompt('{{json}} C={context} Q={query}', {
      context: '{query}',
      query: 'a {context} b',
    });
    expect(prompt).toBe('{json} C={query} Q=a {context} b');
  });
});

describe('selectContextDocs and buildContext', () => {
  const docs = Array.from({ length: 7 }, (_, i) => ({
    pageContent: `doc ${i} `.repeat(100),
    metadata: { source: `d${i}.md` },
  }));

  it('keeps maxContextDocs documents, each cut to maxDocChars, as copies', () => {
    const used = selectContextDocs(docs, { maxContextDocs: 5, maxDocChars: 500 });
    expect(used).toHaveLength(5);
    for (const doc of used) expect(doc.pageContent).toHaveLength(500);
    expect(docs[0]?.pageContent.length).toBe(600);
    used[0]!.metadata.source = 'x';
    expect(docs[0]?.metadata.source).toBe('d0.md');
  });

  it('does not split a surrogate pair', () => {
    const [doc] = selectContextDocs([{ pageContent: 'ab😀cd', metadata: {} }], {
      maxContextDocs: 1,
      maxDocChars: 3,
    });
    expect(doc?.pageContent).toBe('ab');
  });

  it('numbers documents and leaves their metadata out', () => {
    expect(
      buildContext([
        { pageContent: 'A', metadata: { source: 'a.md' } },
        { pageContent: 'B', metadata: {} },
      ]),
    ).toBe('[1] A\n\n[2] B');
  });
});
