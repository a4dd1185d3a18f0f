import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { JsonOutputParser, PartialJsonParser } from '../../src/json';
import type {
  CompletedValue,
  DeepPartial,
  JsonOutputChunk,
  JsonPatchOperation,
  JsonValue,
} from '../../src/json';

describe('json types', () => {
  it('push returns what the output kind says', () => {
    expectTypeOf(new PartialJsonParser().push('')).toEqualTypeOf<JsonValue | undefined>();
    expectTypeOf(new PartialJsonParser({ output: 'patches' }).push('')).toEqualTypeOf<
      readonly JsonPatchOperation[]
    >();
    expectTypeOf(new PartialJsonParser({ output: 'completed' }).push('')).toEqualTypeOf<
      readonly CompletedValue[]
    >();
    expectTypeOf(new PartialJsonParser().end()).toEqualTypeOf<JsonValue>();
  });

  it('DeepPartial makes every member optional at every depth', () => {
    type Doc = { user: { name: string; tags: string[] }; n: number };
    expectTypeOf<DeepPartial<Doc>>().toEqualTypeOf<{
      user?: { name?: string; tags?: string[] };
      n?: number;
    }>();
  });

  it('JsonOutputParser infers its chunks from the schema and from diff', () => {
    const schema = z.object({ a: z.string(), b: z.array(z.number()) });
    const typed = new JsonOutputParser({ schema });
    expectTypeOf(typed.invoke('')).resolves.toEqualTypeOf<{ a: string; b: number[] }>();
    expectTypeOf(typed.astream('')).toEqualTypeOf<
      AsyncIterableIterator<DeepPartial<{ a: string; b: number[] }>>
    >();
    const patches = new JsonOutputParser({ schema, diff: true });
    expectTypeOf(patches.invoke('')).resolves.toEqualTypeOf<JsonPatchOperation[]>();
    expectTypeOf(new JsonOutputParser().invoke('')).resolves.toEqualTypeOf<JsonValue>();
    expectTypeOf(new JsonOutputParser().astream('')).toEqualTypeOf<
      AsyncIterableIterator<JsonOutputChunk<JsonValue, false>>
    >();
  });
});
