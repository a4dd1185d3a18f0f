// RunLog applies JSON Patch ops as LangChain's RunLog does (add, remove, replace, move, copy,
// test, array indexes and '-', escaped keys); a bad op fails on both, ours as INVALID_INPUT.
import {
  RunLog as LCRunLog,
  RunLogPatch as LCRunLogPatch,
} from '@langchain/core/tracers/log_stream';
import { describe, expect, it } from 'vitest';
import { RunLog, RunLogPatch } from '../../src/core';
import type { PatchOperation, RxRunnablesError } from '../../src/core';

const start: PatchOperation = {
  op: 'replace',
  path: '',
  value: { list: ['a', 'b'], logs: { 'x/y': { n: 1 }, 'm~n': { n: 2 } } },
};

const CASES: [string, PatchOperation[]][] = [
  [
    'add to an object and at array indexes',
    [
      { op: 'add', path: '/k', value: { deep: [1] } },
      { op: 'add', path: '/list/0', value: 'first' },
      { op: 'add', path: '/list/-', value: 'last' },
    ],
  ],
  [
    'remove and replace',
    [
      { op: 'remove', path: '/list/0' },
      { op: 'replace', path: '/list/0', value: 'B' },
      { op: 'remove', path: '/logs/x~1y' },
    ],
  ],
  [
    'move, copy and a passing test',
    [
      { op: 'copy', from: '/list/0', path: '/copied' },
      { op: 'move', from: '/logs/m~0n', path: '/moved' },
      { op: 'test', path: '/copied', value: 'a' },
    ],
  ],
];

const lcState = (ops: PatchOperation[]): unknown =>
  LCRunLog.fromRunLogPatch(new LCRunLogPatch({ ops: structuredClone(ops) as never })).state;

describe('RunLog applies JSON Patch ops as LangChain', () => {
  it.each(CASES)('%s', (_, ops) => {
    const all = [start, ...ops];
    expect(RunLog.fromRunLogPatch(new RunLogPatch({ ops: all })).state).toEqual(lcState(all));
    // In two steps, through RunLog.concat.
    const log = new RunLogPatch({ ops: [start] }).concat(new RunLogPatch({ ops }));
    expect(log.state).toEqual(lcState(all));
    expect(log.ops).toEqual(all);
  });

  it.each<[string, PatchOperation]>([
    ['a path that does not exist', { op: 'add', path: '/nope/x', value: 1 }],
    ['a failing test', { op: 'test', path: '/list/0', value: 'z' }],
  ])('%s fails on both, ours as INVALID_INPUT', (_, op) => {
    expect(() => lcState([start, op])).toThrow();
    expect(() => RunLog.fromRunLogPatch(new RunLogPatch({ ops: [start, op] }))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as RxRunnablesError,
    );
  });

  it('an index past the end: LangChain appends the value, ours is INVALID_INPUT', () => {
    const op: PatchOperation = { op: 'add', path: '/list/5', value: 1 };
    expect((lcState([start, op]) as { list: unknown[] }).list).toEqual(['a', 'b', 1]);
    expect(() => RunLog.fromRunLogPatch(new RunLogPatch({ ops: [start, op] }))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as RxRunnablesError,
    );
  });
});
