// Running things inside a lambda, and options and config: the same chains through
// @langchain/core and through rx-runnables, side by side.
import {
  RunnableLambda as LCLambda,
  RunnablePassthrough as LCPassthrough,
} from '@langchain/core/runnables';
import type { RunnableConfig } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { Observable, map } from 'rxjs';
import {
  RunnableGenerator,
  RunnableLambda,
  RunnableParallel,
  RunnablePassthrough,
  RunnableOperator,
} from '../../src/core';
import type { LambdaConfig, RunEvent, Runnable } from '../../src/core';

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
};

describe('nested runs: a step called inside a lambda with its config', () => {
  it('nests the inner run under the lambda in events, in both libraries', async () => {
    const lcInner = LCLambda.from((x: string) => x.toUpperCase()).withConfig({ runName: 'inner' });
    const lcOuter = LCLambda.from(async (x: string, config?: RunnableConfig) =>
      lcInner.invoke(x, config),
    ).withConfig({
      runName: 'outer',
    });
    // LangChain.js reports the inner run between the outer run's start and end (its events carry
    // no parent ids); ours do the same and name the parent.
    const lcNames = (await collect(lcOuter.streamEvents('hi', { version: 'v2' }))).map(
      (e) => `${e.event}:${e.name}`,
    );
    expect(lcNames.slice(0, 3)).toEqual([
      'on_chain_start:outer',
      'on_chain_start:inner',
      'on_chain_end:inner',
    ]);

    const inner = RunnableLambda.from(function inner(x: string) {
      return x.toUpperCase();
    });
    const outer = RunnableLambda.from(async function outer(x: string, config: LambdaConfig) {
      return inner.invoke(x, config);
    });
    const events = await collect(outer.streamEvents('hi', { version: 'v2' }));
    // Ours also reports the inner run's chunks (on_chain_stream), which LangChain skips for an
    // inner invoke: compare the lifecycle.
    const lifecycle = events
      .map((e) => `${e.event}:${e.name}`)
      .filter((n) => !n.includes('_stream'));
    expect(lifecycle).toEqual(lcNames.filter((n) => !n.includes('_stream')));
    const innerStart = events.find((e) => e.event === 'on_chain_start' && e.name === 'inner');
    const outerStart = events.find((e) => e.event === 'on_chain_start' && e.name === 'outer');
    expect(innerStart?.parentIds).toContain(outerStart?.runId);
    expect(events.find((e) => e.event === 'on_chain_end' && e.name === 'inner')?.data.output).toBe(
      'HI',
    );
    expect(await outer.invoke('hi')).toBe(await lcOuter.invoke('hi'));
  });

  it('passes the run signal, tags, metadata and configurable to the inner call', async () => {
    const seen: {
      tags?: readonly string[];
      metadata?: unknown;
      configurable?: unknown;
      aborted?: boolean;
    }[] = [];
    const inner = RunnableLambda.from((x: string, config: LambdaConfig) => {
      seen.push({
        tags: config.tags,
        metadata: config.metadata,
        configurable: config.configurable,
        aborted: config.signal.aborted,
      });
      return x;
    });
    const outer = RunnableLambda.from((x: string, config: LambdaConfig) =>
      inner.invoke(x, { ...config, tags: ['extra'] }),
    );
    await outer.invoke('x', {
      tags: ['run'],
      metadata: { user: 'ana' },
      configurable: { model: 'm' },
    });
    expect(seen[0]).toEqual({
      tags: ['run', 'extra'],
      metadata: { user: 'ana' },
      configurable: { model: 'm' },
      aborted: false,
    });
  });

  it('cancelling the outer run cancels the inner call', async () => {
    let innerAborted = false;
    const inner = RunnableLambda.from(async (_: string, config: LambdaConfig) => {
      await new Promise<void>((resolve) =>
        config.signal.addEventListener('abort', () => resolve()),
      );
      innerAborted = true;
      return 'late';
    });
    const outer = RunnableLambda.from((x: string, config: LambdaConfig) => inner.invoke(x, config));
    await expect(outer.invoke('x', { timeoutMs: 20 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(innerAborted).toBe(true);
  });
});

describe('a lambda that returns a stream streams its values', () => {
  async function* gen() {
    yield 'a';
    yield 'b';
  }
  const returned: [string, () => unknown][] = [
    ['an async iterable', () => gen()],
    ['a promise of an async iterable', async () => gen()],
    [
      'a ReadableStream',
      () =>
        new ReadableStream<string>({
          start(controller) {
            controller.enqueue('a');
            controller.enqueue('b');
            controller.close();
          },
        }),
    ],
    [
      'an Observable',
      () =>
        new Observable<string>((s) => {
          s.next('a');
          s.next('b');
          s.complete();
        }),
    ],
  ];
  for (const [what, make] of returned) {
    it(`${what}`, async () => {
      const ours = RunnableLambda.from((_: string) => make() as string);
      expect(await collect(ours.stream('x'))).toEqual(['a', 'b']);
      expect(await ours.invoke('x')).toBe('ab');
    });
  }

  it('as LangChain streams a returned async generator', async () => {
    const lc = LCLambda.from((_: string) => gen() as unknown as string);
    const ours = RunnableLambda.from((_: string) => gen() as unknown as string);
    expect(await collect(ours.stream('x'))).toEqual(await collect(await lc.stream('x')));
  });
});

describe('streaming custom steps without subclassing', () => {
  const words = (): Runnable<string, string> =>
    RunnableLambda.from(function* words(_: string) {
      yield 'one ';
      yield 'two';
    });

  it('RunnableGenerator transforms chunk by chunk', async () => {
    const seenBeforeEnd: string[] = [];
    const shout = RunnableGenerator.from(async function* shout(chunks: AsyncIterable<string>) {
      for await (const chunk of chunks) {
        seenBeforeEnd.push(chunk);
        yield chunk.toUpperCase();
      }
    });
    expect(await collect(words().pipe(shout).stream('x'))).toEqual(['ONE ', 'TWO']);
    const events: RunEvent[] = await collect(words().pipe(shout).streamEvents('x'));
    expect(events.filter((e) => e.event === 'on_chain_stream' && e.name === 'shout')).toHaveLength(
      2,
    );
  });

  it('an RxJS operator given to pipe streams through it', async () => {
    const chain = words().pipe(map((s: string) => s.length));
    expect(await collect(chain.stream('x'))).toEqual([4, 3]);
    const wrapped = words().pipe(
      RunnableOperator.from((s$: Observable<string>) => s$.pipe(map((s) => s.trim()))),
    );
    expect(await wrapped.invoke('x')).toBe('onetwo');
  });

  it('an operator that throws gives a typed error naming the step', async () => {
    const chain = words().pipe(
      map((_: string): string => {
        throw new Error('bad chunk');
      }),
    );
    await expect(chain.invoke('x')).rejects.toMatchObject({
      code: 'UNKNOWN',
      details: { step: 'RunnableOperator' },
    });
  });
});

describe('options and config', () => {
  it('the call config wins over withConfig, bound tags first', async () => {
    let lcSeen: RunnableConfig | undefined;
    const lc = LCLambda.from((x: string, config?: RunnableConfig) => {
      lcSeen = config;
      return x;
    });
    await lc
      .withConfig({ metadata: { a: 1 }, tags: ['a'] })
      .invoke('x', { metadata: { a: 2 }, tags: ['b'] });
    let ours: LambdaConfig | undefined;
    const step = RunnableLambda.from((x: string, config: LambdaConfig) => {
      ours = config;
      return x;
    });
    await step
      .withConfig({ metadata: { a: 1 }, tags: ['a'] })
      .invoke('x', { metadata: { a: 2 }, tags: ['b'] });
    expect(ours?.metadata?.a).toBe(lcSeen?.metadata?.a);
    expect(ours?.tags).toEqual(lcSeen?.tags);
  });

  it("LangChain's option names are aliases", async () => {
    const slow = RunnableLambda.from(async (x: string) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return x;
    });
    await expect(slow.invoke('x', { timeout: 10 } as never)).rejects.toMatchObject({
      code: 'TIMEOUT',
    });

    let ourCalls = 0;
    let lcCalls = 0;
    const failures: unknown[] = [];
    const ours = RunnableLambda.from((_: string) => {
      ourCalls++;
      throw new Error('no');
    }).withRetry({
      stopAfterAttempt: 2,
      onFailedAttempt: (_e, input) => failures.push(input),
      backoff: () => 0,
    });
    const lc = LCLambda.from((_: string) => {
      lcCalls++;
      throw new Error('no');
    }).withRetry({ stopAfterAttempt: 2, onFailedAttempt: () => undefined });
    await expect(ours.invoke('in')).rejects.toBeDefined();
    await expect(lc.invoke('in')).rejects.toBeDefined();
    expect(ourCalls).toBe(lcCalls);
    expect(failures).toEqual(['in', 'in']);

    class Handled extends Error {}
    const thrower = (error: Error) =>
      RunnableLambda.from((_: string): string => {
        throw error;
      });
    const backup = RunnableLambda.from(() => 'backup');
    expect(
      await thrower(new Handled('h'))
        .withFallbacks([backup], { exceptionsToHandle: [Handled] })
        .invoke('x'),
    ).toBe('backup');
    await expect(
      thrower(new Error('other'))
        .withFallbacks([backup], { exceptionsToHandle: [Handled] })
        .invoke('x'),
    ).rejects.toMatchObject({ message: 'other' });
  });

  it('an unknown option name is INVALID_CONFIG naming it and the nearest known one', async () => {
    const step = RunnableLambda.from((x: string) => x);
    await expect(step.invoke('x', { timeoutMS: 5 } as never)).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      details: { option: 'timeoutMS', nearest: 'timeoutMs' },
    });
    expect(() => step.withRetry({ attempt: 2 } as never)).toThrow(/did you mean 'attempts'/);
    expect(() => step.withConfig({ tag: ['x'] } as never)).toThrow(/did you mean 'tags'/);
  });

  it('new RunnablePassthrough({ func }) calls func with the input, as LangChain', async () => {
    const lcSeen: unknown[] = [];
    const seen: unknown[] = [];
    const lcOut = await new LCPassthrough<string>({
      func: (x: string) => void lcSeen.push(x),
    }).invoke('in');
    const out = await new RunnablePassthrough<string>({
      func: (x: string) => void seen.push(x),
    }).invoke('in');
    expect(out).toBe(lcOut);
    expect(seen).toEqual(lcSeen);
  });
});

describe('streamEvents habits', () => {
  const lcChain = () =>
    LCLambda.from((x: string) => x + '!')
      .withConfig({ runName: 'first' })
      .pipe(LCLambda.from((x: string) => x.toUpperCase()).withConfig({ runName: 'second' }));
  const ours = () =>
    RunnableLambda.from(function first(x: string) {
      return x + '!';
    }).pipe(function second(x: string) {
      return x.toUpperCase();
    });

  it("for await over streamEvents(input, { version: 'v2' }) works as in LangChain", async () => {
    const lcNames = (await collect(lcChain().streamEvents('x', { version: 'v2' }))).map(
      (e) => `${e.event}:${e.name}`,
    );
    const names = (await collect(ours().streamEvents('x', { version: 'v2' }))).map(
      (e) => `${e.event}:${e.name}`,
    );
    expect(names.filter((n) => !n.includes('RunnableSequence'))).toEqual(
      lcNames.filter((n) => !n.includes('RunnableSequence')),
    );
  });

  it('seq:step:N and map:key:K tags, as LangChain adds them', async () => {
    const lcEvents = await collect(lcChain().streamEvents('x', { version: 'v2' }));
    const events = await collect(ours().streamEvents('x'));
    const tagsOf = (list: { name: string; tags?: readonly string[] }[], name: string) =>
      list.find((e) => e.name === name)?.tags;
    expect(tagsOf(events, 'first')).toEqual(tagsOf(lcEvents, 'first'));
    expect(tagsOf(events, 'second')).toEqual(tagsOf(lcEvents, 'second'));
    const par = await collect(new RunnableParallel({ k: (x: string) => x }).streamEvents('x'));
    expect(par.find((e) => e.event === 'on_chain_start' && e.parentIds.length === 1)?.tags).toEqual(
      ['map:key:k'],
    );
  });

  it('the filter argument keeps what LangChain keeps', async () => {
    for (const filter of [
      { includeNames: ['second'] },
      { excludeNames: ['first'] },
      { includeTags: ['seq:step:1'] },
    ]) {
      const lcNames = (await collect(lcChain().streamEvents('x', { version: 'v2' }, filter))).map(
        (e) => `${e.event}:${e.name}`,
      );
      const names = (await collect(ours().streamEvents('x', {}, filter))).map(
        (e) => `${e.event}:${e.name}`,
      );
      expect(names.filter((n) => !n.includes('RunnableSequence'))).toEqual(
        lcNames.filter((n) => !n.includes('RunnableSequence')),
      );
    }
  });
});
