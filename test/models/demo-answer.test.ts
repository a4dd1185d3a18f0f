import { describe, expect, it } from 'vitest';
import { HumanMessage, SystemMessage } from '../../src/chunks';
import { DemoChatModel } from '../../src/models';

const ask = (context: string, question: string) => [
  new SystemMessage(`Answer from the context.\nContext:\n${context}`),
  new HumanMessage(question),
];

describe('DemoChatModel reads markdown context like prose', () => {
  it('prefers a sentence of prose over code and table rows that share the words', async () => {
    const context = [
      '| `cancel()` | cancels the run | yes |',
      '```ts',
      'for await (const t of run.astream(q)) cancel(t);',
      '```',
      'Aborting the signal cancels the run and closes the request.',
    ].join('\n');
    const reply = await new DemoChatModel().invoke(ask(context, 'How do I cancel the run?'));
    // The prose is said; the code, one line, only after it as the call to make.
    expect(reply.content).toBe(
      'Aborting the signal cancels the run and closes the request. ' +
        'For example: `for await (const t of run.astream(q)) cancel(t)`',
    );
  });

  it('joins a sentence wrapped over several lines', async () => {
    const context = 'Retries happen only before the first chunk;\nafter it the error is passed on.';
    const reply = await new DemoChatModel().invoke(ask(context, 'When do retries happen?'));
    expect(reply.content).toBe(
      'Retries happen only before the first chunk; after it the error is passed on.',
    );
  });

  it('says a sentence repeated by overlapping chunks once', async () => {
    const context = 'Chunks are additive.\n\nChunks are additive.';
    const reply = await new DemoChatModel().invoke(ask(context, 'Are chunks additive?'));
    expect(reply.content).toBe('Chunks are additive.');
  });

  it('falls back to a line of code (a chunk cut inside a code block) when nothing else matches', async () => {
    const context = 'const answer = chain.invoke(question);\n```';
    const reply = await new DemoChatModel({ maxSentences: 1 }).invoke(
      ask(context, 'How do I invoke a chain?'),
    );
    expect(String(reply.content)).toMatch(/invoke/);
  });
});
