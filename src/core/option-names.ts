/**
 * Option names: LangChain.js's names accepted as aliases, and unknown names rejected with the
 * nearest known one (a plain-JavaScript caller otherwise loses a misspelt option silently).
 * @module
 */
import { RxRunnablesError } from './errors';

/** Edit distance between two short names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * Throws `INVALID_CONFIG` for the first own string key of `options` that is not in `known`,
 * naming it and the nearest known name. `what` names the options in the message.
 * @internal
 */
export function checkOptionNames(options: object, known: ReadonlySet<string>, what: string): void {
  for (const key of Object.keys(options)) {
    if (known.has(key)) continue;
    let nearest = '';
    let best = Infinity;
    for (const name of known) {
      const d = distance(key, name);
      if (d < best) {
        best = d;
        nearest = name;
      }
    }
    throw new RxRunnablesError(
      'INVALID_CONFIG',
      `Unknown ${what} option '${key}'${nearest ? `: did you mean '${nearest}'?` : ''}`,
      { option: key, nearest, known: [...known] },
    );
  }
}

/** The names `invoke`, `stream`, `astream`, `batch`, `streamEvents` and `withConfig` accept. */
export const RUN_OPTION_NAMES: ReadonlySet<string> = new Set([
  'signal',
  'timeoutMs',
  'timeout',
  'tags',
  'metadata',
  'runName',
  'maxConcurrency',
  'configurable',
  // LangChain callback handlers
  'callbacks',
  // A function step's config passed on (`step.invoke(x, config)`): its run.
  'context',
  // batch
  'returnExceptions',
  // streamEvents (LangChain's `{ version: 'v2' }`)
  'version',
]);
