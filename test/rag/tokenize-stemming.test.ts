import { describe, expect, it } from 'vitest';
import { createTokenizer, tokenize } from '../../src/rag';

describe("createTokenizer({ stemmer: 'english' })", () => {
  const english = createTokenizer({ stemmer: 'english' });
  /** The terms two texts share. */
  const shared = (a: string, b: string): string[] => {
    const terms = new Set(english(b));
    return english(a).filter((t) => terms.has(t));
  };

  it('gives a word its English stem as a second term, so other forms of it match', () => {
    expect(english('Cancellation')).toEqual(['cancellation', 'cancel']);
    for (const form of ['cancels', 'cancelled', 'cancelling', 'cancellation'])
      expect(shared('cancel', form)).toEqual(['cancel']);
    for (const form of ['resumes', 'resumed', 'resuming'])
      expect(shared('resume', form)).toContain('resum');
    for (const form of ['retries', 'retried', 'retrying'])
      expect(shared('retry', form)).toContain('retri');
    expect(shared('parse', 'parsing')).toEqual(['pars']);
    expect(shared('stopped', 'stop')).toEqual(['stop']);
    // Words that only look alike stay apart.
    expect(shared('serve', 'server')).toEqual([]);
    expect(shared('use', 'user')).toEqual([]);
    expect(shared('run', 'running')).toEqual([]);
    expect(shared('runnable', 'running')).toEqual([]);
    expect(english('status class analysis')).toEqual(['status', 'class', 'analysis']);
  });

  it('keeps the word as written, so the same form matches twice', () => {
    expect(shared('streaming', 'streaming')).toEqual(['streaming', 'stream']);
    expect(shared('streaming', 'streams')).toEqual(['stream']);
    // The default tokenizer is as it was: plurals only.
    expect(tokenize('Cancellation cancels')).toEqual(['cancellation', 'cancel']);
    expect(tokenize('resuming')).toEqual(['resuming']);
  });
});

describe('createTokenizer({ splitFencedCode: true })', () => {
  const block =
    'Parse it:\n\n```ts\nconst parser = new PartialJsonParser();\n```\n\nDone `withRetry`.';

  it('splits identifiers in fenced code blocks as in inline code', () => {
    const terms = createTokenizer({ splitFencedCode: true })(block);
    expect(terms).toEqual(
      expect.arrayContaining(['partialjsonparser', 'partial', 'json', 'parser']),
    );
    expect(terms).toEqual(expect.arrayContaining(['withretry', 'retry']));
    // Nothing is split outside the blocks, and a block left open is not a block.
    const split = createTokenizer({ splitFencedCode: true });
    expect(split('LangChain and PartialJsonParser')).toEqual(['langchain', 'partialjsonparser']);
    expect(split('```ts\nnew PartialJsonParser()')).toEqual(['ts', 'new', 'partialjsonparser']);
    // Off by default: a code block identifier stays whole.
    expect(tokenize(block)).toContain('partialjsonparser');
    expect(tokenize(block)).not.toContain('json');
  });
});
