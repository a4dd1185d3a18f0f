// Cases ported from @langchain/core src/runnables/tests/config.test.ts ("mergeConfigs metadata"):
// LangChain's mergeConfigs is what withConfig layers and a call's options go through, so here it
// is the metadata a lambda sees under nested withConfig calls.
import { describe, expect, it } from 'vitest';
import { RunnableLambda, type LambdaConfig, type RunOptions } from '../../src/core';

/** The metadata seen by a step bound with each config in turn, then called with the last. */
async function merged(...configs: (RunOptions | undefined)[]): Promise<unknown> {
  const call = configs.at(-1);
  let step = RunnableLambda.from((_: null, config: LambdaConfig) => config.metadata ?? {});
  for (const config of configs.slice(0, -1).reverse()) {
    if (config) step = step.withConfig(config) as typeof step;
  }
  return step.invoke(null, call ?? {});
}

describe('ported from @langchain/core src/runnables/tests/config.test.ts: mergeConfigs metadata', () => {
  it('merges metadata with last-writer-wins', async () => {
    expect(
      await merged(
        { metadata: { ls_provider: 'openai', ls_model_type: 'chat' } },
        { metadata: { ls_provider: 'anthropic', ls_temperature: 0.7 } },
      ),
    ).toEqual({ ls_provider: 'anthropic', ls_model_type: 'chat', ls_temperature: 0.7 });
  });

  it('merges metadata across three configs', async () => {
    expect(
      await merged({ metadata: { a: 1 } }, { metadata: { b: 2 } }, { metadata: { c: 3 } }),
    ).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('later config overwrites earlier for same key', async () => {
    expect(await merged({ metadata: { a: 1 } }, { metadata: { a: 2 } })).toEqual({ a: 2 });
  });

  it('handles undefined configs', async () => {
    expect(await merged(undefined, { metadata: { a: 1 } }, undefined)).toEqual({ a: 1 });
  });

  it('handles empty metadata', async () => {
    expect(await merged({ metadata: {} }, { metadata: { a: 1 } })).toEqual({ a: 1 });
  });
});
