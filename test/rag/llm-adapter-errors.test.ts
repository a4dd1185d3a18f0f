import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { LlmAdapter } from '../../src/rag';

function failing(error: unknown) {
  return {
    astream(): AsyncIterable<string> {
      return {
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
      };
    },
  };
}

async function failure(llm: object): Promise<unknown> {
  return new LlmAdapter(llm as never).invoke('q').then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('LlmAdapter failures', () => {
  it('an error with an HTTP status becomes MODEL_HTTP with status and retryAfterMs', async () => {
    const original = Object.freeze(
      Object.assign(new Error('Too many requests'), {
        status: 429,
        headers: new Headers({ 'retry-after': '1' }),
      }),
    );
    const error = await failure(failing(original));
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'MODEL_HTTP',
      details: { status: 429, retryAfterMs: 1000, step: 'LLM' },
      cause: original,
    });
  });

  it('without Retry-After there is no retryAfterMs', async () => {
    const error = (await failure(failing({ status: 500, message: 'down' }))) as RxRunnablesError;
    expect(error.code).toBe('MODEL_HTTP');
    expect('retryAfterMs' in error.details).toBe(false);
  });

  it.each([new Error('plain'), { status: 200 }, { status: '429' }])(
    'anything else passes through untyped here: %s',
    async (original) => {
      const error = await failure(failing(original));
      expect(RxRunnablesError.isInstance(error) && error.code === 'MODEL_HTTP').toBe(false);
    },
  );
});
