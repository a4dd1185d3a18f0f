// Cases ported from @langchain/core src/runnables/tests/runnable.test.ts, runnable_binding.test.ts,
// runnable_branch.test.ts and runnable_passthrough.test.ts, rewritten on our API with
// LangChain's assertions. Fakes: ./ported-fakes.ts.
import { describe, expect, it } from 'vitest';
import {
  RunnableBranch,
  RunnableLambda,
  RunnablePassthrough,
  RunnableRouter,
  RunnableSequence,
  type LambdaConfig,
} from '../../src/core';
import { JsonOutputParser } from '../../src/json';
import { ChatPromptTemplate, PromptTemplate, StringOutputParser } from '../../src/models';
import { drainAll, FakeChatModel, fakeLLM, fakeStreamingLLM } from './ported-fakes';

describe('ported from @langchain/core src/runnables/tests/runnable.test.ts', () => {
  it('Test batch', async () => {
    expect(await fakeLLM().batch(['Hi there!', 'Hey hey'])).toHaveLength(2);
  });

  it('Test stream', async () => {
    expect((await drainAll(fakeLLM().stream('Hi there!'))).join('')).toBe('Hi there!');
  });

  it('Test stream with an immediate thrown error', async () => {
    const llm = fakeStreamingLLM({ thrownErrorString: 'testing' });
    await expect(drainAll(llm.stream('Hi there!'))).rejects.toThrow('testing');
  });

  it('Pipe from one runnable to the next', async () => {
    const runnable = PromptTemplate.fromTemplate('{input}').pipe(fakeLLM());
    expect(await runnable.invoke({ input: 'Hello world!' })).toBe('Hello world!');
  });

  it('Stream the entire way through', async () => {
    const chunks = await drainAll(
      fakeStreamingLLM().pipe(new StringOutputParser()).stream('Hi there!'),
    );
    expect(chunks).toHaveLength('Hi there!'.length);
    expect(chunks.join('')).toBe('Hi there!');
  });

  it("Don't use intermediate streaming", async () => {
    const chain = fakeStreamingLLM().pipe(new StringOutputParser()).pipe(fakeLLM());
    expect(await drainAll(chain.stream('Hi there!'))).toEqual(['Hi there!']);
  });

  it('Router runnables', async () => {
    const math = PromptTemplate.fromTemplate(
      'You are a math genius. Answer the question: {question}',
    ).pipe(fakeLLM({ responses: ['I am a math genius!'] }));
    const english = PromptTemplate.fromTemplate(
      'You are an english major. Answer the question: {question}',
    ).pipe(fakeLLM({ responses: ['I am an English genius!'] }));
    type RouterChainInput = { key: string; question: string };
    const chain = RunnableSequence.from([
      {
        key: (x: RouterChainInput) => x.key,
        input: { question: (x: RouterChainInput) => x.question },
      },
      new RunnableRouter({ math, english }),
    ]);
    expect(await chain.invoke({ key: 'math', question: '2 + 2' })).toBe('I am a math genius!');
    expect(
      await chain.batch([
        { key: 'math', question: '2 + 2' },
        { key: 'english', question: '2 + 2' },
      ]),
    ).toEqual(['I am a math genius!', 'I am an English genius!']);
  });

  it('RunnableLambda that returns a runnable should invoke the runnable', async () => {
    const runnable = new RunnableLambda({
      func: () => new RunnableLambda({ func: () => 'testing' }),
    });
    expect(await runnable.invoke({})).toBe('testing');
  });

  const twoPieces = (make: () => unknown) => async () => {
    const runnable = new RunnableLambda({ func: make as () => string });
    expect(await runnable.invoke({})).toBe('testing');
    expect(await drainAll(runnable.stream({}))).toEqual(['test', 'ing']);
  };
  const readable = (): ReadableStream<string> =>
    new ReadableStream({
      start(controller) {
        controller.enqueue('test');
        controller.enqueue('ing');
        controller.close();
      },
    });

  it(
    'RunnableLambda that returns an async iterator should consume it',
    twoPieces(async function* () {
      yield 'test';
      yield 'ing';
    }),
  );
  it('RunnableLambda that returns an async iterable should consume it', twoPieces(readable));
  it(
    'RunnableLambda that returns a promise for async iterable should consume it',
    twoPieces(async () => readable()),
  );
  it(
    'RunnableLambda that returns an iterator should consume it',
    twoPieces(function* () {
      yield 'test';
      yield 'ing';
    }),
  );

  it('RunnableLambda that returns a streaming runnable should stream output from the inner runnable', async () => {
    const runnable = new RunnableLambda({ func: () => fakeStreamingLLM() });
    expect(await drainAll(runnable.stream('hello'))).toEqual(['h', 'e', 'l', 'l', 'o']);
  });

  it('Runnable withConfig', async () => {
    // LangChain's FakeRunnable({ returnOptions: true }) returns the config it was called with.
    const fake = RunnableLambda.from((_: string, config: LambdaConfig) => ({
      tags: config.tags,
      metadata: config.metadata,
    }));
    expect((await fake.withConfig({ tags: ['a-tag'] }).invoke('hello')).tags).toEqual(['a-tag']);
    const chunks = await drainAll(
      fake
        .withConfig({ metadata: { a: 'b', b: 'c' }, tags: ['a-tag'] })
        .stream('hi', { tags: ['b-tag'], metadata: { a: 'updated' } }),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.tags).toEqual(['a-tag', 'b-tag']);
    expect(chunks[0]?.metadata).toEqual({ a: 'updated', b: 'c' });
  });

  it('Create a runnable sequence and run it', async () => {
    const runnable = PromptTemplate.fromTemplate('{input}')
      .pipe(new FakeChatModel())
      .pipe(new StringOutputParser());
    expect(await runnable.invoke({ input: 'Jello world' })).toBe('Jello world');
  });

  it('RunnableSequence can pass config to every step in batched request', async () => {
    let numSeen = 0;
    const add =
      (n: number) =>
      (x: number, config: LambdaConfig): number => {
        if (config.configurable?.isPresent === true) numSeen += 1;
        return x + n;
      };
    const sequence = RunnableSequence.from([add(1), add(2), add(3)]);
    await sequence.batch([1], { configurable: { isPresent: true } });
    expect(numSeen).toBe(3);
  });

  it('Should aggregate properly', async () => {
    const model = fakeStreamingLLM({
      responses: [
        '{"countries": [{"name": "France", "population": 67391582}, {"name": "Spain", "population": 46754778}, {"name": "Japan", "population": 126476461}]}',
      ],
    });
    // A function over the whole input: it breaks streaming, so one chunk comes out.
    const extractCountryNames = (inputs: Record<string, unknown>) =>
      Array.isArray(inputs.countries)
        ? inputs.countries.map((country: { name: string }) => country.name)
        : '';
    const chain = model.pipe(new JsonOutputParser()).pipe(extractCountryNames);
    const chunks = await drainAll(chain.stream('countries as JSON'));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toEqual(['France', 'Spain', 'Japan']);
  });
});

describe('ported from @langchain/core src/runnables/tests/runnable_binding.test.ts', () => {
  it('Stream with RunnableBinding', async () => {
    const llm = fakeStreamingLLM().withConfig({ tags: ['dummy'] });
    const chunks = await drainAll(llm.pipe(new StringOutputParser()).stream('Hi there!'));
    expect(chunks).toHaveLength('Hi there!'.length);
    expect(chunks.join('')).toBe('Hi there!');
  });

  it('Stream through a RunnableBinding if the bound runnable implements transform', async () => {
    const llm = fakeStreamingLLM().withConfig({ tags: ['dummy'] });
    const parser = new StringOutputParser().withConfig({ callbacks: [] });
    const chunks = await drainAll(llm.pipe(parser).stream('Hi there!'));
    expect(chunks).toHaveLength('Hi there!'.length);
    expect(chunks.join('')).toBe('Hi there!');
  });
});

describe('ported from @langchain/core src/runnables/tests/runnable_branch.test.ts', () => {
  it('RunnableBranch invoke', async () => {
    const condition = (x: number) => x > 0;
    const branch = RunnableBranch.from<number, number>([
      [condition, (x: number) => x + 1],
      [condition, (x: number) => x + 1],
      (x: number) => x - 1,
    ]);
    expect(await branch.invoke(1)).toBe(2);
    expect(await branch.invoke(-1)).toBe(-2);
  });

  it('RunnableBranch batch', async () => {
    const branch = RunnableBranch.from<number, number>([
      [(x: number) => x > 0 && x < 5, (x: number) => x + 1],
      [(x: number) => x > 5, (x: number) => x * 10],
      (x: number) => x - 1,
    ]);
    expect(await branch.batch([1, 10, 0])).toEqual([2, 100, -1]);
  });

  it('RunnableBranch handles error', async () => {
    const errors: unknown[] = [];
    const callbacks = [{ handleChainError: (e: unknown) => void errors.push(e) }];
    const branch = RunnableBranch.from<string, string>([
      [
        (x: string) => x.startsWith('a'),
        () => {
          throw new Error('Testing');
        },
      ],
      (x: string) => `${x} passed`,
    ]);
    expect(await branch.invoke('branch', { callbacks })).toBe('branch passed');
    expect(errors).toEqual([]);
    await expect(branch.invoke('alpha', { callbacks })).rejects.toThrow();
    expect(errors.length).toBeGreaterThan(0);
  });

  it('RunnableBranch stream (classification chain then branch)', async () => {
    const model = fakeStreamingLLM();
    const classificationChain = RunnableSequence.from([
      ChatPromptTemplate.fromTemplate('{question}'),
      model,
      new StringOutputParser(),
    ]);
    const general = ChatPromptTemplate.fromTemplate('GENERAL CHAIN').pipe(model);
    const langChain = ChatPromptTemplate.fromTemplate('LANGCHAIN CHAIN').pipe(model);
    type Routed = { topic: string; question: string };
    const branch = RunnableBranch.from<Routed, string>([
      [(x: Routed) => x.topic.toLowerCase().includes('langchain'), langChain],
      general,
    ]);
    const fullChain = RunnableSequence.from([
      {
        topic: classificationChain,
        question: (input: { question: string }) => input.question,
      },
      branch,
      new StringOutputParser(),
    ]);
    const chunks = await drainAll(
      fullChain.stream({ question: 'How do I use langchain? Explain in one sentence' }),
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toContain('LANGCHAIN');
    const chunks2 = await drainAll(
      fullChain.stream({ question: 'What is up? Explain in one sentence' }),
    );
    expect(chunks2.length).toBeGreaterThan(1);
    expect(chunks2.join('')).toContain('GENERAL');
  });
});

describe('ported from @langchain/core src/runnables/tests/runnable_passthrough.test.ts', () => {
  /** A passthrough whose `func` adds one (its result is dropped) and records that it ran. */
  const addOnePassthrough = () => {
    let called = false;
    const passthrough = new RunnablePassthrough<number>({
      func: (input) => {
        called = true;
        return input + 1;
      },
    });
    return { passthrough, wasCalled: () => called };
  };

  const fenced = (json: string) => `\`\`\`\n${json}\n\`\`\``;

  it('RunnablePassthrough can call .assign and pass prev result through', async () => {
    const chain = PromptTemplate.fromTemplate('{input}')
      .pipe(new FakeChatModel())
      .pipe(new JsonOutputParser<{ outputValue: string }>());
    const withAssign = chain.pipe(
      RunnablePassthrough.assign({ outputValue: (i: { outputValue: string }) => i.outputValue }),
    );
    expect(await withAssign.invoke({ input: fenced('{"outputValue": "testing"}') })).toEqual({
      outputValue: 'testing',
    });
  });

  it('RunnablePassthrough can call .assign as the first step with proper typing', async () => {
    const chain = RunnableSequence.from([
      RunnablePassthrough.assign({ input: (input: { otherProp: string }) => input.otherProp }),
      PromptTemplate.fromTemplate('{input}'),
      new FakeChatModel(),
      new JsonOutputParser(),
    ]);
    expect(await chain.invoke({ otherProp: fenced('{"outputValue": "testing2"}') })).toEqual({
      outputValue: 'testing2',
    });
  });

  it('RunnablePassthrough can invoke a function without modifying passthrough value', async () => {
    const { passthrough, wasCalled } = addOnePassthrough();
    expect(await passthrough.invoke(1)).toBe(1);
    expect(wasCalled()).toBe(true);
  });

  it('RunnablePassthrough can transform a function as constructor args', async () => {
    const { passthrough, wasCalled } = addOnePassthrough();
    // LangChain calls passthrough.transform(generator); our transform is the stream of one input.
    expect(await drainAll(passthrough.stream(1))).toEqual([1]);
    expect(wasCalled()).toBe(true);
  });

  it('RunnablePassthrough can invoke a function and pass through config', async () => {
    let addOneResult = 0;
    const passthrough = new RunnablePassthrough<number>({
      func: (input, config) => {
        const number = config.configurable?.number;
        if (typeof number !== 'number' || Number.isNaN(number)) {
          throw new Error('configurable.number is NaN');
        }
        addOneResult = input + number;
      },
    });
    expect(await passthrough.invoke(1, { configurable: { number: 1 } })).toBe(1);
    expect(addOneResult).toBe(2);
  });
});
