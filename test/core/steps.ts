import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { Runnable } from '../../src/core';
import { BOOM } from './matrix';

/** A streaming step: upper-cases each chunk as it arrives. */
export class Upper extends Runnable<string, string> {
  protected transform(input$: Observable<string>): Observable<string> {
    return input$.pipe(map((s) => s.toUpperCase()));
  }
}

/** A streaming step whose per-chunk callback throws. */
export class Throwing<T = string> extends Runnable<T, T> {
  protected transform(input$: Observable<T>): Observable<T> {
    return input$.pipe(
      map(() => {
        throw BOOM;
      }),
    );
  }
}

export const letters = { a: 'a', b: 'b', c: 'c', d: 'd' } as const;
export const upperLetters = { A: 'A', B: 'B', C: 'C', D: 'D' } as const;
