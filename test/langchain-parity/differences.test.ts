// The documented differences from LangChain.js (docs/from-langchain.md, "Differences that
// remain"): each case run on both libraries, checking that each behaves as that table says.
import { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import {
  ChatPromptTemplate as LCChatPromptTemplate,
  PromptTemplate as LCPromptTemplate,
} from '@langchain/core/prompts';
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import { RunnableLambda, RxRunnablesError } from '../../src/core';
import { ChatPromptTemplate, PromptTemplate } from '../../src/models';
import { drain } from './support';

describe('differences from LangChain.js, as documented', () => {
  it('getName() of a lambda over a named function is the function’s name', () => {
    function double(x: number): number {
      return x * 2;
    }
    expect(LCLambda.from(double).getName()).toBe('RunnableLambda');
    expect(RunnableLambda.from(double).getName()).toBe('double');
    expect(RunnableLambda.from((x: number) => x).getName()).toBe(
      LCLambda.from((x: number) => x).getName(),
    );
  });

  it('merged boolean metadata keeps the later value (LangChain keeps the first true)', () => {
    const lc = new LCAIMessageChunk({ content: 'a', response_metadata: { flag: true } }).concat(
      new LCAIMessageChunk({ content: 'b', response_metadata: { flag: false } }),
    );
    const ours = new AIMessageChunk({ content: 'a', responseMetadata: { flag: true } }).concat(
      new AIMessageChunk({ content: 'b', responseMetadata: { flag: false } }),
    );
    expect(lc.response_metadata).toEqual({ flag: true });
    expect(ours.responseMetadata).toEqual({ flag: false });
  });

  it('format() with an async partial throws INVALID_INPUT; invoke awaits it as LangChain does', async () => {
    const when = async (): Promise<string> => 'today';
    const lc = await LCPromptTemplate.fromTemplate('{when}').partial({ when });
    const ours = PromptTemplate.fromTemplate('{when}').partial({ when });
    expect(await lc.format({})).toBe('today');
    expect(() => ours.format({})).toThrow(RxRunnablesError);
    expect(() => ours.format({})).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect((await ours.invoke({})).toString()).toBe((await lc.invoke({})).toString());
  });

  it('renders a template variable in an image_url detail', async () => {
    const entry = [
      'human',
      [{ type: 'image_url', image_url: { url: '{u}', detail: '{d}' } }],
    ] as const;
    const values = { u: 'https://example.com/a.png', d: 'low' };
    const lcRendered = LCChatPromptTemplate.fromMessages([
      entry as unknown as ['human', never],
    ]).formatMessages(values);
    const ourMessages = ChatPromptTemplate.fromMessages([
      entry as unknown as ['human', never],
    ]).formatMessages(values);
    // LangChain.js counts `{d}` as a variable, then fails to find it although it is given.
    await expect(lcRendered).rejects.toThrow('Missing value for input d');
    const [block] = ourMessages[0]?.content as { image_url: { url: string; detail?: string } }[];
    expect(block?.image_url).toEqual({ url: values.u, detail: 'low' });
  });

  it('withRetry retries a stream that fails before its first chunk (LangChain: invoke only)', async () => {
    let lcCalls = 0;
    let ourCalls = 0;
    const lc = new LCLambda({
      func: async function* () {
        lcCalls += 1;
        if (lcCalls < 2) throw new Error('flaky');
        yield 'ok';
      },
    }).withRetry({ stopAfterAttempt: 3 });
    const ours = new RunnableLambda({
      func: async function* () {
        ourCalls += 1;
        if (ourCalls < 2) throw new Error('flaky');
        yield 'ok';
      },
    }).withRetry({ stopAfterAttempt: 3, backoff: { initialMs: 1 } });
    await expect(lc.stream(null).then(drain)).rejects.toThrow('flaky');
    expect(await drain(ours.stream(null))).toEqual(['ok']);
    expect([lcCalls, ourCalls]).toEqual([1, 2]);
  });
});
