import { describe, expect, it } from 'vitest';
import { RunnableLambda, RxRunnablesError, coerceRunnable, isRunnable } from '../../src/core';

const BRAND = Symbol.for('rx-runnables.runnable');

describe('isRunnable', () => {
  it('is true for Runnables and false for functions, plain objects and LangChain-shaped objects', () => {
    expect(isRunnable(RunnableLambda.from((s: string) => s))).toBe(true);
    expect(isRunnable((s: string) => s)).toBe(false);
    expect(isRunnable({ a: 1 })).toBe(false);
    expect(isRunnable({ invoke: async () => 1, stream: async function* () {} })).toBe(false);
    expect(isRunnable(null)).toBe(false);
  });

  it('names the problem for a Runnable of an incompatible copy instead of adapting it', () => {
    const alien = { [BRAND]: 99, invoke: async () => 'x', stream: async function* () {} };
    let error: unknown;
    try {
      coerceRunnable(alien as never);
    } catch (e) {
      error = e;
    }
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect((error as RxRunnablesError).code).toBe('INVALID_INPUT');
    expect((error as Error).message).toMatch(/another copy of rx-runnables.*npm dedupe/);
  });
});
