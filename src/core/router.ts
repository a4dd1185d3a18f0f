/**
 * RunnableRouter: a step chosen by key.
 * @module
 */
import { of } from 'rxjs';
import type { Observable } from 'rxjs';
import { coerceRunnable } from './coerce';
import { collectThen } from './collect';
import { RxRunnablesError } from './errors';
import { agreedMode } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import type { RunnableLike } from './runnable-like';
import { keepClassName } from './class-name';

/** LangChain's router input: which route, and the input for it. */
export interface RouterInput<I> {
  key: string;
  input: I;
}

/**
 * Runs the route named by the input's `key` on the input's `input` (LangChain's `RouterRunnable`
 * shape). An unknown key errors with `NO_MATCHING_BRANCH`. For routing on a value computed from
 * the input, see {@link RunnableRouter.byKey}.
 *
 * @example
 * ```ts
 * const router = new RunnableRouter({ upper: (s: string) => s.toUpperCase(), lower: (s: string) => s.toLowerCase() });
 * await router.invoke({ key: 'upper', input: 'Hi' }); // 'HI'
 * ```
 */
export class RunnableRouter<I, O> extends Runnable<RouterInput<I>, O> {
  private readonly routes: Readonly<Record<string, Runnable<I, O>>>;

  constructor(routes: Record<string, RunnableLike<I, O>>) {
    super();
    const coerced: Record<string, Runnable<I, O>> = {};
    for (const [key, step] of Object.entries(routes)) coerced[key] = coerceRunnable(step);
    this.routes = coerced;
  }

  /**
   * A router that computes the route's key from the input and passes the whole input on.
   *
   * @example
   * ```ts
   * const byLang = RunnableRouter.byKey((q: { lang: string }) => q.lang, { en: english, fr: french });
   * ```
   */
  static byKey<I, O>(
    key: (input: I) => string,
    routes: Record<string, RunnableLike<I, O>>,
  ): Runnable<I, O> {
    const router = new RunnableRouter<I, O>(routes);
    return coerceRunnable((input: I) => ({ key: key(input), input })).pipe(router);
  }

  override outputMode(inputMode: ChunkMode): ChunkMode {
    void inputMode;
    return agreedMode(Object.values(this.routes).map((route) => route.outputMode('concat')));
  }

  protected transform(input$: Observable<RouterInput<I>>, ctx: RunContext): Observable<O> {
    return collectThen(input$, ({ key, input }) => {
      const route = Object.hasOwn(this.routes, key) ? this.routes[key] : undefined;
      if (!route) {
        throw new RxRunnablesError('NO_MATCHING_BRANCH', `No route named '${key}'`, {
          step: this.name,
          key,
          routes: Object.keys(this.routes),
        });
      }
      return route.runTransform(of(input), ctx);
    });
  }
}

keepClassName(RunnableRouter, 'RunnableRouter');
