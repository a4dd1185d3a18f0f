/**
 * Validating the final value with a Standard Schema (zod 4, valibot, arktype…), without importing
 * any of them.
 * @module
 */
import { RxRunnablesError } from '../core/errors';

/**
 * One problem reported by a schema.
 *
 * @example
 * ```ts
 * const issue: SchemaIssue = { message: 'Expected string', path: ['title'] };
 * ```
 */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/**
 * What a schema's `validate` returns.
 *
 * @example
 * ```ts
 * const ok: SchemaResult<number> = { value: 1 };
 * ```
 */
export type SchemaResult<T> =
  { readonly value: T; readonly issues?: undefined } | { readonly issues: readonly SchemaIssue[] };

/**
 * A Standard Schema (https://standardschema.dev): zod 4 schemas, valibot and arktype implement it.
 *
 * @example
 * ```ts
 * import type { SchemaLike } from 'rx-runnables/json';
 * import { z } from 'zod';
 *
 * const schema: SchemaLike<{ name: string }> = z.object({ name: z.string() });
 * ```
 */
export interface SchemaLike<T> {
  readonly '~standard': {
    readonly validate: (value: unknown) => SchemaResult<T> | Promise<SchemaResult<T>>;
    readonly types?: { readonly output: T } | undefined;
  };
}

/**
 * One issue of a `JSON_SCHEMA` error: where (member names and indices) and what.
 *
 * @example
 * ```ts
 * const issues = error.details.issues as JsonSchemaIssue[]; // [{ path: ['tags', 1], message: '…' }]
 * ```
 */
export interface JsonSchemaIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

function pathOf(issue: SchemaIssue): (string | number)[] {
  return (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(key);
  });
}

/**
 * Validates `value`; resolves to the schema's output, or rejects with `JSON_SCHEMA` listing every
 * issue in `details.issues` (and the model's whole `text` in `details.text` when given).
 * @internal
 */
export function validateJson<T>(
  schema: SchemaLike<T>,
  value: unknown,
  step: string,
  text?: string,
): Promise<T> | T {
  const check = (result: SchemaResult<T>): T => {
    if (result.issues === undefined) return result.value;
    const issues: JsonSchemaIssue[] = result.issues.map((issue) => ({
      path: pathOf(issue),
      message: issue.message,
    }));
    const list = issues
      .map(({ path, message }) => `${path.length > 0 ? path.join('.') : '(root)'}: ${message}`)
      .join('; ');
    throw new RxRunnablesError('JSON_SCHEMA', `The JSON does not match the schema: ${list}`, {
      step,
      issues,
      value,
      ...(text === undefined ? {} : { text }),
    });
  };
  const result = schema['~standard'].validate(value);
  return result instanceof Promise ? result.then(check) : check(result);
}
