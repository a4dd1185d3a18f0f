import { describe, expect, it } from 'vitest';
import { answer } from './demo-answer-support';

const ts = (...lines: string[]) => ['```ts', ...lines, '```'].join('\n');

describe('DemoChatModel says which call to make', () => {
  it('ends with the line of a code example that matches the question, and only such a line', async () => {
    const passage = [
      'Retries wrap a step.',
      ts(
        "import { DemoChatModel } from 'rx-runnables/models';",
        '',
        'const model = new DemoChatModel();',
        'const retried = model.withRetry({ attempts: 3 });',
        "console.log(await retried.invoke('Hi'));",
      ),
    ].join('\n\n');
    expect(await answer([passage], 'How do I retry a step?')).toBe(
      'Retries wrap a step. For example: `const retried = model.withRetry({ attempts: 3 })`',
    );
    // No code that does not match the question by its names (a string is data), nor wire text or shell.
    const other = [
      'Retries wrap a step.',
      ts('const parser = new JsonOutputParser();', "console.log(tokenize('retry a step'));"),
      '```text\nretry(3)\n```',
      '```sh\nnpx retry --step\n```',
    ].join('\n\n');
    expect(await answer([other], 'How do I retry a step?')).toBe('Retries wrap a step.');
  });

  it('puts a statement over several lines on one, eliding its innermost, longest brackets past 110 characters', async () => {
    const passage = [
      'Retries wrap a step.',
      ts(
        'const retried = model.withRetry({',
        '  attempts: 3,',
        '  backoff: { initialMs: 200, factor: 2, maxMs: 5_000, jitter: true },',
        "  retryIf: (e) => e.code !== 'INVALID_INPUT',",
        '});',
      ),
    ].join('\n\n');
    const said = await answer([passage], 'How do I retry a step?');
    expect(said).toBe(
      "Retries wrap a step. For example: `const retried = model.withRetry({ attempts: 3, backoff: { … }, retryIf: (e) => e.code !== 'INVALID_INPUT' })`",
    );
  });

  it('answers with the line of code alone when only code matches', async () => {
    const passages = [ts('const retried = model.withRetry({ attempts: 3 });')];
    expect(await answer(passages, 'How do I retry?')).toBe(
      'For example: `const retried = model.withRetry({ attempts: 3 })`',
    );
  });

  it('answers from a passage that names an API over a slightly better one that names none', async () => {
    const passages = [
      'Retrying is safe before the first chunk and never after an abort.',
      'Call `withRetry` to retry a step.',
    ];
    expect(await answer(passages, 'How do I retry?')).toBe('Call `withRetry` to retry a step.');
  });

  it('says a row of an API table, and keeps the documented order of what it says', async () => {
    const passages = [
      [
        'Encoders turn values into frames.',
        '',
        '| function | returns |',
        '|---|---|',
        '| `encodeSSE(source)` | the SSE frames of the source values |',
        '| `encodeJSONL(source)` | JSON Lines |',
      ].join('\n'),
    ];
    expect(await answer(passages, 'How do I encode SSE frames?', 2)).toBe(
      'Encoders turn values into frames. `encodeSSE(source)` — the SSE frames of the source values.',
    );
  });
});
