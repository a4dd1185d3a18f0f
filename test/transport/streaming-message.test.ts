import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Observable, from, lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { DemoChatModel } from '../../src/models';
import { InMemoryRetriever, StreamingRAG } from '../../src/rag';
import { JSONL_HEADERS, pipeToNodeResponse } from '../../src/transport';
import { StreamingMessage } from '../../src/transport';
import { readUntilError } from '../support/read-until-error';
import { useNodeServers } from './serving-helpers';

const ragnaWords = ["I'm ", 'a ', 'demo ', 'assistant ', 'and ', 'can ', 'be ', 'used.'];

/** A source that counts its runs, as a model behind the message would. */
function counted(words: string[]): { source: Observable<string>; runs: () => number } {
  let runs = 0;
  const source = new Observable<string>((subscriber) => {
    runs++;
    let i = 0;
    const timer = setInterval(() => {
      if (i < words.length) subscriber.next(words[i++] as string);
      else subscriber.complete();
    }, 1);
    return () => clearInterval(timer);
  });
  return { source, runs: () => runs };
}

const servers = useNodeServers();

describe('StreamingMessage', () => {
  it('content before the stream was read throws MESSAGE_NOT_READ naming read() and iteration', () => {
    const message = new StreamingMessage(of('a'));
    let error: unknown;
    try {
      void message.content;
    } catch (e) {
      error = e;
    }
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect((error as RxRunnablesError).code).toBe('MESSAGE_NOT_READ');
    expect((error as RxRunnablesError).message).toContain('read()');
    expect((error as RxRunnablesError).message).toContain('for await');
    expect(() => String(message)).toThrow(/read\(\)/);
  });

  it('iterating gives the chunks, then content is their join; a second iteration replays (one run)', async () => {
    const { source, runs } = counted(ragnaWords);
    const message = new StreamingMessage(source);
    const first: string[] = [];
    for await (const chunk of message) first.push(chunk);
    expect(first).toEqual(ragnaWords);
    expect(message.content).toBe(ragnaWords.join(''));
    const second: string[] = [];
    for await (const chunk of message) second.push(chunk);
    expect(second).toEqual(ragnaWords);
    expect(await lastValueFrom(from(message).pipe(toArray()))).toEqual(ragnaWords);
    expect(runs()).toBe(1);
  });

  it('read() resolves the full text; readers joining mid-stream still see every chunk', async () => {
    const { source, runs } = counted(ragnaWords);
    const message = new StreamingMessage(source, { id: 'm1' });
    const early: string[] = [];
    const late: string[] = [];
    message.subscribe((c) => {
      early.push(c);
      if (early.length === 3) message.subscribe((x) => late.push(x));
    });
    expect(await message.read()).toBe(ragnaWords.join(''));
    expect(early).toEqual(ragnaWords);
    expect(late).toEqual(ragnaWords);
    expect(runs()).toBe(1);
    expect(message.isRead).toBe(true);
  });

  it('when every reader leaves early the source is cancelled, not rerun; later reads get ABORTED', async () => {
    let torn = 0;
    const { source, runs } = counted(ragnaWords);
    const message = new StreamingMessage(
      new Observable<string>((s) => {
        const sub = source.subscribe(s);
        return () => {
          torn++;
          sub.unsubscribe();
        };
      }),
    );
    for await (const chunk of message) if (chunk === 'a ') break;
    expect(torn).toBe(1);
    await expect(message.read()).rejects.toMatchObject({ code: 'ABORTED' });
    expect(runs()).toBe(1);
  });
});

describe('StreamingMessage over JSON Lines (the Ragna wire)', () => {
  it('the first line carries the message with sources, later lines sources: null and a delta', async () => {
    const sources = [
      {
        id: 's1',
        document: { id: 'ragna.txt', name: 'ragna.txt' },
        location: '',
        content: 'Ragna is…',
        num_tokens: 2,
      },
    ];
    const message = new StreamingMessage(of(...ragnaWords), {
      id: 'm1',
      sources,
      timestamp: '2026-01-01T00:00:00.000Z',
    });
    const lines = (await lastValueFrom(message.toJSONL().pipe(toArray()))).map(
      (l) => JSON.parse(l) as Record<string, unknown>,
    );
    expect(lines).toHaveLength(ragnaWords.length);
    expect(lines[0]).toEqual({
      id: 'm1',
      content: "I'm ",
      role: 'assistant',
      sources,
      timestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(lines[1]).toEqual({
      id: 'm1',
      content: 'a ',
      role: 'assistant',
      sources: null,
      timestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(lines.map((l) => l.content).join('')).toBe(ragnaWords.join(''));
  });

  it('fromJSONL rebuilds it over real HTTP: sources known first, content streams, a failure is typed', async () => {
    const documents = [
      {
        pageContent: 'Ragna is an open source project built by Quansight.',
        metadata: { source: 'ragna.txt' },
      },
    ];
    const rag = new StreamingRAG({
      retriever: new InMemoryRetriever({ documents }),
      llm: new DemoChatModel(),
    });
    const server = createServer((req, res) => {
      void (async () => {
        const message = await StreamingMessage.fromRAG(rag, 'What is Ragna?');
        await pipeToNodeResponse(message.toJSONL(), res, { headers: { ...JSONL_HEADERS } });
      })();
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/answer`;
    const message = await StreamingMessage.fromJSONL(url);
    expect(message.sources).toHaveLength(1);
    expect(message.sources[0]).toMatchObject({
      document: { name: 'ragna.txt' },
      content: documents[0]?.pageContent,
      num_tokens: 9,
    });
    expect(() => message.content).toThrow(expect.objectContaining({ code: 'MESSAGE_NOT_READ' }));
    const text = await message.read();
    expect(text).toBe(await rag.invoke('What is Ragna?'));
    expect(text).toContain('Quansight');

    const failing = new StreamingMessage(
      new Observable<string>((s) => {
        s.next('partial ');
        s.error(new RxRunnablesError('GENERATION', 'model died'));
      }),
    );
    const remote = await StreamingMessage.fromJSONL(failing.toJSONLResponse());
    const got: string[] = [];
    const error = await readUntilError(remote, got);
    expect(got).toEqual(['partial ']);
    expect(error).toMatchObject({ code: 'GENERATION', message: 'model died' });
  });

  it('fromJSONL rejects a body whose first line is not a message', async () => {
    const response = new Response('{"hello":1}\n', { headers: JSONL_HEADERS });
    await expect(StreamingMessage.fromJSONL(response)).rejects.toMatchObject({
      code: 'JSON_SCHEMA',
      details: { line: 1 },
    });
  });

  it('fromRAG: the retrieved documents are the sources, the answer the content; retrieval failure rejects', async () => {
    const retriever = new InMemoryRetriever({
      documents: [
        {
          pageContent: 'Ragna streams messages as JSON lines.',
          metadata: { source: 'a.md', page: 3 },
        },
      ],
    });
    const rag = new StreamingRAG({ retriever, llm: new DemoChatModel() });
    const message = await StreamingMessage.fromRAG(rag, 'How does Ragna stream messages?', {
      id: 'r1',
    });
    expect(message.id).toBe('r1');
    expect(message.sources.map((s) => [s.document.name, s.location])).toEqual([['a.md', '3']]);
    expect(await message.read()).toBe(await rag.invoke('How does Ragna stream messages?'));
    const broken = new StreamingRAG({
      retriever: { invoke: () => Promise.reject(new Error('offline')) },
      llm: new DemoChatModel(),
    });
    await expect(StreamingMessage.fromRAG(broken, 'q')).rejects.toMatchObject({
      code: 'RETRIEVAL',
    });
  });
});
