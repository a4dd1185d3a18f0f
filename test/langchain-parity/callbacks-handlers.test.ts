// Handler objects as LangChain has them: BaseCallbackHandler subclasses, ignore… flags,
// raiseError, and handleLLMStart for a handler without handleChatModelStart.
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { CallbackManager } from '@langchain/core/callbacks/manager';
import { AIMessage } from '@langchain/core/messages';
import { StringOutputParser as LCParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCPrompt } from '@langchain/core/prompts';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it, vi } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { CharModel, normalize } from './callbacks-support';
import type { Call } from './callbacks-support';
import { drain } from './support';

const lcChain = () =>
  LCPrompt.fromMessages([
    ['system', 'Be brief'],
    ['human', '{q}'],
  ])
    .pipe(new FakeStreamingChatModel({ sleep: 0, responses: [new AIMessage('ab')] }))
    .pipe(new LCParser());
const ours = () =>
  ChatPromptTemplate.fromMessages([
    ['system', 'Be brief'],
    ['human', '{q}'],
  ])
    .pipe(new CharModel('ab'))
    .pipe(new StringOutputParser());

/** A LangChain handler class recording what it is called with. */
class Recorder extends BaseCallbackHandler {
  override name = 'recorder';
  calls: Call[] = [];
  constructor(flags: Partial<Record<'ignoreLLM' | 'ignoreChain', boolean>> = {}) {
    super(flags);
  }
  override handleChainStart(...args: unknown[]): void {
    this.calls.push(['handleChainStart', ...args]);
  }
  override handleChainEnd(...args: unknown[]): void {
    this.calls.push(['handleChainEnd', ...args]);
  }
  override handleLLMStart(...args: unknown[]): void {
    this.calls.push(['handleLLMStart', ...args]);
  }
  override handleLLMNewToken(...args: unknown[]): void {
    this.calls.push(['handleLLMNewToken', ...args]);
  }
  override handleLLMEnd(...args: unknown[]): void {
    this.calls.push(['handleLLMEnd', ...args]);
  }
}

/** The same streamed run on both libraries with a fresh handler each. */
async function both(make: () => Recorder): Promise<[Recorder, Recorder]> {
  const lc = make();
  await drain(await lcChain().stream({ q: 'hi' }, { callbacks: [lc] }));
  const rx = make();
  await drain(ours().stream({ q: 'hi' }, { callbacks: [rx] }));
  return [lc, rx];
}

describe('callback handler objects', () => {
  it('a BaseCallbackHandler without handleChatModelStart gets handleLLMStart with the prompt text', async () => {
    const [lc, rx] = await both(() => new Recorder());
    const start = lc.calls.find((c) => c[0] === 'handleLLMStart');
    expect(start?.[2]).toEqual(['System: Be brief\nHuman: hi']);
    expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
  });

  it('ignoreLLM skips model calls, ignoreChain chain calls, as in LangChain', async () => {
    for (const flags of [{ ignoreLLM: true }, { ignoreChain: true }]) {
      const [lc, rx] = await both(() => new Recorder(flags));
      expect(lc.calls.length).toBeGreaterThan(0);
      expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
    }
  });

  it('a throwing handler is logged and the run goes on; awaited with raiseError, the run fails with its error', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const throwing = (raiseError: boolean) => ({
        raiseError,
        awaitHandlers: raiseError,
        handleChainStart: () => {
          throw new Error('handler failed');
        },
      });
      expect(await lcChain().invoke({ q: 'hi' }, { callbacks: [throwing(false)] })).toBe('ab');
      expect(await ours().invoke({ q: 'hi' }, { callbacks: [throwing(false)] })).toBe('ab');
      await expect(lcChain().invoke({ q: 'hi' }, { callbacks: [throwing(true)] })).rejects.toThrow(
        'handler failed',
      );
      const failure = ours().invoke({ q: 'hi' }, { callbacks: [throwing(true)] });
      await expect(failure).rejects.toThrow('handler failed');
      await expect(failure).rejects.toSatisfy(
        (e) => RxRunnablesError.isInstance(e) && e.code === 'CALLBACK',
      );
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it('a CallbackManager holding the handlers works as the list does', async () => {
    const lc = new Recorder();
    const lcManager = new CallbackManager();
    lcManager.addHandler(lc);
    await drain(await lcChain().stream({ q: 'hi' }, { callbacks: lcManager }));
    const rx = new Recorder();
    const rxManager = new CallbackManager();
    rxManager.addHandler(rx);
    await drain(ours().stream({ q: 'hi' }, { callbacks: rxManager }));
    expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
  });

  it('a handler that prefers streaming (lc_prefer_streaming) gets tokens in invoke too', async () => {
    const streaming = () => Object.assign(new Recorder(), { lc_prefer_streaming: true });
    const lc = streaming();
    await lcChain().invoke({ q: 'hi' }, { callbacks: [lc] });
    const rx = streaming();
    await ours().invoke({ q: 'hi' }, { callbacks: [rx] });
    expect(lc.calls.map((c) => c[0])).toContain('handleLLMNewToken');
    expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
  });

  it('an empty list of callbacks runs as no callbacks, as in LangChain', async () => {
    const lc = await drain(await lcChain().stream({ q: 'hi' }, { callbacks: [] }));
    expect(await drain(ours().stream({ q: 'hi' }, { callbacks: [] }))).toEqual(lc);
    expect(await ours().invoke({ q: 'hi' }, { callbacks: new CallbackManager() })).toBe('ab');
  });

  it('a callbacks value that holds no handlers is INVALID_CONFIG, saying what it takes', async () => {
    await expect(ours().invoke({ q: 'hi' }, { callbacks: 'nope' as never })).rejects.toThrow(
      /callback handlers/,
    );
  });
});
