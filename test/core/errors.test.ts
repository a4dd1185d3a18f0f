import { describe, expect, it, vi } from 'vitest';
import { RxRunnablesError, abortError, toRxRunnablesError } from '../../src/core';
import type * as errors from '../../src/core/errors';

describe('RxRunnablesError', () => {
  it('carries a stable code, details and a cause', () => {
    const cause = new Error('root');
    const error = new RxRunnablesError('RETRIEVAL', 'failed', {
      cause,
      stage: 'retrieval',
      step: 'r',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('RETRIEVAL');
    expect(error.cause).toBe(cause);
    expect(error.stage).toBe('retrieval');
    expect(error.step).toBe('r');
  });

  it('isInstance recognises an error from another copy of the package', async () => {
    vi.resetModules();
    const path = '../../src/core/errors?copy';
    const copy = (await import(/* @vite-ignore */ path)) as typeof errors;
    const foreign = new copy.RxRunnablesError('TIMEOUT', 'late');
    expect(foreign).not.toBeInstanceOf(RxRunnablesError);
    expect(RxRunnablesError.isInstance(foreign)).toBe(true);
    expect(RxRunnablesError.isInstance(new Error('plain'))).toBe(false);
    expect(RxRunnablesError.isInstance({ code: 'TIMEOUT' })).toBe(false);
  });

  it('toRxRunnablesError turns any thrown value into the typed error', () => {
    const typed = new RxRunnablesError('JSON_PARSE', 'x');
    expect(toRxRunnablesError(typed)).toBe(typed);
    expect(toRxRunnablesError('text', 'GENERATION')).toMatchObject({
      code: 'GENERATION',
      message: 'text',
    });
    const abort = new DOMException('stop', 'AbortError');
    expect(toRxRunnablesError(abort)).toMatchObject({ code: 'ABORTED', cause: abort });
    expect(toRxRunnablesError(42)).toMatchObject({ code: 'UNKNOWN', message: '42' });
  });

  it('abortError keeps a typed reason as is', () => {
    const reason = new RxRunnablesError('TIMEOUT', 'late');
    expect(abortError(reason)).toBe(reason);
    expect(abortError('user left')).toMatchObject({ code: 'ABORTED', message: 'user left' });
  });
});
