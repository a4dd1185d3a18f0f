// The duck-typed adapter of core, WITHOUT rx-runnables/langchain loaded: this file must not
// import src/langchain, so that the hooks it installs are absent.
import { RunnableLambda as LCRunnableLambda } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { Observable, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import {
  ForeignRunnable,
  RunnableLambda,
  RunnableParallel,
  RunnableSequence,
  RxRunnablesError,
  coerceRunnable,
  isForeignRunnable,
} from '../../src/core';
import { ChatPromptTemplate } from '../../src/models';
import { ScriptedLCChatModel, eventsOf, textChunks } from './fixtures';

const prompt = ChatPromptTemplate.fromMessages([
  ['system', 'Be brief'],
  ['human', 'About {topic}'],
]);

describe('isForeignRunnable', () => {
  it('recognises LangChain runnables and invoke+stream objects, not ours or plain maps', () => {
    expect(isForeignRunnable(new FakeListChatModel({ responses: ['x'] }))).toBe(true);
    expect(isForeignRunnable(LCRunnableLambda.from((x: number) => x))).toBe(true);
    expect(isForeignRunnable({ invoke: async () => 1, stream: async function* () {} })).toBe(true);
    expect(isForeignRunnable(RunnableLambda.from((x: number) => x))).toBe(false);
    expect(isForeignRunnable({ a: (x: number) => x })).toBe(false);
    expect(isForeignRunnable(null)).toBe(false);
  });
});

describe('LangChain objects handed straight to our composition (core alone)', () => {
  it('pipe adapts a LangChain chat model and streams its chunks as they come', async () => {
    const model = new ScriptedLCChatModel({ chunks: textChunks('a', 'b', 'c'), delayMs: 2 });
    const chain = prompt.pipe(model as never);
    expect((chain as RunnableSequence<unknown, unknown>).steps[1]).toBeInstanceOf(ForeignRunnable);
    const chunks: unknown[] = [];
    for await (const chunk of chain.astream({ topic: 'rx' })) chunks.push(chunk);
    expect(chunks.map((c) => (c as AIMessageChunk).content)).toEqual(['a', 'b', 'c']);
    // Without rx-runnables/langchain, rx-runnables/chunks converts messages by shape both ways.
    expect(chunks[0]).toBeInstanceOf(AIMessageChunk);
    expect(model.prompts[0]?.map((m) => [m.type, m.content])).toEqual([
      ['system', 'Be brief'],
      ['human', 'About rx'],
    ]);
    const total = (await chain.invoke({ topic: 'rx' })) as AIMessageChunk;
    expect(total.content).toBe('abc');
  });

  it('RunnableSequence.from and objects of steps adapt LangChain runnables too', async () => {
    const double = LCRunnableLambda.from((n: number) => n * 2);
    const seq = RunnableSequence.from<number, number>([double as never, (n: number) => n + 1]);
    expect(await seq.invoke(20)).toBe(41);
    const both = new RunnableParallel({ lc: double as never, ours: (n: number) => n - 1 });
    expect(await both.invoke(5)).toEqual({ lc: 10, ours: 4 });
  });

  it('reports the adapted step by its LangChain name and kind', async () => {
    const step = coerceRunnable(new ScriptedLCChatModel({ chunks: textChunks('x') }) as never);
    const events = await eventsOf(step, 'hi');
    expect(events.map((e) => `${e.event} ${e.name}`)).toEqual([
      'on_chat_model_start ScriptedLCChatModel',
      'on_chat_model_stream ScriptedLCChatModel',
      'on_chat_model_end ScriptedLCChatModel',
    ]);
  });

  it('aborting our signal aborts the adapted call', async () => {
    const model = new ScriptedLCChatModel({ chunks: textChunks('a', 'b', 'c', 'd'), delayMs: 20 });
    const controller = new AbortController();
    const pending = coerceRunnable(model as never)
      .invoke('go', { signal: controller.signal })
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 10);
    const error = await pending;
    expect(RxRunnablesError.isInstance(error) && error.code).toBe('ABORTED');
    expect(model.signals[0]?.aborted).toBe(true);
  });
});

describe('ForeignRunnable on duck-typed objects', () => {
  it('streams what an invoke+stream object yields, passing a signal', async () => {
    const signals: AbortSignal[] = [];
    const foreign = {
      invoke: async (s: string) => s,
      async *stream(s: string, options: { signal: AbortSignal }) {
        signals.push(options.signal);
        yield* s.split('');
      },
    };
    const step = new ForeignRunnable<string, string>(foreign);
    expect(await step.invoke('abc')).toBe('abc');
    expect(signals[0]).toBeInstanceOf(AbortSignal);
  });

  it('accepts a stream that returns an Observable', async () => {
    const foreign = {
      invoke: async () => 'unused',
      stream: (s: string) => of(s, s),
    };
    expect(await new ForeignRunnable<string, string>(foreign).invoke('x')).toBe('xx');
  });

  it('unsubscribing tears the Observable down', async () => {
    let tornDown = false;
    const foreign = {
      invoke: async () => 'unused',
      stream: () =>
        new Observable<string>((subscriber) => {
          subscriber.next('first');
          return () => {
            tornDown = true;
          };
        }),
    };
    for await (const chunk of new ForeignRunnable<string, string>(foreign).astream('x')) {
      expect(chunk).toBe('first');
      break;
    }
    expect(tornDown).toBe(true);
  });

  it('fails with INVALID_INPUT when stream returns something it cannot read', async () => {
    const foreign = { invoke: async () => 1, stream: async () => 42 };
    const error = await new ForeignRunnable(foreign, { name: 'Odd' })
      .invoke('x')
      .catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error) && error.code).toBe('INVALID_INPUT');
    expect((error as RxRunnablesError).message).toContain('Odd.stream()');
  });

  it('uses the name, kind and chunk mode given in options', async () => {
    const foreign = { invoke: async () => 1, stream: async function* () {} };
    const step = new ForeignRunnable(foreign, { name: 'Custom', kind: 'retriever' });
    const events = await eventsOf(step, 'q');
    expect(events.map((e) => `${e.event} ${e.name}`)).toEqual([
      'on_retriever_start Custom',
      'on_retriever_end Custom',
    ]);
  });
});
