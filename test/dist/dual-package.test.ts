/**
 * The CommonJS and ES module copies in one process (a model `require`d, a parser `import`ed):
 * every class exists twice, so `instanceof` fails across them; pipes still work (the brand in
 * src/core/brand.ts, messages' and errors' `isInstance`).
 */
import { describe, expect, it } from 'vitest';
import type * as Core from '../../src/core';
import type * as Json from '../../src/json';
import type * as Models from '../../src/models';
import { loadCjs, loadEsm } from './support';

const esm = {
  core: (await loadEsm('rx-runnables')) as typeof Core,
  json: (await loadEsm('rx-runnables/json')) as typeof Json,
  models: (await loadEsm('rx-runnables/models')) as typeof Models,
};
const cjs = {
  core: (await loadCjs('rx-runnables')) as typeof Core,
  json: (await loadCjs('rx-runnables/json')) as typeof Json,
  models: (await loadCjs('rx-runnables/models')) as typeof Models,
};

describe('the CommonJS and ES module builds mixed in one process', () => {
  it('are two copies: instanceof does not hold across them', () => {
    expect(cjs.core.Runnable).not.toBe(esm.core.Runnable);
    expect(new cjs.models.StringOutputParser()).not.toBeInstanceOf(esm.core.Runnable);
    expect(esm.core.isRunnable(new cjs.models.StringOutputParser())).toBe(true);
    expect(cjs.core.isRunnable(new esm.models.StringOutputParser())).toBe(true);
  });

  it('a required model pipes into an imported JSON parser, which still streams partial values', async () => {
    const model = new cjs.models.DemoChatModel({ script: ['{"a": 1, "b": [1, 2]}'] });
    const partials: unknown[] = [];
    for await (const value of model.pipe(new esm.json.JsonOutputParser()).astream('hi')) {
      partials.push(value);
    }
    expect(partials.length).toBeGreaterThan(1);
    expect(partials.at(-1)).toEqual({ a: 1, b: [1, 2] });
  });

  it('an imported model pipes into a required parser: messages cross unchanged', async () => {
    const chain = esm.models.ChatPromptTemplate.fromMessages([['human', 'Say {word}']])
      .pipe(new cjs.models.DemoChatModel({ script: ['hello there'] }))
      .pipe(new esm.models.StringOutputParser());
    expect(await chain.invoke({ word: 'hello' })).toBe('hello there');
    const direct = new esm.models.DemoChatModel({ script: ['hi'] }).pipe(
      new cjs.models.StringOutputParser(),
    );
    expect(await direct.invoke('x')).toBe('hi');
  });

  it('events name the steps of both copies, nested under one run', async () => {
    const chain = esm.core.RunnableLambda.from((x: number) => x + 1).pipe(
      cjs.core.RunnableLambda.from((x: number) => x * 2),
    );
    expect(await chain.invoke(1)).toBe(4);
    const seen: Core.RunEvent[] = [];
    for await (const e of chain.streamEvents(1)) seen.push(e);
    const ends = seen.filter((e) => e.event === 'on_chain_end');
    expect(ends.map((e) => e.name).sort()).toEqual([
      'RunnableLambda',
      'RunnableLambda',
      'RunnableSequence',
    ]);
    for (const e of ends.filter((x) => x.name === 'RunnableLambda')) {
      expect(e.parentIds).toHaveLength(1);
    }
  });

  it('a lambda of one copy may return a Runnable of the other, which then runs', async () => {
    const lambda = esm.core.RunnableLambda.from(() =>
      cjs.core.RunnableLambda.from((s: string) => `${s}?`),
    );
    expect(await lambda.invoke('a')).toBe('a?');
  });

  it("errors of either copy are recognised by the other's isInstance", async () => {
    const failing = cjs.core.RunnableLambda.from(async () => {
      throw new cjs.core.RxRunnablesError('GENERATION', 'boom');
    });
    const error: unknown = await esm.core.RunnableLambda.from((s: string) => s)
      .pipe(failing)
      .invoke('x')
      .catch((e: unknown) => e);
    expect(esm.core.RxRunnablesError.isInstance(error)).toBe(true);
    expect((error as Core.RxRunnablesError).code).toBe('GENERATION');
  });
});
