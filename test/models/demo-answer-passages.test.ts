import { describe, expect, it } from 'vitest';
import { answer } from './demo-answer-support';

describe('DemoChatModel answers a RAG prompt from one passage', () => {
  it('says sentences of the one passage that covers the question, not a mix of passages', async () => {
    const passages = [
      'Both work for `stream` as well as `invoke`. `withRetry` retries a failure before the first chunk.',
      'A stream of chunks adds up with concat.',
      'Timers are cleared when a stream is cancelled.',
    ];
    expect(await answer(passages, 'How do I retry a stream?')).toBe(
      'Both work for `stream` as well as `invoke`. `withRetry` retries a failure before the first chunk.',
    );
  });

  it('prefers the better-ranked passage when two cover the question as well', async () => {
    const passages = ['The signal cancels the run.', 'Aborting the signal cancels the run too.'];
    expect(await answer(passages, 'What cancels the run?')).toBe('The signal cancels the run.');
  });

  it('takes a later passage when it covers more of the question', async () => {
    const passages = [
      'A run has options.',
      'Pass `timeoutMs` to give a run a deadline: past it, the run fails with `TIMEOUT`.',
    ];
    expect(await answer(passages, 'How do I set a timeout on a run?')).toMatch(/timeoutMs/);
  });

  it('matches a question in plain words to identifiers in inline code', async () => {
    const passages = ['Use `accumulate()` for running totals.', 'Totals of usage are in metadata.'];
    expect(await answer(passages, 'How do I get a running total?', 1)).toBe(
      'Use `accumulate()` for running totals.',
    );
    const named = ['`JsonOutputParser` parses a streamed answer.', 'A parser of JSON text.'];
    expect(await answer(named, 'What does the JSON output parser do?', 1)).toMatch(
      /JsonOutputParser/,
    );
  });

  it('never answers with a table row of values, nor with a sentence that only announces a list', async () => {
    const passages = [
      '| timeout | 5 000 |\n\nWhat a timeout does:\n\n- it ends the run after the timeout.',
    ];
    expect(await answer(passages, 'What does the timeout do?')).toBe(
      'it ends the run after the timeout.',
    );
  });

  it('says a row of a two-column API table as a sentence: the API, a dash, what it does', async () => {
    const passages = [
      '| option | effect |\n|---|---|\n| `timeoutMs` | a deadline for the run |\n| `tags` | attached to events |',
    ];
    expect(await answer(passages, 'What does timeoutMs do?')).toBe(
      '`timeoutMs` — a deadline for the run.',
    );
  });

  it('reads the question after the context even when the context quotes a Question: line', async () => {
    const passages = ['A template ends with:\nQuestion: {query}', 'Retries restart the stream.'];
    expect(await answer(passages, 'When do retries restart?')).toBe('Retries restart the stream.');
  });

  it('reads a Context: section whose documents quote a <context> tag', async () => {
    const passages = ['The demo model reads a `<context>…</context>` block.', 'Retries restart.'];
    expect(await answer(passages, 'What does the demo model read?')).toMatch(/demo model reads/);
  });
});
