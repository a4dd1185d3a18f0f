// JsonOutputParser as LangChain.js's: the JSON Patch operations of diff mode, chunk by chunk, and
// a schema error that carries the model's text. The same case on both libraries.
import { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import {
  JsonOutputParser as LCJsonOutputParser,
  StructuredOutputParser,
} from '@langchain/core/output_parsers';
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import type { Runnable as LCRunnable } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AIMessageChunk } from '../../src/chunks';
import { RunnableLambda, RxRunnablesError } from '../../src/core';
import { JsonOutputParser } from '../../src/json';
import { drain } from './support';

// Strings here hold no escapes and no spaces: see the differences below for those.
const TEXTS = [
  '{"name": "Ada", "tags": ["a", "bc"], "n": {"x": 12, "y": true}, "s": "hi"}',
  '[{"id": 1, "items": [[1, 2], [3]]}, {"id": 2, "items": []}, null, "end"]',
  '{"a": {"b": {"c": [{"d": "deep"}]}}, "e": false, "f": 3.5, "g": [{}, []]}',
  '```json\n{"answer": "fenced", "list": [1, 2, 3]}\n```',
];

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < text.length; k += size) out.push(text.slice(k, k + size));
  return out;
}

async function lcPatches(text: string, size: number): Promise<unknown[]> {
  // A generator lambda streams its values; its declared output type is the generator itself.
  const source = LCLambda.from(async function* () {
    for (const piece of pieces(text, size)) yield new LCAIMessageChunk(piece);
  }) as unknown as LCRunnable<unknown, LCAIMessageChunk>;
  return drain(await source.pipe(new LCJsonOutputParser({ diff: true })).stream({}));
}

async function ourPatches(text: string, size: number): Promise<unknown[]> {
  const source = RunnableLambda.from(async function* () {
    for (const piece of pieces(text, size)) yield new AIMessageChunk(piece);
  });
  return drain(source.pipe(new JsonOutputParser({ diff: true })).stream({}));
}

describe('JsonOutputParser({ diff: true }) as LangChain.js', () => {
  for (const [index, text] of TEXTS.entries()) {
    for (const size of [1, 3, 8, 1000]) {
      it(`emits LangChain's operations for text ${index + 1} in ${size}-character chunks`, async () => {
        expect(await ourPatches(text, size)).toEqual(await lcPatches(text, size));
      });
    }
  }

  it('differs where LangChain shows half an escape or drops a string’s trailing spaces', async () => {
    const text = '{"a": "say \\"hi\\" to all", "b": "x"}';
    const [lc, ours] = [await lcPatches(text, 1), await ourPatches(text, 1)];
    const strings = (patches: unknown[]): string[] =>
      (patches as { path: string; value?: unknown }[][])
        .flat()
        .filter((op) => op.path === '/a')
        .map((op) => String(op.value));
    // LangChain re-parses the text so far after trimming it: a space at the end of a partial
    // string is not shown until the next character, and a lone `\` shows as a backslash.
    expect(strings(lc)).toContain('say \\');
    expect(strings(lc)).not.toContain('say ');
    // Ours shows every character once it is known, and never a character the text does not hold.
    expect(strings(ours)).toContain('say ');
    expect(strings(ours).some((value) => value.endsWith('\\'))).toBe(false);
    expect(strings(ours).at(-1)).toBe(strings(lc).at(-1));
  });

  it('leaves the parser operations it folds unchanged for other subscribers', async () => {
    const [first] = (await ourPatches('{"a": [1, {"b": 2}]}', 100)) as unknown[][];
    expect(first).toEqual([{ op: 'replace', path: '', value: { a: [1, { b: 2 }] } }]);
  });
});

describe('a schema error carries the model text, as LangChain.js’s llmOutput', () => {
  const schema = z.object({ answer: z.string(), score: z.number() });
  const text = 'Here you go:\n```json\n{"answer": "yes", "score": "high"}\n```';

  it('on invoke and on stream', async () => {
    const lcError = (await StructuredOutputParser.fromZodSchema(schema)
      .invoke(text)
      .catch((error: unknown) => error)) as { llmOutput: string };
    const ours = new JsonOutputParser({ schema });
    const invoked = await ours.invoke(text).catch((error: unknown) => error);
    const streamed = await drain(ours.stream(text)).catch((error: unknown) => error);
    for (const error of [invoked, streamed]) {
      expect(error).toBeInstanceOf(RxRunnablesError);
      const cause = (error as RxRunnablesError).details.cause as RxRunnablesError | undefined;
      const schemaError = (error as RxRunnablesError).code === 'JSON_SCHEMA' ? error : cause;
      expect(schemaError).toMatchObject({ code: 'JSON_SCHEMA' });
      expect((schemaError as RxRunnablesError).details.text).toBe(lcError.llmOutput);
    }
  });
});
