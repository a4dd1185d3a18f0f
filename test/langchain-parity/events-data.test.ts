// streamEvents v2 `data`, event for event: the same case on @langchain/core 1.x and on ours.
import { HumanMessage as LCHumanMessage } from '@langchain/core/messages';
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import { FakeListChatModel as LCFakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { HumanMessage } from '../../src/chunks';
import { RunnableLambda } from '../../src/core';
import { FakeListChatModel, comparable, drain } from './events-support';
import { lcChainOf, ourChainOf } from './support';

const lcChain = () => lcChainOf(new LCFakeListChatModel({ responses: ['ab'] }), 'About {q}');
const ourChain = () => ourChainOf(new FakeListChatModel('ab'), 'About {q}');

describe('streamEvents v2 data, as LangChain emits it', () => {
  it('prompt | model | parser: same events, data, tags and metadata, in the same order', async () => {
    const options = { version: 'v2' as const, tags: ['t'], metadata: { user: 'ada' } };
    const lc = comparable(await drain(lcChain().streamEvents({ q: 'rx' }, options)));
    const ours = comparable(await drain(ourChain().streamEvents({ q: 'rx' }, options)));
    expect(ours).toEqual(lc);
    // What the comparison covers, spelled out: the root's end has no input, a step's has;
    // the parser starts with no input (it streams its input), the model with its messages.
    const end = ours.at(-1);
    expect(end?.data).toEqual({ output: 'ab' });
    const parserStart = ours.find((e) => e.event === 'on_parser_start');
    expect(parserStart?.data).toEqual({});
    const modelEnd = ours.find((e) => e.event === 'on_chat_model_end');
    expect(modelEnd?.data.input).toEqual({
      messages: [[{ type: 'human', content: 'About rx' }]],
    });
    expect(ours[1]?.tags).toEqual(['seq:step:1', 't']);
  });

  it("a chat model run on its own starts with the caller's input: a string", async () => {
    const lc = comparable(
      await drain(
        new LCFakeListChatModel({ responses: ['ab'] }).streamEvents('hello', { version: 'v2' }),
      ),
    );
    const ours = comparable(
      await drain(new FakeListChatModel('ab').streamEvents('hello', { version: 'v2' })),
    );
    expect(ours).toEqual(lc);
    expect(ours[0]?.data).toEqual({ input: 'hello' });
    expect(ours.at(-1)?.data).toEqual({ output: { type: 'ai', content: 'ab' } });
  });

  it("a chat model run on its own starts with the caller's input: a message list", async () => {
    const lc = comparable(
      await drain(
        new LCFakeListChatModel({ responses: ['ok'] }).streamEvents([new LCHumanMessage('hi')], {
          version: 'v2',
        }),
      ),
    );
    const ours = comparable(
      await drain(
        new FakeListChatModel('ok').streamEvents([new HumanMessage('hi')], { version: 'v2' }),
      ),
    );
    expect(ours).toEqual(lc);
    expect(ours[0]?.data).toEqual({ input: [{ type: 'human', content: 'hi' }] });
  });

  it('lambdas in a sequence: each step starts without input and ends with input and output', async () => {
    const lc = LCLambda.from((s: string) => `${s}1`).pipe(LCLambda.from((s: string) => `${s}2`));
    const ours = RunnableLambda.from((s: string) => `${s}1`).pipe(
      RunnableLambda.from((s: string) => `${s}2`),
    );
    const lcEvents = comparable(await drain(lc.streamEvents('x', { version: 'v2' })));
    const ourEvents = comparable(await drain(ours.streamEvents('x', { version: 'v2' })));
    expect(ourEvents).toEqual(lcEvents);
    expect(ourEvents.filter((e) => e.event === 'on_chain_end').map((e) => e.data)).toEqual([
      { output: 'x1', input: 'x' },
      { output: 'x12', input: 'x1' },
      { output: 'x12' },
    ]);
  });
});
