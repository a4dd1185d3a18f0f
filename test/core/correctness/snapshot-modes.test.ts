import { describe, expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import {
  RunnableLambda,
  RunnableParallel,
  RunnablePassthrough,
  RxRunnablesError,
  chunkModeOf,
  pick,
} from '../../../src/core';
import type { Runnable, RunEvent } from '../../../src/core';
import { accumulate } from '../../../src/chunks';
import { JsonOutputParser } from '../../../src/json';

/** A model-like source that streams the JSON text `{"a": "hello"}` in three chunks. */
const source = (): Runnable<string, string> =>
  RunnableLambda.from(function* text(_: string) {
    yield '{"a": "';
    yield 'he';
    yield 'llo"}';
  });

type Doc = { a: string };
const parsed = (): Runnable<string, Doc> =>
  source().pipe(new JsonOutputParser<Doc>()) as Runnable<string, Doc>;

describe('snapshot chunks are never added up downstream', () => {
  it('the next step collects the last snapshot, not their sum', async () => {
    const chain = parsed().pipe((x: Doc) => x.a);
    expect(await chain.invoke('q')).toBe('hello');
  });

  it('assign after a parser gives the parsed object with the new key', async () => {
    const chain = parsed().pipe(RunnablePassthrough.assign({ n: (x: Doc) => x.a.length }));
    expect(await chain.invoke('q')).toEqual({ a: 'hello', n: 5 });
  });

  it('invoke and batch of a chain ending in a passthrough after the parser', async () => {
    const chain = parsed().pipe(new RunnablePassthrough<Doc>());
    expect(chain.chunkMode).toBe('snapshot');
    expect(await chain.invoke('q')).toEqual({ a: 'hello' });
    expect(await chain.batch(['q', 'r'])).toEqual([{ a: 'hello' }, { a: 'hello' }]);
  });

  it('a parallel branch of snapshots merges as the latest snapshot under its key', async () => {
    const chain = source().pipe(
      new RunnableParallel({ json: new JsonOutputParser<Doc>(), raw: new RunnablePassthrough() }),
    );
    expect(await chain.invoke('q')).toEqual({ json: { a: 'hello' }, raw: '{"a": "hello"}' });
  });

  it('pick of a snapshot key keeps snapshots', async () => {
    const chain = source()
      .pipe(new RunnableParallel({ json: new JsonOutputParser<Doc>() }))
      .pipe(pick<{ json: Doc }, Doc>('json'));
    expect(await chain.invoke('q')).toEqual({ a: 'hello' });
  });

  it('events report the last snapshot as output and as the next step input', async () => {
    const chain = parsed().pipe(function key(x: Doc) {
      return x.a;
    });
    const events: RunEvent[] = await firstValueFrom(chain.streamEvents('q').pipe(toArray()));
    const parserEnd = events.find((e) => e.event === 'on_parser_end');
    const keyEnd = events.find((e) => e.event === 'on_chain_end' && e.name === 'key');
    expect(parserEnd?.data.output).toEqual({ a: 'hello' });
    expect(keyEnd?.data.input).toEqual({ a: 'hello' });
    expect(events.at(-1)?.data.output).toBe('hello');
  });

  it('accumulate() of a snapshot stream gives the snapshots', async () => {
    const stream = parsed().stream('q');
    expect(chunkModeOf(stream)).toBe('snapshot');
    const totals = await firstValueFrom(stream.pipe(accumulate(), toArray()));
    expect(totals.at(-1)).toEqual({ a: 'hello' });
  });

  it('a retry and fallbacks around the parser keep its mode', async () => {
    const retried = parsed()
      .withRetry({ attempts: 2 })
      .pipe((x: Doc) => x.a);
    const fallback = parsed()
      .withFallbacks([parsed()])
      .pipe((x: Doc) => x.a);
    expect(await retried.invoke('q')).toBe('hello');
    expect(await fallback.invoke('q')).toBe('hello');
  });
});

describe('assign replaces the input key it assigns', () => {
  it('an assigned key replaces, not concatenates', async () => {
    const step = RunnablePassthrough.assign({ a: (i: { a: string }) => i.a });
    expect(await step.invoke({ a: 'x' })).toEqual({ a: 'x' });
  });

  it('other input keys still stream through', async () => {
    const step = RunnablePassthrough.assign({ a: (i: { a: string; b: string }) => i.a + '!' });
    const chunks = await firstValueFrom(step.stream({ a: 'x', b: 'y' }).pipe(toArray()));
    expect(chunks).toContainEqual({ b: 'y' });
    expect(await step.invoke({ a: 'x', b: 'y' })).toEqual({ a: 'x!', b: 'y' });
  });
});

describe('__proto__ keys are data', () => {
  it('adding up plain-object chunks with an own __proto__ key keeps it and not the prototype', async () => {
    const chunks = [
      { x: 1 },
      JSON.parse('{"__proto__": {"polluted": "a"}}'),
      JSON.parse('{"__proto__": {"more": "b"}}'),
    ];
    const step = RunnableLambda.from(function* chunksOf(_: string) {
      yield* chunks as Record<string, unknown>[];
    });
    const out = (await step.invoke('x')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({
      polluted: 'a',
      more: 'b',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a parallel branch named __proto__ runs and is kept', async () => {
    const branches = JSON.parse('{"__proto__": 0, "b": 0}') as Record<string, unknown>;
    for (const key of Object.keys(branches)) branches[key] = (s: string) => `${key}:${s}`;
    Object.defineProperty(branches, '__proto__', {
      value: (s: string) => `proto:${s}`,
      enumerable: true,
    });
    const step = new RunnableParallel(branches as never) as Runnable<
      string,
      Record<string, string>
    >;
    const out = await step.invoke('x');
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('proto:x');
    expect(out.b).toBe('b:x');
  });
});

describe("one run never reports another run's output", () => {
  it('runs aborted with one shared reason each carry their own partial output', async () => {
    const reason = new RxRunnablesError('ABORTED', 'shared stop');
    const controller = new AbortController();
    const slow = (text: string) =>
      RunnableLambda.from(async function* slowly(_: string) {
        yield text;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        yield 'never';
      });
    const first = slow('one').invoke('x', { signal: controller.signal });
    const second = slow('two').invoke('x', { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(reason);
    const [a, b] = await Promise.allSettled([first, second]);
    const errorA = (a as PromiseRejectedResult).reason as RxRunnablesError;
    const errorB = (b as PromiseRejectedResult).reason as RxRunnablesError;
    expect(errorA.details.partialOutput).toBe('one');
    expect(errorB.details.partialOutput).toBe('two');
    expect(errorA.code).toBe('ABORTED');
    expect(errorA.cause).toBe(reason);
    expect(reason.details.partialOutput).toBeUndefined();
  });
});
