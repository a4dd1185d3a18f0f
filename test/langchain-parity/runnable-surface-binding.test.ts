// A RunnableBinding streams through the bound step's transform: chunk by chunk on both libraries,
// built as LangChain builds it (`new RunnableBinding({ bound, config })`) or with withConfig.
import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
import {
  RunnableBinding as LCBinding,
  RunnableLambda as LCLambda,
} from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { RunnableBinding, RunnableLambda, RxRunnablesError } from '../../src/core';
import { StringOutputParser } from '../../src/models';
import { drain } from './support';

/** A step that streams its input character by character. */
const chars = function* (text: string): Generator<string> {
  yield* text;
};
/** The same step in LangChain (typed by its output chunks). */
const lcChars = (): LCLambda<string, string> =>
  LCLambda.from(chars) as unknown as LCLambda<string, string>;

describe('RunnableBinding', () => {
  it('new RunnableBinding({ bound, config }) streams chunk by chunk, as in LangChain', async () => {
    const lc = lcChars().pipe(
      new LCBinding({ bound: new LCStringOutputParser(), config: { tags: ['parser'] } }),
    );
    const bound = new RunnableBinding({
      bound: new StringOutputParser(),
      config: { tags: ['parser'] },
    });
    const ours = RunnableLambda.from(chars).pipe(bound);
    const expected = await drain(await lc.stream('Hi there!'));
    expect(expected).toHaveLength('Hi there!'.length);
    expect(await drain(ours.stream('Hi there!'))).toEqual(expected);
    expect(await ours.invoke('Hi there!')).toBe(await lc.invoke('Hi there!'));
    const events = await drain(ours.streamEvents('Hi', { version: 'v2' }));
    const parserStart = events.find((e) => e.event === 'on_parser_start');
    expect(parserStart?.tags).toContain('parser');
  });

  it('binds a LangChain step given as bound, which streams through its transform', async () => {
    const ours = RunnableLambda.from(chars).pipe(
      new RunnableBinding<string, string>({ bound: new LCStringOutputParser(), config: {} }),
    );
    expect(await drain(ours.stream('abc'))).toEqual(['a', 'b', 'c']);
  });

  it('withConfig streams through the bound step too', async () => {
    const lc = lcChars().pipe(new LCStringOutputParser().withConfig({ tags: ['p'] }));
    const ours = RunnableLambda.from(chars).pipe(
      new StringOutputParser().withConfig({ tags: ['p'] }),
    );
    expect(await drain(ours.stream('abc'))).toEqual(await drain(await lc.stream('abc')));
  });

  it('rejects kwargs, which have no meaning here, as INVALID_CONFIG', () => {
    const make = (): unknown =>
      new RunnableBinding({ bound: new StringOutputParser(), kwargs: { stop: ['x'] } });
    expect(make).toThrow(RxRunnablesError);
    expect(make).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
