// streamEvents v2 of compositions: sequences of three steps and RunnableParallel, on both.
import {
  RunnableLambda as LCLambda,
  RunnableParallel as LCParallel,
  RunnablePassthrough as LCPassthrough,
  RunnableSequence as LCSequence,
} from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import {
  RunnableLambda,
  RunnableParallel,
  RunnablePassthrough,
  RunnableSequence,
} from '../../src/core';
import { comparable, drain } from './events-support';
import type { ComparableEvent } from './events-support';

const step =
  (suffix: string) =>
  (s: string): string =>
    `${s}${suffix}`;

/** Each run's own events, in order, keyed by the run's first event. */
const byRun = (events: ComparableEvent[]): Map<string, ComparableEvent[]> => {
  const runs = new Map<string, ComparableEvent[]>();
  for (const e of events) runs.set(e.run, [...(runs.get(e.run) ?? []), e]);
  return runs;
};

/**
 * Run labels (r0, r1, …) hang on the order of first events; a run is named by its start's name
 * and tags (and, for runs named alike, their order).
 */
const keyed = (events: ComparableEvent[]): Record<string, unknown[]> => {
  const out: Record<string, unknown[]> = {};
  for (const [, list] of byRun(events)) {
    const start = list[0] as ComparableEvent;
    const key = `${start.name} ${start.tags.join(',')}`;
    let n = 1;
    while (`${key} #${n}` in out) n++;
    out[`${key} #${n}`] = list.map(({ run: _run, ...rest }) => rest);
  }
  return out;
};

describe('streamEvents v2 of compositions', () => {
  it('a sequence of three steps: tags in LangChain order (position tag first), names, data', async () => {
    const lc = LCSequence.from([
      LCLambda.from(step('1')).withConfig({ tags: ['t'] }),
      LCLambda.from(step('2')),
      LCLambda.from(step('3')),
    ]).withConfig({ tags: ['outer'], metadata: { m: 1 } });
    const ours = RunnableSequence.from([
      RunnableLambda.from(step('1')).withConfig({ tags: ['t'] }),
      RunnableLambda.from(step('2')),
      RunnableLambda.from(step('3')),
    ]).withConfig({ tags: ['outer'], metadata: { m: 1 } });
    const options = { version: 'v2' as const, tags: ['call'] };
    const lcEvents = comparable(await drain(lc.streamEvents('x', options)));
    const ourEvents = comparable(await drain(ours.streamEvents('x', options)));
    expect(ourEvents).toEqual(lcEvents);
    expect(ourEvents.find((e) => e.event === 'on_chain_start' && e.run === 'r1')?.tags).toEqual([
      'seq:step:1',
      't',
      'outer',
      'call',
    ]);
  });

  it('RunnableSequence.from without tags carries none of its own', async () => {
    const lc = LCSequence.from([LCLambda.from(step('1')), LCLambda.from(step('2'))]);
    const ours = RunnableSequence.from([RunnableLambda.from(step('1')), step('2')]);
    const lcEvents = comparable(await drain(lc.streamEvents('x', { version: 'v2' })));
    const ourEvents = comparable(await drain(ours.streamEvents('x', { version: 'v2' })));
    expect(ourEvents).toEqual(lcEvents);
    expect(ourEvents.filter((e) => e.run === 'r0').map((e) => e.tags)).toEqual([[], [], []]);
  });

  it('RunnableParallel: the same events per run (RunnableMap, map:key tags), parents around children', async () => {
    const lc = LCParallel.from({ a: LCLambda.from(step('a')), b: LCLambda.from(step('b')) });
    const ours = RunnableParallel.from({
      a: RunnableLambda.from(step('a')),
      b: RunnableLambda.from(step('b')),
    });
    const lcEvents = comparable(await drain(lc.streamEvents('x', { version: 'v2' })));
    const ourEvents = comparable(await drain(ours.streamEvents('x', { version: 'v2' })));
    expect(keyed(ourEvents)).toEqual(keyed(lcEvents));
    expect(ourEvents[0]).toEqual(lcEvents[0]);
    expect(ourEvents.at(-1)).toEqual(lcEvents.at(-1));
    expect(ourEvents[0]?.name).toBe('RunnableMap');
    expect(ours.getName()).toBe(lc.getName());
  });

  it('a parallel inside a sequence, with a passthrough branch', async () => {
    const lc = LCLambda.from(step('')).pipe({
      a: LCLambda.from(step('a')),
      b: new LCPassthrough(),
    });
    const ours = RunnableLambda.from(step('')).pipe({
      a: RunnableLambda.from(step('a')),
      b: new RunnablePassthrough<string>(),
    });
    const lcEvents = comparable(await drain(lc.streamEvents('x', { version: 'v2' })));
    const ourEvents = comparable(await drain(ours.streamEvents('x', { version: 'v2' })));
    expect(keyed(ourEvents)).toEqual(keyed(lcEvents));
    // The parallel starts after the step before it has produced, and ends before the sequence.
    const order = (events: ComparableEvent[]) =>
      events
        .filter((e) => e.name !== 'RunnableLambda' || e.tags[0] === 'seq:step:1')
        .filter((e) => e.name !== 'RunnablePassthrough')
        .filter((e) => !e.event.endsWith('_stream'))
        .map((e) => `${e.event} ${e.name}`);
    expect(order(ourEvents)).toEqual(order(lcEvents));
  });

  it('a sequence inside a sequence streams its input through (a difference)', async () => {
    const lc = LCSequence.from([
      LCLambda.from(step('1')),
      LCSequence.from([LCLambda.from(step('2')), LCLambda.from(step('3'))]),
    ]);
    const ours = RunnableSequence.from([
      RunnableLambda.from(step('1')),
      RunnableSequence.from([RunnableLambda.from(step('2')), RunnableLambda.from(step('3'))]),
    ]);
    const lcEvents = comparable(await drain(lc.streamEvents('x', { version: 'v2' })));
    const ourEvents = comparable(await drain(ours.streamEvents('x', { version: 'v2' })));
    const inner = (events: ComparableEvent[]) =>
      events.filter((e) => e.name === 'RunnableSequence' && e.tags[0] === 'seq:step:2');
    // LangChain collects the inner sequence's input first and reports none of its chunks; ours
    // starts on the first chunk and reports its chunks, as every step that streams.
    expect(inner(lcEvents).map((e) => e.event)).toEqual(['on_chain_start', 'on_chain_end']);
    expect(inner(ourEvents).map((e) => e.event)).toEqual([
      'on_chain_start',
      'on_chain_stream',
      'on_chain_end',
    ]);
    expect(inner(ourEvents).map((e) => e.data)).toEqual([
      { input: 'x1' },
      { chunk: 'x123' },
      { output: 'x123', input: 'x1' },
    ]);
    expect(inner(ourEvents)[0]?.data).toEqual(inner(lcEvents)[0]?.data);
    expect(inner(ourEvents).at(-1)?.data).toEqual(inner(lcEvents).at(-1)?.data);
    // Every other run's events are LangChain's.
    const others = (events: ComparableEvent[]) =>
      keyed(events.filter((e) => !inner(events).includes(e)));
    expect(others(ourEvents)).toEqual(others(lcEvents));
  });
});
