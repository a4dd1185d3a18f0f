// streamLog(): the same RunLogPatch ops from a LangChain chain and from ours, the same RunLog
// state after concat, and the same include/exclude filter.
import { AIMessage } from '@langchain/core/messages';
import {
  RunLog as LCRunLog,
  RunLogPatch as LCRunLogPatch,
} from '@langchain/core/tracers/log_stream';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { RunLog, RunLogPatch } from '../../src/core';
import type { LogStreamOptions } from '../../src/core';
import { CharModel, normalizer } from './callbacks-support';
import { drain, lcChainOf, ourChainOf } from './support';

const lcChain = () =>
  lcChainOf(new FakeStreamingChatModel({ sleep: 0, responses: [new AIMessage('ab')] }));
const ours = () => ourChainOf(new CharModel('ab'));

/** Both libraries' patches for one run. */
async function patches(
  filter?: LogStreamOptions,
): Promise<{ lc: LCRunLogPatch[]; rx: RunLogPatch[] }> {
  const lcFilter = filter as Record<string, string[]> | undefined;
  const lc = await drain(lcChain().streamLog({ q: 'hi' }, {}, lcFilter));
  const rx = await drain(ours().streamLog({ q: 'hi' }, {}, filter));
  return { lc, rx };
}

/** Every op, normalized, in order. */
const opsOf = (list: readonly { ops: unknown[] }[]): unknown => {
  const value = normalizer();
  return list.map((patch) => value(patch.ops));
};

describe('streamLog', () => {
  it('yields the same patches, op by op, as LangChain', async () => {
    const { lc, rx } = await patches();
    expect(rx.every((p) => p instanceof RunLogPatch)).toBe(true);
    expect(opsOf(rx)).toEqual(opsOf(lc));
  });

  it('concat builds the same RunLog state', async () => {
    const { lc, rx } = await patches();
    const lcLog = lc.reduce((log: LCRunLog | LCRunLogPatch, p) => log.concat(p)) as LCRunLog;
    const rxLog = rx.reduce((log: RunLog | RunLogPatch, p) => log.concat(p)) as RunLog;
    expect(rxLog).toBeInstanceOf(RunLog);
    expect(rxLog.state.streamed_output).toEqual(['a', 'b']);
    expect(rxLog.state.final_output).toEqual({ output: 'ab' });
    expect(Object.keys(rxLog.state.logs)).toEqual([
      'ChatPromptTemplate',
      'CharModel',
      'StrOutputParser',
    ]);
    const value = normalizer();
    expect(value(rxLog.state)).toEqual(normalizer()(lcLog.state));
    expect(rxLog.ops).toHaveLength(rx.flatMap((p) => p.ops).length);
  });

  it.each<[string, LogStreamOptions]>([
    ['includeTypes', { includeTypes: ['llm'] }],
    ['includeNames', { includeNames: ['ChatPromptTemplate'] }],
    [
      'includeTags with excludeTypes',
      { includeTags: ['seq:step:2', 'seq:step:3'], excludeTypes: ['parser'] },
    ],
    ['excludeTags', { excludeTags: ['seq:step:1'] }],
  ])('filters logged steps with %s as LangChain does', async (_, filter) => {
    const { lc, rx } = await patches(filter);
    expect(opsOf(rx)).toEqual(opsOf(lc));
  });

  it('RunLog.fromRunLogPatch and RunLogPatch.concat apply the ops from an empty document', () => {
    const first = new RunLogPatch({
      ops: [{ op: 'replace', path: '', value: { streamed_output: [], logs: {} } }],
    });
    const second = new RunLogPatch({
      ops: [{ op: 'add', path: '/streamed_output/-', value: 'x' }],
    });
    // LangChain's concat changes the values of the ops it applies: each call gets its own copy.
    const lcPatch = (patch: RunLogPatch): LCRunLogPatch =>
      new LCRunLogPatch({ ops: structuredClone(patch.ops) as never });
    expect(first.concat(second).state).toEqual(lcPatch(first).concat(lcPatch(second)).state);
    expect(RunLog.fromRunLogPatch(first).state).toEqual(
      LCRunLog.fromRunLogPatch(lcPatch(first)).state,
    );
    // The ops' values are not changed by building states from them.
    expect(first.ops[0]).toEqual({
      op: 'replace',
      path: '',
      value: { streamed_output: [], logs: {} },
    });
  });
});
