import { describe, expect, it } from 'vitest';
import { Observable, defer, throwError } from 'rxjs';
import { Runnable, RunnableRetry, RxRunnablesError, createRunContext } from '../../src/core';
import type { RunContext } from '../../src/core';
import { BOOM, describeMatrix } from './matrix';
import { scheduler } from './helpers';
import { Throwing, Upper, letters, upperLetters } from './steps';

describeMatrix('RunnableRetry', {
  make: () => new Upper().withRetry({ attempts: 2, backoff: () => 0 }),
  makeThrowing: () => new Throwing().withRetry({ attempts: 1 }),
  values: letters,
  streams: true,
  expected: upperLetters,
});

/** A step whose n-th run is scripted by a marble diagram. */
class Scripted extends Runnable<string, string> {
  runs = 0;
  constructor(private readonly script: (run: number) => Observable<string>) {
    super();
  }
  protected transform(_input$: Observable<string>, _ctx: RunContext): Observable<string> {
    return defer(() => this.script(this.runs++));
  }
}

describe('RunnableRetry', () => {
  it('retries a failure before the first chunk with exponential backoff', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const step = new Scripted((run) => (run < 2 ? cold('-#', {}, BOOM) : cold('-x|')));
      const retried = step.withRetry({ attempts: 3, backoff: { initialMs: 10, factor: 2 } });
      // run 0 fails at 1, waits 10; run 1 starts at 11, fails at 12, waits 20; run 2 starts at 32.
      expectObservable(retried.runTransform(cold('a|'), createRunContext())).toBe('33ms x|');
    });
  });

  it('gives up after the last attempt with the last error', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const step = new Scripted(() => cold('-#', {}, BOOM));
      const retried = step.withRetry({ attempts: 2, backoff: () => 5 });
      expectObservable(retried.runTransform(cold('a|'), createRunContext())).toBe(
        '7ms #',
        undefined,
        BOOM,
      );
    });
  });

  it('does not retry after a chunk by default', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const step = new Scripted(() => cold('-x-#', undefined, BOOM));
      const retried = step.withRetry({ attempts: 3, backoff: () => 0 });
      expectObservable(retried.runTransform(cold('a|'), createRunContext())).toBe(
        '-x-#',
        undefined,
        BOOM,
      );
    });
  });

  it("restarts after a chunk with onMidStream: 'restart'", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const step = new Scripted((run) => (run === 0 ? cold('-x-#', undefined, BOOM) : cold('-y|')));
      const retried = step.withRetry({ attempts: 2, backoff: () => 0, onMidStream: 'restart' });
      expectObservable(retried.runTransform(cold('a|'), createRunContext())).toBe('-x--y|');
    });
  });

  it('retries only what retryIf accepts', async () => {
    const step = new Scripted(() => throwError(() => new RxRunnablesError('INVALID_INPUT', 'bad')));
    const retried = step.withRetry({ attempts: 5, retryIf: (e) => e.code !== 'INVALID_INPUT' });
    await expect(retried.invoke('x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(step.runs).toBe(1);
  });

  it('retries stream() and astream(), not only invoke()', async () => {
    const step = new Scripted((run) =>
      run === 0
        ? throwError(() => BOOM)
        : new Observable<string>((s) => (s.next('ok'), s.complete())),
    );
    const chunks: string[] = [];
    for await (const chunk of step.withRetry({ backoff: () => 0 }).astream('x')) chunks.push(chunk);
    expect(chunks).toEqual(['ok']);
    expect(step.runs).toBe(2);
  });

  it('never retries an abort', async () => {
    const controller = new AbortController();
    const step = new Scripted(() => new Observable<string>(() => undefined));
    const pending = step.withRetry({ attempts: 3 }).invoke('x', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    expect(step.runs).toBe(1);
  });

  it('is a RunnableRetry that keeps the step name', () => {
    const upper = new Upper();
    const retried = upper.withRetry();
    expect(retried).toBeInstanceOf(RunnableRetry);
    expect(retried.name).toBe('Upper');
  });
});
