import { Observable, concat, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import {
  JSONL_HEADERS,
  decodeJSONL,
  encodeJSONL,
  reviveFromWire,
  serializeForWire,
} from '../../src/transport';
import { wireValues } from './wire-values';

async function decodeAll(
  pieces: (string | Uint8Array)[],
): Promise<{ values: unknown[]; error?: RxRunnablesError }> {
  async function* body(): AsyncGenerator<string | Uint8Array> {
    yield* pieces;
  }
  const values: unknown[] = [];
  try {
    for await (const value of decodeJSONL(body())) values.push(value);
    return { values };
  } catch (error) {
    return { values, error: error as RxRunnablesError };
  }
}

describe('encodeJSONL', () => {
  it('one JSON line per value', async () => {
    const lines = await lastValueFrom(
      encodeJSONL(of({ a: 1 }, 'two\nlines', null)).pipe(toArray()),
    );
    expect(lines).toEqual(['{"a":1}\n', '"two\\nlines"\n', 'null\n']);
  });

  it('an error becomes a last line {"error":{code,message,details}} after the lines before it', async () => {
    const failure = new RxRunnablesError('RETRIEVAL', 'index down', { stage: 'retrieval' });
    const lines = await lastValueFrom(
      encodeJSONL(
        concat(
          of(1),
          throwError(() => failure),
        ),
      ).pipe(toArray()),
    );
    expect(lines).toEqual([
      '1\n',
      `${JSON.stringify({ error: { code: 'RETRIEVAL', message: 'index down', details: { stage: 'retrieval' } } })}\n`,
    ]);
  });

  it('a custom serializer that emits line breaks cannot break the framing', async () => {
    const lines = await lastValueFrom(
      encodeJSONL(of(1), { serialize: () => '{\n"a":\r\n1}' }).pipe(toArray()),
    );
    expect(lines).toEqual(['{ "a": 1}\n']);
  });

  it('the headers name application/x-ndjson', () => {
    expect(JSONL_HEADERS['content-type']).toBe('application/x-ndjson; charset=utf-8');
  });
});

describe('decodeJSONL', () => {
  it('LF and CRLF line ends, blank lines skipped, a last line without a line end kept', async () => {
    const { values, error } = await decodeAll(['{"a":1}\r\n\n  \n[2]\n', '"x"']);
    expect(error).toBeUndefined();
    expect(values).toEqual([{ a: 1 }, [2], 'x']);
  });

  it('lines split across reads at every point, bytes cut inside multi-byte characters', async () => {
    const text = '{"t":"我現在 🥌"}\r\n["é",1]\n\n"end"\n';
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i <= bytes.length; i++) {
      const { values } = await decodeAll([bytes.subarray(0, i), bytes.subarray(i)]);
      expect(values, `cut at ${i}`).toEqual([{ t: '我現在 🥌' }, ['é', 1], 'end']);
    }
  });

  it('a malformed line is JSON_PARSE with its line number, after the values before it', async () => {
    const { values, error } = await decodeAll(['{"a":1}\n\n{"b":', '2}\n{oops}\n[3]\n']);
    expect(values).toEqual([{ a: 1 }, { b: 2 }]);
    expect(error?.code).toBe('JSON_PARSE');
    expect(error?.details).toMatchObject({ line: 4, text: '{oops}' });
  });

  it('an error line from encodeJSONL becomes the typed error; with errors: false it is a value', async () => {
    const line = '{"error":{"code":"TIMEOUT","message":"late","details":{"step":"model"}}}\n';
    const { values, error } = await decodeAll(['1\n', line, '2\n']);
    expect(values).toEqual([1]);
    expect(error?.code).toBe('TIMEOUT');
    expect(error?.details).toMatchObject({ step: 'model' });
    const raw = await lastValueFrom(
      decodeJSONL(new Response(line), { errors: false }).pipe(toArray()),
    );
    expect(raw).toEqual([JSON.parse(line)]);
  });

  it('a line past maxLineSize is JSON_PARSE', async () => {
    async function* body(): AsyncGenerator<string> {
      yield '1\n';
      for (let i = 0; i < 10; i++) yield 'xxxxxxxxxx';
    }
    await expect(lastValueFrom(decodeJSONL(body(), { maxLineSize: 50 }))).rejects.toMatchObject({
      code: 'JSON_PARSE',
      details: { line: 2, reason: 'line-too-large' },
    });
  });

  it('unsubscribing cancels the body', async () => {
    let cancelled = false;
    const body = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('1\n');
      },
      cancel() {
        cancelled = true;
      },
    });
    await new Promise<void>((resolve) => {
      const sub = decodeJSONL(body).subscribe(() => {
        queueMicrotask(() => {
          sub.unsubscribe();
          resolve();
        });
      });
    });
    expect(cancelled).toBe(true);
  });

  it('round trip of every value type', async () => {
    for (const { name, values } of await wireValues()) {
      const text = (
        await lastValueFrom(
          encodeJSONL(
            new Observable<unknown>((s) => {
              values.forEach((v) => s.next(v));
              s.complete();
            }),
          ).pipe(toArray()),
        )
      ).join('');
      const decoded = await lastValueFrom(decodeJSONL(new Response(text)).pipe(toArray()));
      expect(
        decoded.map((v) => serializeForWire(reviveFromWire(v))),
        name,
      ).toEqual(values.map((v) => serializeForWire(v)));
    }
  });
});
