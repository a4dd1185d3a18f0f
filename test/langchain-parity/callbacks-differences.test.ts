// The deliberate differences of callbacks and streamLog (docs/from-langchain.md, "Differences
// that remain"), each run on both libraries.
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import { RunLogPatch as LCRunLogPatch } from '@langchain/core/tracers/log_stream';
import { describe, expect, it } from 'vitest';
import { RunLogPatch, RunnableLambda, RxRunnablesError } from '../../src/core';
import { recorder } from './callbacks-support';
import { drain } from './support';

describe('callbacks and streamLog: deliberate differences', () => {
  it("serialized is not_implemented with our step's name", async () => {
    const lc = recorder();
    await LCLambda.from((x: string) => x).invoke('a', { callbacks: [lc.handler] });
    const rx = recorder();
    await RunnableLambda.from((x: string) => x).invoke('a', { callbacks: [rx.handler] });
    expect(lc.calls[0]?.[1]).toMatchObject({ lc: 1, type: 'not_implemented' });
    expect(rx.calls[0]?.[1]).toEqual({
      lc: 1,
      type: 'not_implemented',
      id: ['rx_runnables', 'RunnableLambda'],
    });
  });

  it('handleChainError gets our typed error with the thrown value as cause', async () => {
    const thrown = new Error('boom');
    const fail = (): never => {
      throw thrown;
    };
    const lc = recorder();
    await expect(
      LCLambda.from((): never => fail()).invoke('a', { callbacks: [lc.handler] }),
    ).rejects.toThrow('boom');
    const rx = recorder();
    await expect(
      RunnableLambda.from((): never => fail()).invoke('a', { callbacks: [rx.handler] }),
    ).rejects.toThrow('boom');
    const lcError = lc.calls.find((c) => c[0] === 'handleChainError')?.[1];
    const rxError = rx.calls.find((c) => c[0] === 'handleChainError')?.[1];
    expect(lcError).toBe(thrown);
    expect(RxRunnablesError.isInstance(rxError)).toBe(true);
    expect((rxError as RxRunnablesError).message).toBe('boom');
  });

  it("concat leaves the ops' values as they were (LangChain's changes them)", () => {
    const ops = () => [
      { op: 'replace' as const, path: '', value: { streamed_output: [] as string[] } },
    ];
    const next = [{ op: 'add' as const, path: '/streamed_output/-', value: 'x' }];
    const lcFirst = new LCRunLogPatch({ ops: ops() });
    lcFirst.concat(new LCRunLogPatch({ ops: next }));
    expect(lcFirst.ops[0]).toMatchObject({ value: { streamed_output: ['x'] } });
    const rxFirst = new RunLogPatch({ ops: ops() });
    rxFirst.concat(new RunLogPatch({ ops: next }));
    expect(rxFirst.ops[0]).toMatchObject({ value: { streamed_output: [] } });
  });

  it('a step name with a slash is escaped in streamLog paths', async () => {
    const lc = await drain(
      LCLambda.from((x: string) => x)
        .withConfig({ runName: 'a/b' })
        .pipe(LCLambda.from((x: string) => x))
        .streamLog('x'),
    );
    const rx = await drain(
      RunnableLambda.from((x: string) => x)
        .withConfig({ runName: 'a/b' })
        .pipe(RunnableLambda.from((x: string) => x))
        .streamLog('x'),
    );
    const paths = (list: readonly { ops: { path: string }[] }[]) =>
      list.flatMap((p) => p.ops.map((op) => op.path)).filter((path) => path.includes('a'));
    expect(paths(lc)).toContain('/logs/a/b');
    expect(paths(rx)).toContain('/logs/a~1b');
  });
});
