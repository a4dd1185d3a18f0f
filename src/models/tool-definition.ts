/**
 * Tool definitions a chat model can be bound to, from zod schemas or JSON Schema.
 * @module
 */
import { RxRunnablesError } from '../core';
import type { ErrorDetails } from '../core';

/** A JSON Schema document (as a plain object). */
export type JSONSchema = { readonly [key: string]: unknown };

/** A tool as a model sees it: a name, a description and a JSON Schema of its arguments. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string;
  readonly parameters: JSONSchema;
}

/**
 * Anything `bindTools` accepts: a {@link ToolDefinition}; an object with `name`, `description`
 * and a `schema` that is a zod 4 schema or JSON Schema (the shape of LangChain tools); or an
 * OpenAI function tool `{ type: 'function', function: { name, description, parameters } }`.
 */
export type ToolLike =
  | ToolDefinition
  | { readonly name: string; readonly description?: string; readonly schema: unknown }
  | {
      readonly type: 'function';
      readonly function: {
        readonly name: string;
        readonly description?: string;
        readonly parameters?: JSONSchema;
      };
    };

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripDialect(schema: Rec): JSONSchema {
  if (!('$schema' in schema)) return schema;
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

/**
 * Converts a zod 4 schema (detected by duck typing, without importing zod) or a JSON Schema
 * object into JSON Schema. A zod 3 schema, which cannot describe itself, throws `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * toJSONSchema(z.object({ city: z.string() })); // { type: 'object', properties: { city: … }, … }
 * toJSONSchema({ type: 'object', properties: {} }); // returned as is
 * ```
 */
export function toJSONSchema(schema: unknown, details: ErrorDetails = {}): JSONSchema {
  if (!isRecord(schema) && typeof schema !== 'function') {
    throw new RxRunnablesError(
      'INVALID_INPUT',
      'A tool schema must be a zod schema or JSON Schema',
      details,
    );
  }
  const candidate = schema as Rec;
  if (typeof candidate.toJSONSchema === 'function') {
    return stripDialect((candidate.toJSONSchema as () => Rec)());
  }
  const standard = candidate['~standard'];
  if (isRecord(standard)) {
    const jsonSchema = standard.jsonSchema;
    if (isRecord(jsonSchema) && typeof jsonSchema.input === 'function') {
      const input = jsonSchema.input as (options: { target: string }) => Rec;
      return stripDialect(input({ target: 'draft-2020-12' }));
    }
  }
  if ('_def' in candidate || '_zod' in candidate || typeof candidate.safeParse === 'function') {
    throw new RxRunnablesError(
      'INVALID_INPUT',
      'This schema cannot produce JSON Schema; use zod 4 or pass JSON Schema',
      details,
    );
  }
  return stripDialect(candidate);
}

/**
 * Normalises any {@link ToolLike} into a {@link ToolDefinition}. `details` (a `step`, an `index`)
 * go into the `INVALID_INPUT` error a malformed tool throws.
 *
 * @example
 * ```ts
 * toToolDefinition({ name: 'weather', description: 'Weather now', schema: z.object({ city: z.string() }) });
 * // { name: 'weather', description: 'Weather now', parameters: { type: 'object', … } }
 * ```
 */
export function toToolDefinition(tool: ToolLike, details: ErrorDetails = {}): ToolDefinition {
  if (!isRecord(tool)) {
    throw new RxRunnablesError('INVALID_INPUT', 'A tool must be an object with a name', details);
  }
  const record: Rec = tool;
  const source: Rec =
    record.type === 'function' && isRecord(record.function) ? record.function : record;
  const { name, description } = source;
  if (typeof name !== 'string' || name === '') {
    throw new RxRunnablesError('INVALID_INPUT', 'A tool must have a non-empty name', details);
  }
  const raw = 'schema' in source ? source.schema : source.parameters;
  const parameters =
    raw === undefined ? { type: 'object', properties: {} } : toJSONSchema(raw, details);
  return typeof description === 'string' ? { name, description, parameters } : { name, parameters };
}
