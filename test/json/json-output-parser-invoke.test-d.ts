// What JsonOutputParser's surfaces are typed: invoke the validated value, stream partial values.
import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { JsonOutputParser } from '../../src/json';
import type { DeepPartial, JsonPatchOperation } from '../../src/json';

const schema = z.object({ title: z.string(), tags: z.array(z.string()) });
type Doc = z.infer<typeof schema>;

test('invoke resolves to the validated value, not a partial one', () => {
  const parser = new JsonOutputParser({ schema });
  expectTypeOf(parser.invoke('{}')).resolves.toEqualTypeOf<Doc>();
});

test('stream stays partial', () => {
  const parser = new JsonOutputParser({ schema });
  expectTypeOf(parser.astream('{}')).toEqualTypeOf<AsyncIterableIterator<DeepPartial<Doc>>>();
});

test('with diff: true, invoke resolves to every patch', () => {
  const parser = new JsonOutputParser({ schema, diff: true });
  expectTypeOf(parser.invoke('{}')).resolves.toEqualTypeOf<JsonPatchOperation[]>();
});
