// An object that implements LangChain's RunnableInterface (not an instance of any Runnable)
// in pipe and RunnableSequence.from: the same chain through @langchain/core and through ours.
import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
import { PromptTemplate as LCPromptTemplate } from '@langchain/core/prompts';
import { RunnableSequence as LCSequence } from '@langchain/core/runnables';
import type { RunnableInterface } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { RunnableSequence } from '../../src/core';
import type { ForeignRunnableLike } from '../../src/core';
import { PromptTemplate, StringOutputParser } from '../../src/models';
import { InterfaceOnlyModel, drain } from './support';

/** LangChain's types want its own full interface; the object is the same one ours receives. */
const asLC = (model: InterfaceOnlyModel): RunnableInterface<unknown, string> =>
  model as unknown as RunnableInterface<unknown, string>;

describe('a RunnableInterface object as a step', () => {
  it('works in pipe: invoke calls its invoke, as in LangChain', async () => {
    const lcModel = new InterfaceOnlyModel();
    const lcChain = LCPromptTemplate.fromTemplate('{input}')
      .pipe(asLC(lcModel))
      .pipe(new LCStringOutputParser());
    const model = new InterfaceOnlyModel();
    const chain = PromptTemplate.fromTemplate('{input}').pipe(model).pipe(new StringOutputParser());

    const lc = await lcChain.invoke({ input: 'Hello world!!' });
    const ours = await chain.invoke({ input: 'Hello world!!' });
    expect(lc).toBe('Hello world!!');
    expect(ours).toBe(lc);
    expect(model.calls).toEqual(lcModel.calls);
  });

  it('works in RunnableSequence.from, invoke and batch', async () => {
    const lcModel = new InterfaceOnlyModel();
    const lcChain = LCSequence.from([
      LCPromptTemplate.fromTemplate('{input}'),
      asLC(lcModel),
      new LCStringOutputParser(),
    ]);
    const model = new InterfaceOnlyModel();
    const chain = RunnableSequence.from<{ input: string }, string>([
      PromptTemplate.fromTemplate('{input}'),
      model,
      new StringOutputParser(),
    ]);

    expect(await chain.invoke({ input: 'Hello sequence!!' })).toBe(
      await lcChain.invoke({ input: 'Hello sequence!!' }),
    );
    // LangChain's sequence hands the whole batch to the object's batch, ours invokes it per
    // input: the outputs are the same.
    const inputs = [{ input: 'a' }, { input: 'b' }];
    expect(await chain.batch(inputs)).toEqual(await lcChain.batch(inputs));
    expect(model.calls.every((call) => call === 'invoke')).toBe(true);
  });

  it('streams through its transform, so an unimplemented transform fails both', async () => {
    const lcChain = LCPromptTemplate.fromTemplate('{input}').pipe(asLC(new InterfaceOnlyModel()));
    const chain = PromptTemplate.fromTemplate('{input}').pipe(new InterfaceOnlyModel());
    const lcChunks = async (): Promise<unknown[]> => drain(await lcChain.stream({ input: 'x' }));
    await expect(lcChunks()).rejects.toThrow('Not implemented');
    await expect(drain(chain.stream({ input: 'x' }))).rejects.toThrow('Not implemented');
  });

  it('an object with invoke alone runs once per input, on every surface', async () => {
    // LangChain needs stream or transform to stream; ours invokes it once on the whole input.
    const upper = {
      lc_runnable: true,
      invoke: async (s: string) => s.toUpperCase(),
    } as unknown as ForeignRunnableLike;
    const chain = RunnableSequence.from<string, string>([(s: string) => `${s}!`, upper]);
    expect(await chain.invoke('hi')).toBe('HI!');
    expect(await drain(chain.stream('hi'))).toEqual(['HI!']);
  });
});
