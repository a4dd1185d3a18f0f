// Partials and optional placeholders as LangChain.js renders them: the same case on both libraries.
import { HumanMessage as LCHumanMessage } from '@langchain/core/messages';
import {
  ChatPromptTemplate as LCChatPromptTemplate,
  MessagesPlaceholder as LCMessagesPlaceholder,
  PromptTemplate as LCPromptTemplate,
} from '@langchain/core/prompts';
import { describe, expect, it } from 'vitest';
import { HumanMessage } from '../../src/chunks';
import { ChatPromptTemplate, MessagesPlaceholder, PromptTemplate } from '../../src/models';

/** A partial function that counts its calls and returns the call number. */
function counter(): { fn: () => string; calls: () => number } {
  let calls = 0;
  return { fn: () => `call ${++calls}`, calls: () => calls };
}

/** A message list as role and text, comparable across the two libraries. */
function roles(messages: { getType?: () => string; type?: string; content: unknown }[]): string[] {
  return messages.map((m) => `${m.getType?.() ?? m.type}: ${String(m.content)}`);
}

describe('PromptTemplate.partial with a function value', () => {
  it('calls the function at each render, once per render', async () => {
    const lcCount = counter();
    const ourCount = counter();
    const lc = await LCPromptTemplate.fromTemplate('{when}: {name}, {when}').partial({
      when: lcCount.fn,
    });
    const ours = await PromptTemplate.fromTemplate('{when}: {name}, {when}').partial({
      when: ourCount.fn,
    });
    const lcOut = [await lc.format({ name: 'Ada' }), (await lc.invoke({ name: 'Bo' })).toString()];
    const ourOut = [
      await ours.format({ name: 'Ada' }),
      (await ours.invoke({ name: 'Bo' })).toString(),
    ];
    expect(ourOut).toEqual(lcOut);
    expect(ourCount.calls()).toBe(lcCount.calls());
  });

  it('awaits an async function on invoke', async () => {
    const when = async (): Promise<string> => 'today';
    const lc = await LCPromptTemplate.fromTemplate('{when}: {name}').partial({ when });
    const ours = await PromptTemplate.fromTemplate('{when}: {name}').partial({ when });
    expect((await ours.invoke({ name: 'Ada' })).toString()).toBe(
      (await lc.invoke({ name: 'Ada' })).toString(),
    );
  });

  it('lets a value given at render time override the partial', async () => {
    const lc = await LCPromptTemplate.fromTemplate('{a}-{b}').partial({ a: () => 'p' });
    const ours = await PromptTemplate.fromTemplate('{a}-{b}').partial({ a: () => 'p' });
    expect(await ours.format({ a: 'x', b: 'y' })).toBe(await lc.format({ a: 'x', b: 'y' }));
  });

  it('works on a ChatPromptTemplate, one call per render for all its messages', async () => {
    const day = counter();
    const lcDay = counter();
    const lc = await LCChatPromptTemplate.fromMessages([
      ['system', 'Today is {day}.'],
      ['human', '{question} (asked {day})'],
    ]).partial({ day: lcDay.fn });
    const ours = await ChatPromptTemplate.fromMessages([
      ['system', 'Today is {day}.'],
      ['human', '{question} (asked {day})'],
    ]).partial({ day: day.fn });
    const lcMessages = (await lc.invoke({ question: 'Hi?' })).toChatMessages();
    const ourMessages = (await ours.invoke({ question: 'Hi?' })).toChatMessages();
    expect(roles(ourMessages)).toEqual(roles(lcMessages));
    expect(day.calls()).toBe(lcDay.calls());
  });
});

describe('an optional MessagesPlaceholder', () => {
  const make = <T>(
    chat: typeof ChatPromptTemplate | typeof LCChatPromptTemplate,
    placeholder: T,
  ): unknown =>
    (chat as typeof LCChatPromptTemplate).fromMessages([
      ['system', 'Be brief.'],
      placeholder as unknown as LCMessagesPlaceholder,
      ['human', '{question}'],
    ]);

  for (const given of [null, undefined] as const) {
    it(`renders no messages when given ${String(given)}`, async () => {
      const lc = make(
        LCChatPromptTemplate,
        new LCMessagesPlaceholder({ variableName: 'history', optional: true }),
      ) as LCChatPromptTemplate;
      const ours = make(
        ChatPromptTemplate,
        new MessagesPlaceholder({ variableName: 'history', optional: true }),
      ) as unknown as ChatPromptTemplate;
      const lcMessages = await lc.formatMessages({ history: given, question: 'Hi?' });
      const ourMessages = await ours.formatMessages({ history: given, question: 'Hi?' });
      expect(roles(ourMessages)).toEqual(roles(lcMessages));
      expect(roles(ourMessages)).toEqual(['system: Be brief.', 'human: Hi?']);
    });
  }

  it('renders the messages it is given', async () => {
    const lc = LCChatPromptTemplate.fromMessages([
      new LCMessagesPlaceholder({ variableName: 'history', optional: true }),
    ]);
    const ours = ChatPromptTemplate.fromMessages([
      new MessagesPlaceholder({ variableName: 'history', optional: true }),
    ]);
    const lcMessages = await lc.formatMessages({ history: [new LCHumanMessage('earlier')] });
    const ourMessages = await ours.formatMessages({ history: [new HumanMessage('earlier')] });
    expect(roles(ourMessages)).toEqual(roles(lcMessages));
  });
});
