// Cases ported from @langchain/core src/output_parsers/tests/string.test.ts and json.test.ts,
// rewritten on our API with LangChain's assertions. LangChain's `parser.transform(generator)` is
// a generator step piped into the parser here; `parser.parse(text)` is `parser.invoke(text)`.
import { describe, expect, it } from 'vitest';
import { RunnableLambda, RunnablePassthrough, type Runnable } from '../../src/core';
import { AIMessage, type ContentBlock } from '../../src/chunks';
import { JsonOutputParser } from '../../src/json';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { drainAll, fakeStreamingLLM } from './ported-fakes';

/** Each value the parser emits when `chunks` stream into it. */
function streamed(parser: object, chunks: readonly string[]): Promise<unknown[]> {
  const source = RunnableLambda.from(async function* () {
    for (const chunk of chunks) {
      yield chunk;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  });
  return drainAll(source.pipe(parser as Runnable<string, unknown>).stream(undefined));
}

describe('ported from @langchain/core src/output_parsers/tests/string.test.ts', () => {
  const parse = (content: string | ContentBlock[]) =>
    new StringOutputParser().invoke(new AIMessage({ content }));

  it('string input', async () => {
    expect(await new StringOutputParser().invoke('hello')).toBe('hello');
  });
  it('BaseMessage string content', async () => {
    expect(await parse('hello')).toBe('hello');
  });
  it('BaseMessage complex text type', async () => {
    expect(await parse([{ type: 'text', text: 'hello' }])).toBe('hello');
  });
  it('BaseMessage multiple complex text type', async () => {
    expect(
      await parse([
        { type: 'text', text: 'hello' },
        { type: 'text', text: 'there' },
      ]),
    ).toBe('hellothere');
  });
  it('BaseMessage complex text and image type fails', async () => {
    await expect(
      parse([
        { type: 'text', text: 'hello' },
        { type: 'image_url', image_url: 'https://example.com/example.png' },
      ]),
    ).rejects.toThrowError();
  });
  it.each([
    ['reasoning', { type: 'reasoning', reasoning: 'internal reasoning' }],
    ['thinking', { type: 'thinking', thinking: 'hidden thoughts' }],
    ['redacted_thinking', { type: 'redacted_thinking', redacted_thinking: 'redacted' }],
  ])('ignores %s blocks and returns only text', async (_name, block) => {
    expect(await parse([block as ContentBlock, { type: 'text', text: 'answer' }])).toBe('answer');
  });
});

const STREAMED_TOKENS = `
{

 "
setup
":
 "
Why
 did
 the
 bears
 start
 a
 band
 called
 Bears
 Bears
 Bears
 ?
"
,
 "
punchline
":
 "
Because
 they
 wanted
 to
 play
 bear
 -y
 good
 music
 !
"
,
 "
audience
":
 [
"
Haha
"
,
 "
So
 funny
"
]

}
`.split('\n');

const SETUP = 'Why did the bears start a band called Bears Bears Bears ?';
const PUNCHLINE = 'Because they wanted to play bear -y good music !';

/** LangChain's EXPECTED_STREAMED_JSON: each word of a string adds one snapshot. */
function expectedSnapshots(): object[] {
  const out: object[] = [{}];
  const words = (text: string) => text.split(' ');
  const grow = (base: object, key: string, text: string) => {
    out.push({ ...base, [key]: '' });
    const parts = words(text);
    for (let i = 1; i <= parts.length; i++)
      out.push({ ...base, [key]: parts.slice(0, i).join(' ') });
  };
  grow({}, 'setup', SETUP);
  grow({ setup: SETUP }, 'punchline', PUNCHLINE);
  const both = { setup: SETUP, punchline: PUNCHLINE };
  out.push({ ...both, audience: [] }, { ...both, audience: [''] }, { ...both, audience: ['Haha'] });
  out.push({ ...both, audience: ['Haha', ''] }, { ...both, audience: ['Haha', 'So'] });
  out.push({ ...both, audience: ['Haha', 'So funny'] });
  return out;
}

describe('ported from @langchain/core src/output_parsers/tests/json.test.ts', () => {
  it.each([
    [
      'Markdown with split code block',
      ['```json\n{"', 'countries": [{"n', 'ame": "China"}]}', '\n```'],
      [{}, { countries: [{}] }, { countries: [{ name: 'China' }] }],
    ],
    [
      'Markdown without json identifier, split',
      ['```\n{"', 'key": "val', '"}\n```'],
      [{}, { key: 'val' }],
    ],
    [
      'Ignores text after closing markdown backticks',
      ['```json\n', '{ "data": 123 }', '\n```', ' Some extra text'],
      [{ data: 123 }],
    ],
    [
      'Handles markdown with text around code block',
      ['Explanation:\n```json\n{', '"answer": 42', '}\n```\nConclusion'],
      [{}, { answer: 42 }],
    ],
    [
      'Handles multiple code blocks in single chunk',
      ['```json\n{"a":1}\n```\n```json\n{"b":2}\n```'],
      [{ a: 1 }],
    ],
  ])('%s', async (_name, input, expected) => {
    expect(await streamed(new JsonOutputParser(), input)).toEqual(expected);
  });

  it('JSONOutputParser parses streamed JSON', async () => {
    const expected = expectedSnapshots();
    expect(await streamed(new JsonOutputParser(), STREAMED_TOKENS)).toEqual(expected);
    expect(await new JsonOutputParser().invoke(STREAMED_TOKENS.join(''))).toEqual(expected.at(-1));
  });

  it('JSONOutputParser parses streamed JSON diff', async () => {
    const patches = await streamed(new JsonOutputParser({ diff: true }), STREAMED_TOKENS);
    const snapshots = expectedSnapshots();
    expect(patches[0]).toEqual([{ op: 'replace', path: '', value: {} }]);
    expect(patches).toHaveLength(snapshots.length);
    expect(patches.slice(-6)).toEqual([
      [{ op: 'add', path: '/audience', value: [] }],
      [{ op: 'add', path: '/audience/0', value: '' }],
      [{ op: 'replace', path: '/audience/0', value: 'Haha' }],
      [{ op: 'add', path: '/audience/1', value: '' }],
      [{ op: 'replace', path: '/audience/1', value: 'So' }],
      [{ op: 'replace', path: '/audience/1', value: 'So funny' }],
    ]);
    expect(patches[1]).toEqual([{ op: 'add', path: '/setup', value: '' }]);
    expect(patches[2]).toEqual([{ op: 'replace', path: '/setup', value: 'Why' }]);
  });

  it('JsonOutputParser supports a type param', async () => {
    type Input = { question: string; cypher: string; schema: string; errors: string[] };
    type Output = { cypher: string; errors: string[] };
    const chain = RunnablePassthrough.assign({
      errors: ({ errors }: Input) => (Array.isArray(errors) ? errors.join('\n') : errors),
    })
      .pipe(ChatPromptTemplate.fromTemplate('{errors} {question} {cypher} {schema}'))
      .pipe(fakeStreamingLLM({ responses: ['{"cypher":"testoutput","errors":["testerror"]}'] }))
      .pipe(new JsonOutputParser<Output>());
    const result = await chain.invoke({
      question: 'test',
      cypher: 'test',
      schema: 'test',
      errors: ['test'],
    });
    expect(result).toEqual({ cypher: 'testoutput', errors: ['testerror'] });
  });

  const fence = (body: string, tag = '') => `\`\`\`${tag}\n${body}\n\`\`\``;
  const FOO = '{\n    "foo": "bar"\n}';
  it.each([
    ['GOOD_JSON', fence(FOO, 'json')],
    ['JSON_WITH_NEW_LINES', `\n${fence(FOO, 'json')}\n`],
    ['TICKS_WITH_NEW_LINES_EVERYWHERE', `\n${fence(FOO)}\n`],
    ['NO_TICKS', FOO],
    ['NO_TICKS_WHITE_SPACE', `\n${FOO}\n`],
    ['TEXT_BEFORE', `Thought: I need to use the search tool\nAction:\n${fence(FOO)}`],
    ['TEXT_AFTER', `${fence(FOO)}\nThis should do the trick`],
    ['TEXT_BEFORE_AND_AFTER', `Action: Testing\n${fence(FOO)}\nThis should do the trick`],
  ])('JSONOutputParser parses %s', async (_name, text) => {
    const result = await streamed(new JsonOutputParser(), [...text]);
    expect(result.at(-1)).toEqual({ foo: 'bar' });
    expect(await new JsonOutputParser().invoke(text)).toEqual({ foo: 'bar' });
  });

  it('JSONOutputParser parses JSON_WITH_ESCAPED_DOUBLE_QUOTES_IN_NESTED_JSON', async () => {
    const text = fence(
      '{\n    "action": "Final Answer",\n    "action_input": "{\\"foo\\": \\"bar\\", \\"bar\\": \\"foo\\"}"\n}',
      'json',
    );
    const expected = { action: 'Final Answer', action_input: '{"foo": "bar", "bar": "foo"}' };
    expect((await streamed(new JsonOutputParser(), [...text])).at(-1)).toEqual(expected);
    expect(await new JsonOutputParser().invoke(text)).toEqual(expected);
  });

  describe('JsonOutputParser with ContentBlock messages', () => {
    const parse = (content: string | ContentBlock[]) =>
      new JsonOutputParser().invoke(new AIMessage({ content }));
    it('should parse AIMessage with ContentBlock[] content', async () => {
      expect(
        await parse([{ type: 'text', text: '{"conclusion": true, "reason": "test passed"}' }]),
      ).toEqual({ conclusion: true, reason: 'test passed' });
    });
    it('should handle multiple text ContentBlocks', async () => {
      expect(
        await parse([
          { type: 'text', text: '{"foo": "bar"' },
          { type: 'text', text: ', "baz": 123}' },
        ]),
      ).toEqual({ foo: 'bar', baz: 123 });
    });
    it('should handle ContentBlocks with non-text types gracefully', async () => {
      expect(
        await parse([
          { type: 'image_url', image_url: 'https://example.com/image.png' },
          { type: 'text', text: '{"answer": 42}' },
        ]),
      ).toEqual({ answer: 42 });
    });
    it('should still work with string content', async () => {
      expect(await parse('{"simple": "string"}')).toEqual({ simple: 'string' });
    });
  });
});
