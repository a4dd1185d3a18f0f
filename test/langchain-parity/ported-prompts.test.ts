// Cases ported from @langchain/core src/prompts/tests/prompt.test.ts, template.test.ts and
// chat.test.ts, rewritten on our API with LangChain's assertions. LangChain's message prompt
// template classes (SystemMessagePromptTemplate, …) are written as [role, template] tuples here.
import { describe, expect, it } from 'vitest';
import { AIMessage, HumanMessage, SystemMessage } from '../../src/chunks';
import { ChatPromptTemplate, MessagesPlaceholder, PromptTemplate } from '../../src/models';

const doc = { pageContent: 'bar', metadata: {} };

describe('ported from @langchain/core src/prompts/tests/prompt.test.ts', () => {
  it('Test using partial', () => {
    const prompt = new PromptTemplate({
      template: '{foo}{bar}',
      inputVariables: ['foo'],
      partialVariables: { bar: 'baz' },
    });
    expect(prompt.format({ foo: 'foo' })).toBe('foobaz');
  });

  it('Test using partial with an extra variable', () => {
    const prompt = new PromptTemplate({
      template: '{foo}{bar}',
      inputVariables: ['foo'],
      partialVariables: { bar: 'baz' },
    });
    expect(prompt.format({ foo: 'foo', unused: 'nada' })).toBe('foobaz');
  });

  it('Test fromTemplate', async () => {
    const prompt = PromptTemplate.fromTemplate('{foo}{bar}');
    expect((await prompt.invoke({ foo: 'foo', bar: 'baz', unused: 'eee' })).value).toBe('foobaz');
  });

  it('Test fromTemplate with a non-string value', async () => {
    const prompt = PromptTemplate.fromTemplate('{foo}{bar}');
    expect((await prompt.invoke({ foo: ['barbar'], bar: [doc] })).value).toBe(
      '["barbar"][{"pageContent":"bar","metadata":{}}]',
    );
  });

  it('Test fromTemplate with escaped strings', () => {
    expect(PromptTemplate.fromTemplate('{{foo}}{{bar}}').format({ unused: 'eee' })).toBe(
      '{foo}{bar}',
    );
  });

  it('Test fromTemplate with type parameter (a template without variables)', () => {
    expect(PromptTemplate.fromTemplate('test').format({ unused: 'eee' })).toBe('test');
  });

  it('Test fromTemplate with missing variable should raise', async () => {
    const prompt = PromptTemplate.fromTemplate('{foo}');
    expect(() => prompt.format({ unused: 'eee' })).toThrow();
    await expect(prompt.invoke({ unused: 'eee' })).rejects.toThrow();
  });

  it('Test fromTemplate with extra variable should work', async () => {
    const prompt = PromptTemplate.fromTemplate('{foo}');
    expect(prompt.format({ foo: 'test', unused: 'eee' })).toBe('test');
    expect((await prompt.invoke({ foo: 'test', unused: 'eee' })).value).toBe('test');
  });

  it('Test using full partial', () => {
    const prompt = new PromptTemplate({
      template: '{foo}{bar}',
      inputVariables: [],
      partialVariables: { bar: 'baz', foo: 'boo' },
    });
    expect(prompt.format({})).toBe('boobaz');
  });

  it('Test partial', () => {
    const prompt = new PromptTemplate({ template: '{foo}{bar}', inputVariables: ['foo', 'bar'] });
    expect(prompt.inputVariables).toEqual(['foo', 'bar']);
    const partialPrompt = prompt.partial({ foo: 'foo' });
    expect(prompt.inputVariables).toEqual(['foo', 'bar']);
    expect(partialPrompt.inputVariables).toEqual(['bar']);
    expect(partialPrompt.format({ bar: 'baz' })).toBe('foobaz');
  });

  it('inputVariables as given; a template variable missing from them throws (validateTemplate)', () => {
    const prompt = new PromptTemplate({
      template: '{foo}{bar}',
      inputVariables: ['foo', 'baz'],
      partialVariables: { bar: 'x' },
    });
    expect(prompt.inputVariables).toEqual(['foo', 'baz']);
    expect(prompt.format({ foo: 1 })).toBe('1x');
    expect(() => new PromptTemplate({ template: '{foo}{bar}', inputVariables: ['foo'] })).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        message: expect.stringContaining('{bar}'),
      }),
    );
  });

  it('Test partial with function (awaited by invoke; format is synchronous here)', async () => {
    const prompt = new PromptTemplate({ template: '{foo}{bar}', inputVariables: ['foo', 'bar'] });
    const partialPrompt = prompt.partial({ foo: () => Promise.resolve('boo') });
    expect((await partialPrompt.invoke({ bar: 'baz' })).value).toBe('boobaz');
  });
});

describe('ported from @langchain/core src/prompts/tests/template.test.ts', () => {
  it.each([
    ['{foo}', { foo: 'bar' }, 'bar'],
    ['pre{foo}post', { foo: 'bar' }, 'prebarpost'],
    ['{{pre{foo}post}}', { foo: 'bar' }, '{prebarpost}'],
    ['text', {}, 'text'],
    ['}}{{', {}, '}{'],
    ['{first}_{second}', { first: 'foo', second: 'bar' }, 'foo_bar'],
  ])('Interpolation works: %s', (template, variables, result) => {
    expect(PromptTemplate.fromTemplate(template).format(variables)).toBe(result);
  });

  it.each(['{', '}', '{foo', 'foo}'])('Interpolation throws: %s', (template) => {
    expect(() => PromptTemplate.fromTemplate(template).format({})).toThrow();
  });
});

describe('ported from @langchain/core src/prompts/tests/chat.test.ts', () => {
  const system = ['system', "Here's some context: {context}"] as const;
  const user = ['human', "Hello {foo}, I'm {bar}"] as const;
  /** The values of `system` and `user`, and the two messages they format to. */
  const values = { context: 'This is a context', foo: 'Foo', bar: 'Bar' };
  const systemAndUser = () => [
    new SystemMessage("Here's some context: This is a context"),
    new HumanMessage("Hello Foo, I'm Bar"),
  ];

  it('Test format', () => {
    const chatPrompt = ChatPromptTemplate.fromMessages([
      system,
      ['human', "Hello {foo}, I'm {bar}. Thanks for the {context}"],
      ['ai', "I'm an AI. I'm {foo}. I'm {bar}."],
    ]);
    const value = chatPrompt.formatPromptValue({
      context: 'This is a context',
      foo: 'Foo',
      bar: 'Bar',
      unused: 'extra',
    });
    expect(value.toChatMessages()).toEqual([
      new SystemMessage("Here's some context: This is a context"),
      new HumanMessage("Hello Foo, I'm Bar. Thanks for the This is a context"),
      new AIMessage("I'm an AI. I'm Foo. I'm Bar."),
    ]);
  });

  it('Test format with invalid input values', () => {
    const chatPrompt = ChatPromptTemplate.fromMessages([system, user]);
    expect(() =>
      chatPrompt.formatPromptValue({ context: 'This is a context', foo: 'Foo' }),
    ).toThrow(expect.objectContaining({ message: expect.stringContaining('bar') }));
  });

  it('Test fromTemplate', async () => {
    const chatPrompt = ChatPromptTemplate.fromTemplate("Hello {foo}, I'm {bar}");
    expect(chatPrompt.inputVariables).toEqual(['foo', 'bar']);
    expect(chatPrompt.formatPromptValue({ foo: 'Foo', bar: 'Bar' }).toChatMessages()).toEqual([
      new HumanMessage("Hello Foo, I'm Bar"),
    ]);
    expect((await chatPrompt.invoke({ foo: ['barbar'], bar: [doc] })).toChatMessages()).toEqual([
      new HumanMessage(`Hello ["barbar"], I'm [{"pageContent":"bar","metadata":{}}]`),
    ]);
  });

  it('Test fromMessages (non-string inputs, an extra input variable)', () => {
    const chatPrompt = ChatPromptTemplate.fromMessages([system, user]);
    expect(chatPrompt.inputVariables).toEqual(['context', 'foo', 'bar']);
    const value = chatPrompt.formatPromptValue({
      context: [doc],
      foo: 'Foo',
      bar: 'Bar',
      unused: 'No problemo!',
    });
    expect(value.toChatMessages()).toEqual([
      new SystemMessage(`Here's some context: [{"pageContent":"bar","metadata":{}}]`),
      new HumanMessage("Hello Foo, I'm Bar"),
    ]);
  });

  it('Test fromMessages with a variety of ways to declare prompt messages', () => {
    const chatPrompt = ChatPromptTemplate.fromMessages([
      system,
      "Hello {foo}, I'm {bar}",
      ['assistant', 'Nice to meet you, {bar}!'],
      ['human', 'Thanks {foo}!!'],
    ]);
    expect(chatPrompt.formatPromptValue(values).toChatMessages()).toEqual([
      ...systemAndUser(),
      new AIMessage('Nice to meet you, Bar!'),
      new HumanMessage('Thanks Foo!!'),
    ]);
  });

  it('Test fromMessages is composable', () => {
    const inner = ChatPromptTemplate.fromMessages([system, user]);
    const chatPrompt = ChatPromptTemplate.fromMessages([
      inner,
      ['ai', "I'm an AI. I'm {foo}. I'm {bar}."],
    ]);
    expect(chatPrompt.inputVariables).toEqual(['context', 'foo', 'bar']);
    expect(chatPrompt.formatPromptValue(values).toChatMessages()).toEqual([
      ...systemAndUser(),
      new AIMessage("I'm an AI. I'm Foo. I'm Bar."),
    ]);
  });

  it('Test fromMessages is composable with partial vars', () => {
    const inner = ChatPromptTemplate.fromMessages([system, user]);
    const chatPrompt = ChatPromptTemplate.fromMessages([
      inner.partial({ context: 'This is a context', foo: 'Foo' }),
      ['ai', "I'm an AI. I'm {foo}. I'm {bar}."],
    ]);
    expect(chatPrompt.inputVariables).toEqual(['bar']);
    expect(chatPrompt.formatPromptValue({ bar: 'Bar' }).toChatMessages()).toEqual([
      ...systemAndUser(),
      new AIMessage("I'm an AI. I'm Foo. I'm Bar."),
    ]);
  });

  it('Test SimpleMessagePromptTemplate (a MessagesPlaceholder alone)', () => {
    const prompt = ChatPromptTemplate.fromMessages([new MessagesPlaceholder('foo')]);
    expect(prompt.formatMessages({ foo: [new HumanMessage("Hello Foo, I'm Bar")] })).toEqual([
      new HumanMessage("Hello Foo, I'm Bar"),
    ]);
  });

  it('Test MessagesPlaceholder optional in a chat prompt template', () => {
    const prompt = ChatPromptTemplate.fromMessages([
      new MessagesPlaceholder({ variableName: 'foo', optional: true }),
    ]);
    expect(prompt.formatMessages({})).toEqual([]);
  });

  it('Test MessagesPlaceholder not optional', () => {
    const prompt = ChatPromptTemplate.fromMessages([
      new MessagesPlaceholder({ variableName: 'foo' }),
    ]);
    expect(() => prompt.formatMessages({})).toThrow(/foo/);
  });

  it('Test MessagesPlaceholder not optional with invalid input should throw', () => {
    const prompt = ChatPromptTemplate.fromMessages([
      new MessagesPlaceholder({ variableName: 'foo' }),
    ]);
    expect(() =>
      prompt.formatMessages({ foo: [{ pageContent: 'barbar', metadata: {} }] }),
    ).toThrow();
  });

  it('Test MessagesPlaceholder shorthand in a chat prompt template should throw for invalid syntax', () => {
    expect(() => ChatPromptTemplate.fromMessages([['placeholder', 'foo']])).toThrow();
  });

  it('Test MessagesPlaceholder shorthand in a chat prompt template', () => {
    const prompt = ChatPromptTemplate.fromMessages([['placeholder', '{foo}']]);
    expect(
      prompt.formatMessages({ foo: [new HumanMessage('Hi there!'), new AIMessage('how r u')] }),
    ).toEqual([new HumanMessage('Hi there!'), new AIMessage('how r u')]);
  });

  it('Test MessagesPlaceholder shorthand in a chat prompt template with object format', () => {
    const prompt = ChatPromptTemplate.fromMessages([['placeholder', '{foo}']]);
    const blocks = [
      { text: 'page: 1\ndescription: One Purchase Flow\n', type: 'text' },
      { text: 'page: 3\ndescription: intent_str=buy\n', type: 'text' },
    ];
    const messages = prompt.formatMessages({
      foo: [
        { type: 'system', content: 'some initial content' },
        { type: 'human', content: blocks },
        { type: 'assistant', content: 'some captivating response' },
      ],
    });
    expect(messages).toEqual([
      new SystemMessage('some initial content'),
      new HumanMessage({ content: blocks }),
      new AIMessage('some captivating response'),
    ]);
  });

  it('Test MessagesPlaceholder with invalid shorthand should throw', () => {
    const prompt = ChatPromptTemplate.fromMessages([['placeholder', '{foo}']]);
    expect(() => prompt.formatMessages({ foo: [{ badFormatting: true }] })).toThrow();
  });

  it('Test using partial', () => {
    const prompt = ChatPromptTemplate.fromMessages([['human', '{foo}{bar}']]);
    const partialPrompt = prompt.partial({ foo: 'foo' });
    expect(prompt.inputVariables).toEqual(['foo', 'bar']);
    expect(partialPrompt.inputVariables).toEqual(['bar']);
    expect(partialPrompt.format({ bar: 'baz' })).toBe('Human: foobaz');
  });

  it('Test BaseMessage (a message entry is fixed text)', () => {
    const prompt = ChatPromptTemplate.fromMessages([
      new SystemMessage('You are a chatbot {mock_variable}'),
      ['ai', '{name} is my name.'],
    ]);
    expect(prompt.inputVariables).toEqual(['name']);
    expect(prompt.partialVariables).toEqual({});
    expect(prompt.formatPromptValue({ name: 'Bob' }).toChatMessages()).toEqual([
      new SystemMessage('You are a chatbot {mock_variable}'),
      new AIMessage('Bob is my name.'),
    ]);
  });

  it('Throws if trying to pass non BaseMessage inputs to MessagesPlaceholder (a string is a human message)', () => {
    // LangChain's case only checks the error's name if one is thrown; @langchain/core 1.x
    // coerces the string into a human message, and so do we.
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'some string'],
      new MessagesPlaceholder('chatHistory'),
      ['human', '{question}'],
    ]);
    expect(
      prompt.formatMessages({
        chatHistory: 'this is not a valid input type!',
        question: 'What is the meaning of life?',
      }),
    ).toEqual([
      new SystemMessage('some string'),
      new HumanMessage('this is not a valid input type!'),
      new HumanMessage('What is the meaning of life?'),
    ]);
  });

  it('Multi part chat prompt template', () => {
    const template = ChatPromptTemplate.fromMessages([
      ['system', 'You are an AI assistant named {name}'],
      ['human', [{ type: 'text', text: 'What is in this object {objectName}' }]],
    ]);
    expect(template.formatMessages({ name: 'Bob', objectName: 'chair' })).toEqual([
      new SystemMessage('You are an AI assistant named Bob'),
      new HumanMessage({ content: [{ type: 'text', text: 'What is in this object chair' }] }),
    ]);
  });

  it('Multi part chat prompt template with image', () => {
    const myImage = 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAA';
    const myUrl = 'https://www.example.com/image.png';
    const template = ChatPromptTemplate.fromMessages([
      ['system', 'You are an AI assistant named {name}'],
      [
        'human',
        [
          { type: 'image_url', image_url: 'data:image/jpeg;base64,{myImage}' },
          { type: 'text', text: 'What is in this object {objectName}' },
          { type: 'image_url', image_url: { url: '{myUrl}', detail: 'high' } },
        ],
      ],
    ]);
    expect(template.formatMessages({ name: 'Bob', objectName: 'chair', myImage, myUrl })).toEqual([
      new SystemMessage('You are an AI assistant named Bob'),
      new HumanMessage({
        content: [
          { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${myImage}` } },
          { type: 'text', text: 'What is in this object chair' },
          { type: 'image_url', image_url: { url: myUrl, detail: 'high' } },
        ],
      }),
    ]);
  });

  it('Multi part chat prompt template with dicts', () => {
    const template = ChatPromptTemplate.fromMessages([
      ['system', 'You are an AI assistant named {name}'],
      [
        'human',
        [
          { type: 'text', text: '{text1}', cache_control: { type: 'ephemeral' } },
          { type: 'audio', audio: { path: '{myImage}' } },
        ],
      ],
    ]);
    expect(template.inputVariables).toEqual(['name', 'text1', 'myImage']);
    expect(template.formatMessages({ name: 'Bob', text1: 'chair', myImage: 'img' })).toEqual([
      new SystemMessage('You are an AI assistant named Bob'),
      new HumanMessage({
        content: [
          { type: 'text', text: 'chair', cache_control: { type: 'ephemeral' } },
          { type: 'audio', audio: { path: 'img' } },
        ],
      }),
    ]);
  });

  it('Format complex messages and keep additional fields', () => {
    const block = (text: string) => [{ type: 'text', text, cache_control: { type: 'ephemeral' } }];
    const formatted = ChatPromptTemplate.fromMessages([
      ['human', block('{input}')],
      ['ai', block('{output}')],
    ]).formatMessages({ input: 'hello', output: 'ciao' });
    expect(formatted.map((message) => message.type)).toEqual(['human', 'ai']);
    for (const message of formatted) {
      expect((message.content[0] as { cache_control?: unknown }).cache_control).toEqual({
        type: 'ephemeral',
      });
    }
  });

  it('Format image content messages and keep additional fields', () => {
    const formatted = ChatPromptTemplate.fromMessages([
      [
        'human',
        [{ type: 'image_url', image_url: '{image_url}', cache_control: { type: 'ephemeral' } }],
      ],
    ]).formatMessages({ image_url: 'image_url' });
    expect(formatted).toHaveLength(1);
    expect(formatted[0]?.type).toBe('human');
    expect((formatted[0]?.content[0] as { cache_control?: unknown }).cache_control).toEqual({
      type: 'ephemeral',
    });
  });
});
