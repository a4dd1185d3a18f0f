/**
 * Recognising a Runnable from another copy of rx-runnables in the same process (the CommonJS and
 * the ES module build loaded side by side, or two installed copies), where `instanceof` fails.
 * @module
 */
import { RxRunnablesError } from './errors';
import { Runnable } from './runnable';

/** The global brand every Runnable carries; its value is the step protocol's version. */
const RUNNABLE_BRAND = Symbol.for('rx-runnables.runnable');
/** Bumped when a change to `runTransform`, `RunContext` or chunk modes breaks older copies. */
const PROTOCOL = 1;

Object.defineProperty(Runnable.prototype, RUNNABLE_BRAND, { value: PROTOCOL });

type Branded = { readonly [RUNNABLE_BRAND]?: unknown };

/**
 * True for a Runnable of this copy of rx-runnables or of another copy speaking the same step
 * protocol (the CommonJS build next to the ES module build: a model `require`d, a parser
 * `import`ed). Throws an `INVALID_INPUT` error naming the problem for a Runnable of an
 * incompatible copy, which would otherwise be mistaken for a foreign (LangChain) runnable.
 *
 * @example
 * ```ts
 * import { RunnableLambda, isRunnable } from 'rx-runnables';
 *
 * console.log(isRunnable(RunnableLambda.from((s: string) => s.trim()))); // true
 * console.log(isRunnable({ invoke: async () => 1 })); // false
 * ```
 */
export function isRunnable(value: unknown): value is Runnable<unknown, unknown> {
  if (value instanceof Runnable) return true;
  if (typeof value !== 'object' || value === null) return false;
  const brand = (value as Branded)[RUNNABLE_BRAND];
  if (brand === undefined) return false;
  if (brand === PROTOCOL) return true;
  throw new RxRunnablesError(
    'INVALID_INPUT',
    `This Runnable comes from another copy of rx-runnables (step protocol ${String(brand)}, this ` +
      `copy speaks ${PROTOCOL}); two versions are installed: deduplicate them (npm dedupe)`,
  );
}
