import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HumanMessage, SystemMessage } from '../../src/chunks';
import type { AIMessageChunk } from '../../src/chunks';
import { ChatPromptTemplate, DemoChatModel, StringOutputParser } from '../../src/models';

const CONTEXT = [
  'RxJS is a library for reactive programming using observables.',
  'Paris is the capital of France.',
  'The Eiffel Tower was completed in 1889.',
].join(' ');

const ask = (question: string) => [
  new SystemMessage(`Answer from the context.\nContext:\n${CONTEXT}`),
  new HumanMessage(question),
];

const chunksOf = (model: DemoChatModel, input: Parameters<DemoChatModel['stream']>[0]) =>
  firstValueFrom(model.stream(input).pipe(toArray()));

describe('DemoChatModel answers from context', () => {
  it('answers with the context sentences most relevant to the question', async () => {
    const reply = await new DemoChatModel().invoke(ask('What is the capital of France?'));
    expect(reply.content).toBe('Paris is the capital of France.');
  });

  it('finds <context> blocks and Question: lines in one human message', async () => {
    const prompt = `<context>\n- Oslo is in Norway.\n- Bergen is rainy.\n</context>\nQuestion: Where is Oslo?`;
    expect((await new DemoChatModel().invoke(prompt)).content).toBe('Oslo is in Norway.');
  });

  it('keeps at most maxSentences sentences, in context order', async () => {
    const question = 'When was the Eiffel Tower completed, and what is RxJS?';
    const two = await new DemoChatModel().invoke(ask(question));
    expect(two.content).toBe(
      'RxJS is a library for reactive programming using observables. The Eiffel Tower was completed in 1889.',
    );
    const one = await new DemoChatModel({ maxSentences: 1 }).invoke(ask(question));
    expect(one.content).toBe('The Eiffel Tower was completed in 1889.');
  });

  it('says it has no information without context, or when the context has no answer', async () => {
    expect((await new DemoChatModel().invoke('What is RxJS?')).content).toBe(
      "I don't have any information about that.",
    );
    expect((await new DemoChatModel().invoke(ask('Who won the 1998 World Cup?'))).content).toBe(
      "I don't have information about that in the provided context.",
    );
  });

  it('is deterministic: the same prompt gives the same chunks', async () => {
    const a = await chunksOf(new DemoChatModel(), ask('What is RxJS?'));
    const b = await chunksOf(new DemoChatModel(), ask('What is RxJS?'));
    expect(a.map((c) => c.toJSON())).toEqual(b.map((c) => c.toJSON()));
  });

  it('streams one chunk per token, then a finishing chunk with metadata and usage', async () => {
    const chunks = await chunksOf(new DemoChatModel(), ask('capital of France?'));
    expect(chunks.map((c) => c.content)).toEqual([
      'Paris',
      ' is',
      ' the',
      ' capital',
      ' of',
      ' France.',
      '',
    ]);
    const last = chunks.at(-1) as AIMessageChunk;
    expect(last.responseMetadata).toEqual({ model_name: 'demo', finish_reason: 'stop' });
    expect(last.usageMetadata).toMatchObject({ outputTokens: 6 });
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set(['demo-0']));
  });

  it('works in a prompt | model | parser chain', async () => {
    const chain = ChatPromptTemplate.fromMessages([
      ['system', 'Context: {context}'],
      ['human', '{question}'],
    ])
      .pipe(new DemoChatModel({ modelName: 'mirror' }))
      .pipe(new StringOutputParser());
    expect(
      await chain.invoke({ context: CONTEXT, question: 'When was the Eiffel Tower completed?' }),
    ).toBe('The Eiffel Tower was completed in 1889.');
  });
});

describe('DemoChatModel pacing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits one chunk every tokenDelayMs', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    let done = false;
    new DemoChatModel({ script: ['a b c'], tokenDelayMs: 100 }).stream('x').subscribe({
      next: (c) => seen.push(c.text),
      complete: () => (done = true),
    });
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(99);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['a']);
    vi.advanceTimersByTime(200);
    expect(seen).toEqual(['a', ' b', ' c']);
    expect(done).toBe(false);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual(['a', ' b', ' c', '']);
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears its timer when unsubscribed', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const subscription = new DemoChatModel({ script: ['a b c'], tokenDelayMs: 50 })
      .stream('x')
      .subscribe((c) => seen.push(c.text));
    vi.advanceTimersByTime(50);
    // The token pacing timer and the model's idle timer (ChatModel's idleTimeoutMs).
    expect(vi.getTimerCount()).toBe(2);
    subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['a']);
  });

  it('stops with ABORTED and clears its timer when the signal aborts', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const pending = new DemoChatModel({ script: ['a b c'], tokenDelayMs: 50 }).invoke('x', {
      signal: controller.signal,
    });
    vi.advanceTimersByTime(50);
    controller.abort();
    await expect(pending).rejects.toMatchObject({
      code: 'ABORTED',
      details: { partialOutput: expect.objectContaining({ content: 'a' }) as unknown },
    });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('DemoChatModel scripts', () => {
  it('streams scripted tool calls as chunks that add up to parsed tool calls', async () => {
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'weather', args: { city: 'Oslo', days: 3 } }] }],
    });
    const chunks = await chunksOf(model, 'Weather?');
    expect(chunks.filter((c) => c.toolCallChunks.length > 0).length).toBeGreaterThan(2);
    const total = chunks.reduce((a, b) => a.concat(b));
    expect(total.toolCalls).toEqual([
      { name: 'weather', args: { city: 'Oslo', days: 3 }, id: 'call_0_0', type: 'tool_call' },
    ]);
    expect(total.responseMetadata.finish_reason).toBe('tool_calls');
  });

  it('plays the script one step per call, then answers from context', async () => {
    const model = new DemoChatModel({
      responses: [
        { content: 'Let me check.', toolCalls: [{ name: 'f', args: {}, id: 'mine' }] },
        (messages) => `You said ${messages.length} things`,
      ],
    });
    const first = await model.invoke('a');
    expect(first.content).toBe('Let me check.');
    expect(first.toolCalls[0]?.id).toBe('mine');
    expect((await model.invoke([new HumanMessage('a'), new HumanMessage('b')])).content).toBe(
      'You said 2 things',
    );
    expect((await model.invoke('c')).content).toBe("I don't have any information about that.");
    expect(model.callCount).toBe(3);
  });

  it('shares the script position with bound copies', async () => {
    const model = new DemoChatModel({ script: ['one', 'two'] });
    const bound = model.bindTools([{ name: 't', parameters: { type: 'object' } }]);
    expect((await bound.invoke('x')).content).toBe('one');
    expect((await model.invoke('x')).content).toBe('two');
  });

  it('gives the script step the bound tools', async () => {
    const model = new DemoChatModel({
      script: [(_m, ctx) => ({ toolCalls: [{ name: ctx.tools[0]?.name ?? 'none', args: {} }] })],
    }).bindTools([{ name: 'lookup', parameters: { type: 'object' } }]);
    expect((await model.invoke('x')).toolCalls[0]?.name).toBe('lookup');
  });

  it('fails with GENERATION after streaming the text of an error step', async () => {
    const seen: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      new DemoChatModel({ script: [{ content: 'partial answer', error: 'overloaded' }] })
        .stream('x')
        .subscribe({ next: (c) => seen.push(c.text), error: resolve }),
    );
    expect(seen).toEqual(['partial', ' answer']);
    expect(error).toMatchObject({ code: 'GENERATION', message: 'overloaded' });
  });
});
