// streamEvents(input, { version: 'v2', encoding: 'text/event-stream' }) and `signal`, on both.
import { StringOutputParser as LCParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCPrompt } from '@langchain/core/prompts';
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import { FakeListChatModel as LCFakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { RunnableLambda, RxRunnablesError } from '../../src/core';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { FakeListChatModel, drain } from './events-support';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The SSE text of a byte stream, run ids replaced by their order of appearance. */
async function sseText(bytes: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of bytes) text += decoder.decode(chunk, { stream: true });
  const ids = new Map<string, string>();
  return text.replace(UUID, (id) => {
    if (!ids.has(id)) ids.set(id, `id${ids.size}`);
    return ids.get(id) as string;
  });
}

const sse = { version: 'v2', encoding: 'text/event-stream' } as const;

/** LangChain's typings pick its event overload for `sse`; at run time it returns bytes. */
const asBytes = (stream: AsyncIterable<unknown>) => stream as AsyncIterable<Uint8Array>;

describe("streamEvents with encoding 'text/event-stream'", () => {
  it("gives LangChain's bytes for a sequence of lambdas, one of them a generator", async () => {
    const lc = LCLambda.from((s: string) => `${s}!`).pipe(
      LCLambda.from(async function* (s: string) {
        yield `${s}a`;
        yield `${s}b`;
      }),
    );
    const ours = RunnableLambda.from((s: string) => `${s}!`).pipe(
      RunnableLambda.from(async function* (s: string) {
        yield `${s}a`;
        yield `${s}b`;
      }),
    );
    const expected = await sseText(asBytes(lc.streamEvents('x', sse)));
    expect(expected.endsWith('event: end\n\n')).toBe(true);
    const bytes = ours.streamEvents('x', sse);
    expect(bytes).toBeInstanceOf(ReadableStream);
    expect(await sseText(bytes)).toBe(expected);
  });

  it("writes each event's keys in LangChain's order (prompt | model | parser, tokens included)", async () => {
    const lc = LCPrompt.fromMessages([['human', '{q}']])
      .pipe(new LCFakeListChatModel({ responses: ['ab'] }))
      .pipe(new LCParser());
    const ours = ChatPromptTemplate.fromMessages([['human', '{q}']])
      .pipe(new FakeListChatModel('ab'))
      .pipe(new StringOutputParser());
    const shape = (text: string) =>
      text
        .split('\n\n')
        .filter(Boolean)
        .map((block) => {
          const [eventLine, dataLine] = block.split('\n');
          if (dataLine === undefined) return [eventLine];
          const data = JSON.parse(dataLine.slice('data: '.length)) as Record<string, unknown>;
          return [eventLine, data.event, Object.keys(data), Object.keys(data.data as object)];
        });
    const expected = shape(await sseText(asBytes(lc.streamEvents({ q: 'hi' }, sse))));
    expect(shape(await sseText(ours.streamEvents({ q: 'hi' }, sse)))).toEqual(expected);
  });

  it('is pulled: cancelling the byte stream stops the run', async () => {
    let produced = 0;
    const endless = RunnableLambda.from(async function* () {
      for (;;) yield produced++;
    });
    const reader = endless.streamEvents(null, sse).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const seen = produced;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBe(seen);
  });

  it('a bad encoding is INVALID_CONFIG', async () => {
    const bytes = RunnableLambda.from((s: string) => s).streamEvents('x', {
      encoding: 'application/json' as 'text/event-stream',
    });
    expect(bytes).toBeInstanceOf(ReadableStream);
    const error = await drain(bytes).catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error) && error.code).toBe('INVALID_CONFIG');
    expect((error as Error).message).toContain("'text/event-stream'");
  });
});

describe('streamEvents and signal', () => {
  const slow = <T>(from: (f: (s: string) => Promise<string>) => T): T =>
    from(async (s: string) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return s;
    });

  it("aborting ends it with LangChain's error (its message; ours typed, the reason as cause), after the same events and bytes", async () => {
    const run = async (events: AsyncIterable<{ event: string }>) => {
      const seen: string[] = [];
      try {
        for await (const e of events) seen.push(e.event);
      } catch (error) {
        return { seen, error };
      }
      return { seen, error: undefined };
    };
    const lcAbort = new AbortController();
    const lcRun = run(
      slow((f) => LCLambda.from(f)).streamEvents('x', { version: 'v2', signal: lcAbort.signal }),
    );
    setTimeout(() => lcAbort.abort(), 10);
    const lc = await lcRun;
    const ourAbort = new AbortController();
    const ourRun = run(
      slow((f) => RunnableLambda.from(f)).streamEvents('x', {
        version: 'v2',
        signal: ourAbort.signal,
      }),
    );
    setTimeout(() => ourAbort.abort(), 10);
    const ours = await ourRun;
    expect(lc.seen).toEqual(['on_chain_start']);
    expect(ours.seen).toEqual(lc.seen);
    expect(lc.error).toBe(lcAbort.signal.reason);
    // Ours is the typed ABORTED error, with LangChain's error (the reason) as its cause.
    expect(RxRunnablesError.isInstance(ours.error) && ours.error.code).toBe('ABORTED');
    expect((ours.error as Error).message).toBe((lc.error as Error).message);
    expect((ours.error as RxRunnablesError).cause).toBe(ourAbort.signal.reason);
    const read = async (bytes: AsyncIterable<Uint8Array>) => {
      const decoder = new TextDecoder();
      let text = '';
      try {
        for await (const chunk of bytes) text += decoder.decode(chunk);
      } catch (error) {
        return { text: text.replace(UUID, 'id'), error };
      }
      return { text, error: undefined };
    };
    const lcAbort2 = new AbortController();
    const lcRun2 = read(
      asBytes(slow((f) => LCLambda.from(f)).streamEvents('x', { ...sse, signal: lcAbort2.signal })),
    );
    setTimeout(() => lcAbort2.abort(), 10);
    const lcBytes = await lcRun2;
    const ourAbort2 = new AbortController();
    const ourRun2 = read(
      slow((f) => RunnableLambda.from(f)).streamEvents('x', { ...sse, signal: ourAbort2.signal }),
    );
    setTimeout(() => ourAbort2.abort(), 10);
    const ourBytes = await ourRun2;
    expect(lcBytes.text).toContain('"event":"on_chain_start"');
    expect(ourBytes.text).toBe(lcBytes.text);
    expect((ourBytes.error as Error).message).toBe((lcBytes.error as Error).message);
    expect(RxRunnablesError.isInstance(ourBytes.error) && ourBytes.error.code).toBe('ABORTED');
  });
});
