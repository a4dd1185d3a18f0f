import { AIMessageChunk as LcAIMessageChunk } from '@langchain/core/messages';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { RunnableLambda } from '../../src/core';
import { RxRunnablesError } from '../../src/core/errors';
import { JsonOutputParser, applyJsonPatch } from '../../src/json';
import type { DeepPartial, JsonPatchOperation, JsonValue, MessageLike } from '../../src/json';

/** A source step that streams the given chunks, so the parser runs in a real pipe. */
function source<T>(chunks: readonly T[]) {
  return RunnableLambda.from(async function* (_: string) {
    for (const chunk of chunks) yield chunk;
  });
}

const chars = (text: string, size = 3): string[] =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
    text.slice(i * size, i * size + size),
  );

async function errorOf(promise: Promise<unknown>): Promise<RxRunnablesError> {
  try {
    await promise;
  } catch (error) {
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    return error as RxRunnablesError;
  }
  return expect.fail('expected an error');
}

describe('JsonOutputParser — streaming', () => {
  it('emits the partial value each time it changes, and invoke resolves to the final value', async () => {
    const chain = source(['{"title": "R', 'x", ', '   ', '"tags": [', '"a"', ']', '}']).pipe(
      new JsonOutputParser(),
    );
    const seen = await lastValueFrom(chain.stream('go').pipe(toArray()));
    expect(seen).toEqual([
      { title: 'R' },
      { title: 'Rx' },
      { title: 'Rx', tags: [] },
      { title: 'Rx', tags: ['a'] },
    ]);
    expect(await new JsonOutputParser().invoke('{"title": "Rx", "tags": ["a"]}')).toEqual({
      title: 'Rx',
      tags: ['a'],
    });
  });

  it('reads message chunks whose content is a string or content blocks', async () => {
    const chunks: MessageLike[] = [
      { content: '{"a": ' },
      {
        content: [
          { type: 'text', text: '[1, ' },
          { type: 'image_url', image_url: 'x' },
        ],
      },
      new LcAIMessageChunk({ content: [{ type: 'text', text: '2]}' }] }),
    ];
    const chain = source(chunks).pipe(new JsonOutputParser());
    expect(await lastValueFrom(chain.stream('go'))).toEqual({ a: [1, 2] });
    const message = new LcAIMessageChunk({ content: [{ type: 'text', text: '[true]' }] });
    expect(await new JsonOutputParser().invoke(message)).toEqual([true]);
  });

  it('rejects inputs that carry no text with INVALID_INPUT', async () => {
    const parser = new JsonOutputParser();
    const error = await errorOf(parser.invoke(42 as unknown as string));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.step).toBe('JsonOutputParser');
  });

  it('is a parser in streamEvents', async () => {
    const chain = source(['[1, ', '2]']).pipe(new JsonOutputParser());
    const events = await lastValueFrom(chain.streamEvents('go').pipe(toArray()));
    const parser = events.filter((e) => e.name === 'JsonOutputParser').map((e) => e.event);
    expect(parser).toEqual([
      'on_parser_start',
      'on_parser_stream',
      'on_parser_stream',
      'on_parser_end',
    ]);
    expect(events.find((e) => e.event === 'on_parser_end')?.data.output).toEqual([1, 2]);
  });

  it('stops reading its input when the subscriber unsubscribes', async () => {
    let pulled = 0;
    const endless = RunnableLambda.from(async function* (_: string) {
      yield '[';
      for (;;) {
        pulled++;
        yield `${pulled}, `;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    });
    const first = await firstValueFrom(endless.pipe(new JsonOutputParser()).stream('go'));
    expect(first).toEqual([]);
    const after = pulled;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulled - after).toBeLessThanOrEqual(1);
  });
});

describe('JsonOutputParser — fences and prose', () => {
  const answer =
    'Sure! Here is the JSON you asked for:\n\n```json\n{\n  "ok": true,\n  "n": [1, 2]\n}\n```\nAnything else?';

  it('drops prose and the opening fence before the first { or [, and stops at the closing fence', async () => {
    for (const size of [1, 3, 7, answer.length]) {
      const chain = source(chars(answer, size)).pipe(new JsonOutputParser());
      const value = await lastValueFrom(chain.stream('go'));
      expect(value).toEqual({ ok: true, n: [1, 2] });
    }
  });

  it('emits nothing while the prose streams', async () => {
    const seen = await lastValueFrom(
      source(['Here ', 'it is: ', '[1', ']'])
        .pipe(new JsonOutputParser())
        .stream('go')
        .pipe(toArray()),
    );
    expect(seen).toEqual([[1]]);
  });

  it('rejects text after the value when there is no fence, at its position in the answer', async () => {
    const error = await errorOf(
      source(['Result:\n{"a": 1}', ' and more']).pipe(new JsonOutputParser()).invoke('go'),
    );
    expect(error.code).toBe('JSON_PARSE');
    expect(error.details).toMatchObject({
      reason: 'trailing-text',
      offset: 17,
      line: 2,
      column: 10,
    });
    expect(error.step).toBe('JsonOutputParser');
  });

  it('rejects anything but ``` after a fenced value', async () => {
    const error = await errorOf(
      source(['```json\n[1]\n', 'oops\n```']).pipe(new JsonOutputParser()).invoke('go'),
    );
    expect(error.details).toMatchObject({
      reason: 'trailing-text',
      offset: 12,
      line: 3,
      column: 1,
    });
  });

  it('reports parse errors at their position in the whole answer', async () => {
    const error = await errorOf(
      source(['Answer:\n  ```json\n{"a": 1,', ' "b": ]}'])
        .pipe(new JsonOutputParser())
        .invoke('go'),
    );
    expect(error.code).toBe('JSON_PARSE');
    expect(error.details).toMatchObject({ reason: 'unexpected-character', offset: 32, line: 3 });
    expect((error.details as { column: number }).column).toBe(15);
    expect(error.message).toContain('line 3, column 15 (offset 32)');
  });

  it('fails with JSON_PARSE when the answer holds no object or array', async () => {
    const error = await errorOf(
      source(['no json', ' here']).pipe(new JsonOutputParser()).invoke('go'),
    );
    expect(error.details).toMatchObject({ reason: 'unexpected-end', offset: 12 });
    expect(error.message).toContain('No JSON object or array');
  });

  it('with { extract: false } parses the text as one JSON value, strictly', async () => {
    const parser = new JsonOutputParser({ extract: false });
    expect(await lastValueFrom(source(['4', '2']).pipe(parser).stream('go'))).toBe(42);
    const error = await errorOf(source(['Here: {}']).pipe(parser).invoke('go'));
    expect(error.details).toMatchObject({ reason: 'unexpected-character', offset: 0 });
  });
});

describe('JsonOutputParser — patches', () => {
  it('emits JSON Patch operations with { diff: true }; invoke gathers all of them', async () => {
    const text = '{"user": {"name": "Ada"}, "langs": ["en", "fr"]}';
    const chain = source(chars(text, 4)).pipe(new JsonOutputParser({ diff: true }));
    let doc: JsonValue | undefined;
    for await (const ops of chain.astream('go')) {
      expect(ops.length).toBeGreaterThan(0);
      doc = applyJsonPatch(doc, ops);
    }
    expect(doc).toEqual(JSON.parse(text));
    const all = await chain.invoke('go');
    expectTypeOf(all).toEqualTypeOf<JsonPatchOperation[]>();
    // As LangChain.js: the first patch replaces the root with the whole value so far.
    expect(all[0]).toEqual({ op: 'replace', path: '', value: {} });
    expect(applyJsonPatch(undefined, all)).toEqual(JSON.parse(text));
  });
});

describe('JsonOutputParser — schema', () => {
  const schema = z.object({
    title: z.string(),
    tags: z.array(z.string()),
    score: z.number().default(0),
  });

  it('types partial values as deep-partial and the result as the schema output', async () => {
    const parser = new JsonOutputParser({ schema });
    const chain = source(['{"title": "x", "tags": ["a"]}']).pipe(parser);
    type Out = { title: string; tags: string[]; score: number };
    for await (const partial of chain.astream('go')) {
      expectTypeOf(partial).toEqualTypeOf<DeepPartial<Out>>();
    }
    const result = await parser.invoke('{"title": "x", "tags": ["a"]}');
    expectTypeOf(result).toEqualTypeOf<Out>();
    expect(result).toEqual({ title: 'x', tags: ['a'], score: 0 });
  });

  it('emits the validated value last when the schema changes it (a default here)', async () => {
    const seen = await lastValueFrom(
      source(['{"title": "x", ', '"tags": []}'])
        .pipe(new JsonOutputParser({ schema }))
        .stream('go')
        .pipe(toArray()),
    );
    expect(seen).toEqual([
      { title: 'x' },
      { title: 'x', tags: [] },
      { title: 'x', tags: [], score: 0 },
    ]);
  });

  it('fails with JSON_SCHEMA listing every issue', async () => {
    const chain = source(['{"title": 1, "tags": ["a", 2]}']).pipe(new JsonOutputParser({ schema }));
    const error = await errorOf(chain.invoke('go'));
    expect(error.code).toBe('JSON_SCHEMA');
    expect(error.step).toBe('JsonOutputParser');
    const issues = (error.details as { issues: { path: (string | number)[] }[] }).issues;
    expect(issues.map((issue) => issue.path)).toEqual([['title'], ['tags', 1]]);
    expect(error.message).toMatch(/title: .*; tags\.1: /);
    expect(error.details.partialOutput).toEqual({ title: 1, tags: ['a', 2] });
  });

  it('accepts an asynchronous Standard Schema', async () => {
    const asyncSchema = {
      '~standard': {
        validate: async (value: unknown) =>
          (value as { ok?: unknown }).ok === true
            ? { value: value as { ok: true } }
            : { issues: [{ message: 'not ok', path: [{ key: 'ok' }] }] },
      },
    };
    const parser = new JsonOutputParser({ schema: asyncSchema });
    expect(await parser.invoke('{"ok": true}')).toEqual({ ok: true });
    const error = await errorOf(source(['{"ok": 1}']).pipe(parser).invoke('go'));
    expect(error.details).toMatchObject({ issues: [{ path: ['ok'], message: 'not ok' }] });
  });
});
