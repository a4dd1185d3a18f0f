// Cases ported from @langchain/core src/runnables/tests/runnable_map.test.ts, rewritten on our
// API with LangChain's assertions. Fakes: ./ported-fakes.ts.
import { describe, expect, it } from 'vitest';
import {
  concatChunks,
  pick,
  RunnableLambda,
  RunnableParallel,
  RunnablePassthrough,
  RunnableSequence,
} from '../../src/core';
import { ChatPromptTemplate, StringOutputParser, type ChatPromptValue } from '../../src/models';
import { drainAll, FakeChatModel, fakeLLM, fakeStreamingLLM } from './ported-fakes';

const chars = (text: string) => [...text];

describe('ported from @langchain/core src/runnables/tests/runnable_map.test.ts', () => {
  it('Create a runnable sequence with a runnable map', async () => {
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'You are a nice assistant.'],
      ['human', 'Context:\n{documents}\n\nQuestion:\n{question}'],
    ]);
    const retriever = RunnableLambda.from(() => [
      { pageContent: 'foo', metadata: {} },
      { pageContent: 'bar', metadata: {} },
    ]);
    const runnable = new RunnableParallel({
      question: (input: string) => input,
      documents: RunnableSequence.from([retriever, (docs: unknown) => JSON.stringify(docs)]),
      extraField: fakeLLM(),
    })
      .pipe(prompt)
      .pipe(new FakeChatModel());
    const result = await runnable.invoke('Do you know the Muffin Man?');
    expect(result.content).toBe(
      'You are a nice assistant.\nContext:\n[{"pageContent":"foo","metadata":{}},{"pageContent":"bar","metadata":{}}]\n\nQuestion:\nDo you know the Muffin Man?',
    );
  });

  it('Test map inference in a sequence', async () => {
    const chain = RunnableSequence.from([
      { question: new RunnablePassthrough(), context: async () => 'SOME STUFF' },
      ChatPromptTemplate.fromTemplate('context: {context}, question: {question}'),
      fakeLLM(),
      new StringOutputParser(),
    ]);
    expect(await chain.invoke('Just passing through.')).toBe(
      'Human: context: SOME STUFF, question: Just passing through.',
    );
  });

  it('Should stream chunks from each step as they are produced', async () => {
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'You are a nice assistant.'],
      '{question}',
    ]);
    // RunnableSequence.from infers no types (give it <I, O>); pipe does.
    const chain = prompt.pipe(
      RunnableParallel.from({
        passthrough: new RunnablePassthrough<ChatPromptValue>(),
        chat: new FakeChatModel(),
        llm: fakeStreamingLLM(),
      }),
    );
    const input = { question: 'What is your name?' };
    const chunks = await drainAll(chain.stream(input));
    expect(chunks.length).toBeGreaterThan(3);
    const total = chunks.reduce((a, b) => concatChunks(a, b));
    const whole = await chain.invoke(input);
    expect(total.llm).toEqual(whole.llm);
    expect(total.chat.content).toEqual(whole.chat.content);
    expect(total.passthrough.toString()).toEqual(whole.passthrough.toString());
    expect(await chain.pipe((output) => output.llm).invoke(input)).toBe(
      'System: You are a nice assistant.\nHuman: What is your name?',
    );
  });

  it('Should stream chunks through runnable passthrough and assign', async () => {
    const question = 'What is your name?';
    const llm = fakeStreamingLLM();
    const chain = RunnableSequence.from([
      llm,
      RunnableParallel.from({ llm: new RunnablePassthrough<string>() }),
    ]);
    const chunks = await drainAll(chain.stream(question));
    expect(chunks).toEqual(chars(question).map((c) => ({ llm: c })));
    expect(chunks.reduce((a, b) => concatChunks(a, b))).toEqual(await chain.invoke(question));

    const withAssign = chain.pipe(
      RunnablePassthrough.assign({
        chat: RunnableSequence.from([(input: { llm: string }) => input.llm, llm]),
      }),
    );
    const chunks2 = await drainAll(withAssign.stream(question));
    expect(chunks2).toEqual([
      ...chars(question).map((c) => ({ llm: c })),
      ...chars(question).map((c) => ({ chat: c })),
    ]);
    expect(chunks2.reduce((a, b) => concatChunks(a, b))).toEqual(await withAssign.invoke(question));

    // LangChain: chainWithAssign.pick('llm') and .pick(['llm']).
    const withPick = withAssign.pipe(pick('llm'));
    const chunks3 = await drainAll(withPick.stream(question));
    expect(chunks3).toEqual(chars(question));
    expect(chunks3.reduce((a, b) => concatChunks(a, b))).toEqual(await withPick.invoke(question));

    const withPickMulti = withAssign.pipe(pick(['llm']));
    const chunks4 = await drainAll(withPickMulti.stream(question));
    expect(chunks4).toEqual(chars(question).map((c) => ({ llm: c })));
    expect(chunks4.reduce((a, b) => concatChunks(a, b))).toEqual(
      await withPickMulti.invoke(question),
    );
  });
});
