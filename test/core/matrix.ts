import { describe, expect, it } from 'vitest';
import type { Observable } from 'rxjs';
import { createRunContext } from '../../src/core';
import type { Runnable } from '../../src/core';
import { scheduler } from './helpers';

/** How a composition class is exercised by the shared matrix of cases. */
export interface MatrixCase<I, O> {
  /** The step under test. */
  make(): Runnable<I, O>;
  /** The same step with a callback that throws. */
  makeThrowing(): Runnable<I, O>;
  /** Input values for the marbles a, b, c, d. */
  values: Record<'a' | 'b' | 'c' | 'd', I>;
  /** True when output chunks follow input chunks; false when the step runs once on the whole input. */
  streams: boolean;
  /** Output values: for a streaming step, one per input marble (A, B, C, D); otherwise X is the single output. */
  expected: Partial<Record<'A' | 'B' | 'C' | 'D' | 'X' | 'Y', O>>;
  /** What the throwing step errors with (default: the thrown error itself). */
  thrown?: unknown;
}

const BOOM = new Error('boom');

/** What a function step's throw becomes: a typed error of that step, with the throw as cause. */
export const TYPED_BOOM: unknown = expect.objectContaining({ code: 'UNKNOWN', cause: BOOM });

/**
 * The cases STYLE.md asks of every composition class: empty, one, many, error, never-ending,
 * early unsubscribe and a throwing callback, as marble tests.
 */
export function describeMatrix<I, O>(name: string, c: MatrixCase<I, O>): void {
  const run = (step: Runnable<I, O>, input$: Observable<I>): Observable<O> =>
    step.runTransform(input$, createRunContext());

  describe(`${name}: marble matrix`, () => {
    it('empty input completes without output', () => {
      scheduler().run(({ cold, expectObservable }) => {
        expectObservable(run(c.make(), cold<I>('|', c.values))).toBe('|');
      });
    });

    it('one chunk', () => {
      scheduler().run(({ cold, expectObservable }) => {
        const input = cold<I>('-a|', c.values);
        const expected = c.streams ? '-A|' : '--(X|)';
        const values = c.streams ? c.expected : { X: c.expected.Y ?? c.expected.A };
        expectObservable(run(c.make(), input)).toBe(expected, values);
      });
    });

    it('many chunks', () => {
      scheduler().run(({ cold, expectObservable }) => {
        const input = cold<I>('-a-b-c|', c.values);
        const expected = c.streams ? '-A-B-C|' : '------(X|)';
        expectObservable(run(c.make(), input)).toBe(expected, c.expected);
      });
    });

    it('an upstream error is passed on after what was delivered', () => {
      scheduler().run(({ cold, expectObservable }) => {
        const input = cold<I>('-a-#', c.values, BOOM);
        expectObservable(run(c.make(), input)).toBe(c.streams ? '-A-#' : '---#', c.expected, BOOM);
      });
    });

    it('a never-ending input keeps the step open', () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const input = cold<I>('-a-', c.values);
        expectObservable(run(c.make(), input), '^----!').toBe(
          c.streams ? '-A-' : '---',
          c.expected,
        );
        expectSubscriptions(input.subscriptions).toBe('^----!');
      });
    });

    it('an early unsubscribe reaches the input', () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const input = cold<I>('-a-b-c-d|', c.values);
        expectObservable(run(c.make(), input), '^--!').toBe(c.streams ? '-A-' : '---', c.expected);
        expectSubscriptions(input.subscriptions).toBe('^--!');
      });
    });

    it('a throwing callback errors the stream', () => {
      scheduler().run(({ cold, expectObservable }) => {
        const input = cold<I>('-a|', c.values);
        const out = run(c.makeThrowing(), input);
        expectObservable(out).toBe(c.streams ? '-#' : '--#', undefined, c.thrown ?? BOOM);
      });
    });
  });
}

/** The error thrown by `makeThrowing` callbacks. */
export { BOOM };
