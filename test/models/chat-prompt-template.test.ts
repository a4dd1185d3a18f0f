import { describe, expect, it } from 'vitest';
import { AIMessage, HumanMessage, SystemMessage } from '../../src/chunks';
import { ChatPromptTemplate, ChatPromptValue, MessagesPlaceholder } from '../../src/models';

describe('ChatPromptTemplate.fromMessages', () => {
  it('renders role/template pairs into messages', async () => {
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'You are {persona}.'],
      ['human', '{question}'],
      ['ai', 'Noted: {question}'],
      ['user', 'u'],
      ['assistant', 'a'],
      'plain {question}',
    ]);
    const value = await prompt.invoke({ persona: 'terse', question: 'Why?' });
    expect(value).toBeInstanceOf(ChatPromptValue);
    expect(value.toChatMessages()).toEqual([
      new SystemMessage('You are terse.'),
      new HumanMessage('Why?'),
      new AIMessage('Noted: Why?'),
      new HumanMessage('u'),
      new AIMessage('a'),
      new HumanMessage('plain Why?'),
    ]);
    expect(value.toString()).toBe(
      'System: You are terse.\nHuman: Why?\nAI: Noted: Why?\nHuman: u\nAI: a\nHuman: plain Why?',
    );
  });

  it('keeps fixed messages as they are, braces included', () => {
    const fixed = new SystemMessage('Literal {not_a_variable}');
    const prompt = ChatPromptTemplate.fromMessages([fixed, ['human', '{q}']]);
    expect(prompt.inputVariables).toEqual(['q']);
    expect(prompt.formatMessages({ q: 'x' })[0]).toBe(fixed);
  });

  it('fills message placeholders with messages, one message or a string', () => {
    const prompt = ChatPromptTemplate.fromMessages([
      new MessagesPlaceholder('history'),
      ['human', '{q}'],
    ]);
    const history = [new HumanMessage('hi'), new AIMessage('hello')];
    expect(prompt.formatMessages({ history, q: 'next' })).toEqual([
      ...history,
      new HumanMessage('next'),
    ]);
    expect(prompt.formatMessages({ history: new AIMessage('one'), q: 'x' })).toHaveLength(2);
    expect(prompt.formatMessages({ history: 'as text', q: 'x' })[0]).toEqual(
      new HumanMessage('as text'),
    );
    expect(prompt.inputVariables).toEqual(['history', 'q']);
  });

  it('fills a placeholder with LangChain messages (from LangGraph state, say)', async () => {
    const lc = await import('@langchain/core/messages');
    const prompt = ChatPromptTemplate.fromMessages([new MessagesPlaceholder('messages')]);
    const out = prompt.formatMessages({
      messages: [new lc.HumanMessage('hi'), new lc.AIMessage({ content: 'hello', id: 'a1' })],
    });
    expect(out).toEqual([new HumanMessage('hi'), new AIMessage({ content: 'hello', id: 'a1' })]);
  });

  it('requires a placeholder unless optional; ["placeholder", "{x}"] is optional', () => {
    const required = ChatPromptTemplate.fromMessages([new MessagesPlaceholder('history')]);
    expect(() => required.formatMessages({})).toThrow(
      expect.objectContaining({ code: 'PROMPT_MISSING_VARIABLE' }) as Error,
    );
    const optional = ChatPromptTemplate.fromMessages([
      new MessagesPlaceholder({ variableName: 'history', optional: true }),
      ['placeholder', '{extra}'],
      ['human', 'q'],
    ]);
    expect(optional.formatMessages({})).toEqual([new HumanMessage('q')]);
  });

  it('rejects placeholder values that are not messages', () => {
    const prompt = ChatPromptTemplate.fromMessages([new MessagesPlaceholder('h')]);
    expect(() => prompt.formatMessages({ h: [{ role: 'user' }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as Error,
    );
  });

  it('takes partials, which later values override', () => {
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'Today is {day}. Be {tone}.'],
      ['human', '{q}'],
    ]).partial({ day: () => 'Monday', tone: 'kind' });
    expect(prompt.inputVariables).toEqual(['q']);
    expect(prompt.formatMessages({ q: 'x', tone: 'blunt' })[0]?.text).toBe(
      'Today is Monday. Be blunt.',
    );
  });

  it('fails with PROMPT_MISSING_VARIABLE naming the variable', async () => {
    const prompt = ChatPromptTemplate.fromMessages([['human', '{question} ({lang})']]);
    await expect(prompt.invoke({ question: 'Why?' })).rejects.toMatchObject({
      code: 'PROMPT_MISSING_VARIABLE',
      details: { variable: 'lang' },
      message: expect.stringContaining('"lang"') as string,
    });
  });

  it('rejects unknown roles with INVALID_CONFIG', () => {
    expect(() => ChatPromptTemplate.fromMessages([['robot' as 'human', 'x']])).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error,
    );
  });

  it('builds a one-message prompt with fromTemplate', () => {
    const prompt = ChatPromptTemplate.fromTemplate('About {topic}');
    expect(prompt.formatPromptValue({ topic: 'rx' }).toString()).toBe('Human: About rx');
  });
});
