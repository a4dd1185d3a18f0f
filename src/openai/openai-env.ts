/**
 * What both OpenAI models read from the environment: `OPENAI_*` variables and the default model.
 * @module
 */

/**
 * The model used when neither `model` nor `OPENAI_MODEL` is set.
 *
 * @example
 * ```ts
 * new OpenAIChatModel({ apiKey: 'k' }).model === DEFAULT_OPENAI_MODEL; // without OPENAI_MODEL
 * ```
 */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

/**
 * An environment variable where there is a `process` (Node, Bun, Deno); '' counts as unset.
 * @internal
 */
export function env(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name];
  return value === '' ? undefined : value;
}
