// The documented differences from LangChain.js (docs/from-langchain.md, "Differences that
// remain"): each case run on both libraries, checking that each behaves as that table says.
import {
  AIMessage as LCAIMessage,
  AIMessageChunk as LCAIMessageChunk,
  HumanMessage as LCHumanMessage,
} from '@langchain/core/messages';
import {
  ChatPromptTemplate as LCChatPromptTemplate,
  PromptTemplate as LCPromptTemplate,
} from '@langchain/core/prompts';
import {
  OutputParserException,
  parsePartialJson as lcParsePartialJson,
} from '@langchain/core/output_parsers';
import {
  RunnableLambda as LCLambda,
  RunnableSequence as LCSequence,
} from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { AIMessage, AIMessageChunk, HumanMessage, messageFromJSON } from '../../src/chunks';
import { RunnableLambda, RunnableSequence, RxRunnablesError } from '../../src/core';
import { parsePartialJson } from '../../src/json';
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
    const [block] = ourMessages[0]?.content as unknown as {
      image_url: { url: string; detail?: string };
    }[];
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

  it('parsePartialJson shows no guessed literal, lone minus or half escape', () => {
    // Ported from @langchain/core src/utils/tests/json.test.ts ("array", "strings", "numbers",
    // "null values", "boolean values"): the texts where the two differ.
    const cases: [string, unknown, unknown][] = [
      ['[t', [true], []],
      ['[n', [null], []],
      ['[null,t', [null, true], [null]],
      ['tr', true, undefined],
      ['nul', null, undefined],
      ['fals', false, undefined],
      ['-', -0, undefined],
      ['[-', [-0], []],
      ['"15\\u00f', '15u00f', '15'],
      ['"hello\\', 'hello\\', 'hello'],
    ];
    for (const [text, lc, ours] of cases) {
      expect(lcParsePartialJson(text), text).toEqual(lc);
      expect(parsePartialJson(text), text).toEqual(ours);
    }
    // Once the text holds the value, both agree.
    for (const text of ['[true', 'null', 'false', '-1', '"15\\u00f8"', '"hello\\\\"']) {
      expect(parsePartialJson(text), text).toEqual(lcParsePartialJson(text));
    }
  });

  it("a step's own error class reaches the caller as the cause of our typed error", async () => {
    // Ported from @langchain/core src/runnables/tests/runnable.test.ts ("… with invalid output
    // and catch the error").
    const parser = (): never => {
      throw new OutputParserException('Invalid output');
    };
    const lc = await LCSequence.from([(x: string) => x, parser])
      .invoke('Hello sequence!')
      .catch((e: unknown) => e);
    const ours = await RunnableSequence.from([(x: string) => x, parser])
      .invoke('Hello sequence!')
      .catch((e: unknown) => e);
    expect(lc).toBeInstanceOf(OutputParserException);
    expect((lc as { lc_error_code?: string }).lc_error_code).toBe('OUTPUT_PARSING_FAILURE');
    expect(ours).toBeInstanceOf(RxRunnablesError);
    expect((ours as RxRunnablesError).cause).toBeInstanceOf(OutputParserException);
    expect((ours as RxRunnablesError).message).toBe((lc as Error).message);
  });

  it("a message's JSON has camelCase fields (usageMetadata), LangChain's snake_case", () => {
    // Ported from @langchain/core src/messages/tests/base_message.test.ts ("usage_metadata
    // serialized").
    const lc = JSON.stringify(
      new LCAIMessage({
        content: 'hello',
        usage_metadata: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
      }),
    );
    const message = new AIMessage({
      content: 'hello',
      usageMetadata: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    });
    const ours = JSON.stringify(message);
    expect(lc).toContain('"usage_metadata"');
    expect(lc).toContain('"input_tokens"');
    expect(ours).toContain('"usageMetadata"');
    expect(ours).toContain('"inputTokens"');
    expect(messageFromJSON(JSON.parse(ours))).toEqual(message);
    expect(message.usage_metadata).toEqual({ input_tokens: 1, output_tokens: 1, total_tokens: 2 });
  });

  it('toFormattedString() prints the text of content blocks (LangChain prints none)', () => {
    const content = [
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: 'https://example.com/a.png' },
    ];
    const lc = new LCHumanMessage({ content }).toFormattedString();
    const ours = new HumanMessage({ content }).toFormattedString();
    expect(lc.split('\n')).toHaveLength(1);
    expect(ours).toBe(`${lc}\nWhat is this?`);
  });

  it('an image_url in a message instance stays as written (LangChain renders it, unlisted)', async () => {
    // Ported from @langchain/core src/messages/tests/base_message.test.ts ("Test
    // ChatPromptTemplate can format OpenAI content image messages").
    const content = [
      { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,{image_string}' } },
    ];
    const values = { image_string: 'base_64_encoded_string', yes_or_no: 'YES!' };
    const lc = LCChatPromptTemplate.fromMessages([
      new LCHumanMessage({ content }),
      ['ai', 'Will this format with multiple messages?: {yes_or_no}'],
    ]);
    const ours = ChatPromptTemplate.fromMessages([
      new HumanMessage({ content }),
      ['ai', 'Will this format with multiple messages?: {yes_or_no}'],
    ]);
    const lcMessages = (await lc.invoke(values)).messages;
    const ourMessages = (await ours.invoke(values)).toChatMessages();
    expect(lc.inputVariables).toEqual(['yes_or_no']);
    expect(ours.inputVariables).toEqual(['yes_or_no']);
    expect(lcMessages[0]?.content).toEqual([
      { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,base_64_encoded_string' } },
    ]);
    expect(ourMessages[0]?.content).toEqual(content);
    expect(ourMessages[1]?.content).toBe(lcMessages[1]?.content);
    expect(ourMessages[1]?.content).toBe('Will this format with multiple messages?: YES!');
  });
});
