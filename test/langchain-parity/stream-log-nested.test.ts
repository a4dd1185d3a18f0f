// streamLog of nested runs, repeated step names, failures and bad filter names: LangChain's
// patches and ours compared.
import { AIMessage } from '@langchain/core/messages';
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import type { RunnableConfig } from '@langchain/core/runnables';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { RunnableLambda, RxRunnablesError } from '../../src/core';
import type { LambdaConfig, RunLogPatch, RunLog } from '../../src/core';
import { CharModel, normalizer, recorder, normalize } from './callbacks-support';
import { drain, lcChainOf, ourChainOf } from './support';

const lcChain = () =>
  lcChainOf(new FakeStreamingChatModel({ sleep: 0, responses: [new AIMessage('ab')] }));
const ours = () => ourChainOf(new CharModel('ab'));

const opsOf = (list: readonly { ops: unknown[] }[]): unknown => {
  const value = normalizer();
  return list.map((patch) => value(patch.ops));
};

describe('streamLog of nested runs', () => {
  it('a chain invoked in a lambda is logged, and repeated names get name:2', async () => {
    const lcInner = lcChain();
    const lc = LCLambda.from((x: string) => ({ q: x }))
      .pipe(LCLambda.from(async (x: { q: string }, c?: RunnableConfig) => lcInner.invoke(x, c)))
      .pipe(LCLambda.from((s: string) => s.toUpperCase()));
    const inner = ours();
    const rx = RunnableLambda.from((x: string) => ({ q: x }))
      .pipe(RunnableLambda.from(async (x: { q: string }, c: LambdaConfig) => inner.invoke(x, c)))
      .pipe(RunnableLambda.from((s: string) => s.toUpperCase()));
    const lcPatches = await drain(lc.streamLog('hi'));
    const rxPatches = await drain(rx.streamLog('hi'));
    expect(opsOf(rxPatches)).toEqual(opsOf(lcPatches));
    const log = rxPatches.reduce((a: RunLog | RunLogPatch, p) => a.concat(p)) as RunLog;
    expect(Object.keys(log.state.logs)).toContain('RunnableLambda:3');
    expect(log.state.final_output).toEqual({ output: 'AB' });
  });

  it('callbacks given with streamLog get their calls too', async () => {
    const lcCalls = recorder();
    await drain(lcChain().streamLog({ q: 'hi' }, { callbacks: [lcCalls.handler] }));
    const rxCalls = recorder();
    await drain(ours().streamLog({ q: 'hi' }, { callbacks: [rxCalls.handler] }));
    expect(normalize(rxCalls.calls)).toEqual(normalize(lcCalls.calls));
  });

  it('a failing step: the patches before the failure, then the error', async () => {
    const boom = (): never => {
      throw new Error('boom');
    };
    const lcPatches: unknown[] = [];
    await expect(async () => {
      for await (const p of LCLambda.from((x: string) => x)
        .pipe(LCLambda.from((): never => boom()))
        .streamLog('hi'))
        lcPatches.push(p);
    }).rejects.toThrow('boom');
    const rxPatches: unknown[] = [];
    await expect(async () => {
      for await (const p of RunnableLambda.from((x: string) => x)
        .pipe(RunnableLambda.from((): never => boom()))
        .streamLog('hi'))
        rxPatches.push(p);
    }).rejects.toThrow('boom');
    expect(opsOf(rxPatches as RunLogPatch[])).toEqual(opsOf(lcPatches as RunLogPatch[]));
  });

  it('an unknown filter name is INVALID_CONFIG naming the nearest', async () => {
    await expect(
      drain(ours().streamLog({ q: 'hi' }, {}, { includeName: ['x'] } as never)),
    ).rejects.toSatisfy(
      (e) =>
        RxRunnablesError.isInstance(e) &&
        e.code === 'INVALID_CONFIG' &&
        e.details.nearest === 'includeNames',
    );
  });
});
