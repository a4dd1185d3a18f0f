import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core/errors';
import { toOpenAIModelError } from '../../src/openai';

const context = { step: 'OpenAIChatModel', aborted: false, chunksReceived: 0 };

describe('toOpenAIModelError', () => {
  it('returns an rx-runnables error as is', () => {
    const error = new RxRunnablesError('INVALID_INPUT', 'bad');
    expect(toOpenAIModelError(error, context)).toBe(error);
  });

  it('reports ABORTED with the abort reason when the call was aborted', () => {
    const reason = new RxRunnablesError('ABORTED', 'stopped by user');
    const error = toOpenAIModelError(new Error('whatever'), {
      ...context,
      aborted: true,
      abortReason: reason,
    });
    expect(error).toBe(reason);
  });

  it('maps an error with a status to MODEL_HTTP with the status and stage', () => {
    const apiError = Object.assign(new Error('Bad gateway'), { status: 502 });
    const error = toOpenAIModelError(apiError, { ...context, chunksReceived: 0 });
    expect(error.code).toBe('MODEL_HTTP');
    expect(error.details).toMatchObject({ status: 502, stage: 'request', step: 'OpenAIChatModel' });
    expect(error.cause).toBe(apiError);
  });

  it('maps a cut body (undici "terminated") after chunks to MODEL_HTTP at the stream stage', () => {
    const cut = new TypeError('terminated', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const error = toOpenAIModelError(cut, { ...context, chunksReceived: 4 });
    expect(error.code).toBe('MODEL_HTTP');
    expect(error.details).toMatchObject({ stage: 'stream', chunksReceived: 4 });
  });

  it('maps a SyntaxError to SSE_PARSE and a TimeoutError to TIMEOUT', () => {
    expect(toOpenAIModelError(new SyntaxError('Unexpected end'), context).code).toBe('SSE_PARSE');
    const timeout = Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' });
    expect(toOpenAIModelError(timeout, context).code).toBe('TIMEOUT');
  });

  it('maps anything else to GENERATION', () => {
    const error = toOpenAIModelError(new RangeError('odd'), context);
    expect(error.code).toBe('GENERATION');
    expect(error.message).toBe('odd');
  });
});
