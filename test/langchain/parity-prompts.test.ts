// Chat prompt habits of a LangChain.js user, rendered by @langchain/core and by us side by side.
import { AIMessage as LCAIMessage, HumanMessage as LCHumanMessage } from '@langchain/core/messages';
import { ChatPromptValue as LCChatPromptValue } from '@langchain/core/prompt_values';
import { ChatPromptTemplate as LCPrompt } from '@langchain/core/prompts';
import { coerceMessageLikeToMessage } from '@langchain/core/messages';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AIMessage, HumanMessage } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { fromLangChainMessage } from '../../src/langchain/messages';
import { ChatPromptTemplate, ChatPromptValue } from '../../src/models';
import type { ChatPromptEntry, PromptValues } from '../../src/models';

/** Renders the same entries with both libraries, in our classes. */
async function both(entries: readonly unknown[], values: PromptValues) {
  const lc = LCPrompt.fromMessages(entries as never);
  const ours = ChatPromptTemplate.fromMessages(entries as readonly ChatPromptEntry[]);
  return {
    ours: ours.formatMessages(values),
    theirs: (await lc.formatMessages(values)).map(fromLangChainMessage),
    oursPrompt: ours,
    lcPrompt: lc,
  };
}

describe('content-block templates', () => {
  it('render their blocks as LangChain renders them', async () => {
    const entries = [
      [
        'human',
        [
          { type: 'text', text: 'hi {x}' },
          { type: 'image_url', image_url: { url: '{u}' } },
          { type: 'image_url', image_url: { url: '{u}', detail: 'high' } },
          { type: 'image_url', image_url: '{u}' },
          { text: 'only text {x}' },
          { text: '{empty}' },
        ],
      ],
      ['system', [{ type: 'text', text: 'sys {x}', cache_control: { type: 'ephemeral' } }]],
    ];
    const values = { x: 'X', u: 'https://example.com/cat.png', empty: '' };
    const { ours, theirs, oursPrompt, lcPrompt } = await both(entries, values);
    expect(ours).toEqual(theirs);
    expect(ours[0]?.content).toContainEqual({ type: 'text', text: 'hi X' });
    expect(new Set(oursPrompt.inputVariables)).toEqual(new Set(lcPrompt.inputVariables));
  });

  it('name a missing variable inside a block', () => {
    const prompt = ChatPromptTemplate.fromMessages([
      ['human', [{ type: 'image_url', image_url: { url: '{u}' } }]],
    ]);
    expect(() => prompt.formatMessages({})).toThrow(
      expect.objectContaining({
        code: 'PROMPT_MISSING_VARIABLE',
        details: expect.objectContaining({ variable: 'u' }) as unknown,
      }) as Error,
    );
  });
});

describe('entries LangChain accepts', () => {
  it('a ChatPromptTemplate entry splices its messages and partials in', async () => {
    const innerEntries: ChatPromptEntry[] = [
      ['system', 'You are {persona}.'],
      ['placeholder', '{history}'],
    ];
    const inner = ChatPromptTemplate.fromMessages(innerEntries, {
      partialVariables: { persona: 'a pirate' },
    });
    const lcInner = await LCPrompt.fromMessages(innerEntries as never).partial({
      persona: 'a pirate',
    });
    const ours = ChatPromptTemplate.fromMessages([inner, ['human', '{q}']]);
    const lc = LCPrompt.fromMessages([lcInner, ['human', '{q}']]);
    const values = { q: 'Where?', history: [['ai', 'Arr']] };
    expect(ours.formatMessages(values)).toEqual(
      (await lc.formatMessages(values)).map(fromLangChainMessage),
    );
    expect(ours.inputVariables).toEqual(['history', 'q']);
    expect(new Set(ours.inputVariables)).toEqual(new Set(lc.inputVariables));
  });

  it('{ role, content } objects are templates; messages are fixed text', async () => {
    const entries = [
      { role: 'system', content: 'Answer in {lang}.' },
      { type: 'human', content: 'About {topic}' },
      new LCAIMessage('Fixed {not_a_variable}'),
      ['assistant', 'OK, {topic}'],
      ['user', '{q}'],
    ];
    const { ours, theirs } = await both(entries, { lang: 'French', topic: 'RxJS', q: 'Why?' });
    expect(ours).toEqual(theirs);
    expect(ours[2]).toEqual(new AIMessage('Fixed {not_a_variable}'));
  });

  it("['placeholder', '{foo}'] is an optional placeholder in both", async () => {
    const entries = [
      ['placeholder', '{foo}'],
      ['human', 'hi'],
    ];
    const absent = await both(entries, {});
    expect(absent.ours).toEqual(absent.theirs);
    expect(absent.ours).toEqual([new HumanMessage('hi')]);
    const present = await both(entries, {
      foo: [['ai', 'earlier'], { role: 'user', content: 'u' }],
    });
    expect(present.ours).toEqual(present.theirs);
    expect(present.ours).toHaveLength(3);
  });
});

describe('entries LangChain rejects: ours says which entry, with a typed error', () => {
  it("['placeholder', 'foo'] without braces", () => {
    expect(() => LCPrompt.fromMessages([['placeholder', 'foo']])).toThrow(/curly braces/);
    expect(() =>
      ChatPromptTemplate.fromMessages([
        ['human', 'x'],
        ['placeholder', 'foo'],
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        details: expect.objectContaining({ index: 1 }) as unknown,
        message: expect.stringMatching(/\{history\}/) as unknown,
      }) as Error,
    );
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['an object that is no message', { question: 'x' }],
  ])('%s', (_label, entry) => {
    expect(() => LCPrompt.fromMessages([entry as never])).toThrow();
    let caught: unknown;
    try {
      ChatPromptTemplate.fromMessages(['ok', entry as never]);
    } catch (error) {
      caught = error;
    }
    expect(RxRunnablesError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({
      code: 'INVALID_INPUT',
      details: { index: 1, step: 'ChatPromptTemplate.fromMessages' },
    });
  });

  it('a tool-role template', () => {
    expect(() => LCPrompt.fromMessages([['tool', 'x'] as never])).toThrow();
    expect(() => ChatPromptTemplate.fromMessages([['tool' as 'human', 'x']])).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        details: expect.objectContaining({ index: 0 }) as unknown,
      }) as Error,
    );
  });
});

describe('format(values)', () => {
  it('returns the same transcript as LangChain', async () => {
    const entries: ChatPromptEntry[] = [
      ['system', 'Be {tone}.'],
      ['placeholder', '{history}'],
      [
        'human',
        [
          { type: 'text', text: 'Look: {q}' },
          { type: 'image_url', image_url: { url: '{u}' } },
        ],
      ],
    ];
    const history = [
      new LCHumanMessage({ content: 'Hi', name: 'ada' }),
      {
        role: 'assistant',
        content: 'Checking',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'weather', arguments: '{"city":"Oslo"}' },
          },
        ],
      },
      { role: 'tool', content: '21°C', tool_call_id: 'call_1' },
      { role: 'assistant', content: 'It is 21°C.', name: 'bot' },
    ];
    const values = { tone: 'brief', history, q: 'this', u: 'https://x/y.png' };
    const ours = ChatPromptTemplate.fromMessages(entries);
    const lc = LCPrompt.fromMessages(entries as never);
    const expected = await lc.format(values);
    expect(ours.format(values)).toBe(expected);
    expect(expected).toContain('[image]');
    expect(String(ours.formatPromptValue(values))).toBe(expected);
  });
});

describe('ChatPromptValue.toString', () => {
  it('is the transcript LangChain writes, for random conversations', () => {
    const text = fc.constantFrom('', 'Hi', 'a {b}', 'line\nbreak');
    const block = fc.oneof(
      text.map((t) => ({ type: 'text', text: t })),
      fc.constantFrom(
        { type: 'image_url', image_url: { url: 'u' } },
        { type: 'input_audio', input_audio: { data: 'x' } },
        { type: 'reasoning', reasoning: 'r' },
        { type: 'custom_kind', value: 1 },
        { type: 'file', file: 'f' },
      ),
    );
    const content = fc.oneof(text, fc.array(block, { maxLength: 3 }));
    const name = fc.option(fc.constantFrom('ada', 'bot'), { nil: undefined });
    const id = fc.constantFrom('call_1', 'x'.repeat(70));
    const call = fc.record({
      id,
      name: fc.constantFrom('f', 'g'),
      args: fc.dictionary(fc.constantFrom('a', 'b'), fc.integer()),
    });
    const message = fc.oneof(
      fc.record({ role: fc.constantFrom('user', 'system'), content, name }),
      fc
        .record({
          role: fc.constant('assistant'),
          content,
          name,
          tool_calls: fc.array(call, { maxLength: 2 }),
        })
        .map(({ tool_calls, ...rest }) => ({
          ...rest,
          tool_calls: tool_calls.map((c) => ({
            id: c.id,
            type: 'function',
            function: { name: c.name, arguments: JSON.stringify(c.args) },
          })),
        })),
      fc.record({ role: fc.constant('tool'), content, tool_call_id: id }),
    );
    const withoutUndefined = (m: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined));
    fc.assert(
      fc.property(fc.array(message.map(withoutUndefined), { maxLength: 5 }), (likes) => {
        const lc = new LCChatPromptValue(likes.map((l) => coerceMessageLikeToMessage(l as never)));
        expect(new ChatPromptValue(likes as never).toString()).toBe(lc.toString());
      }),
    );
  });
});
