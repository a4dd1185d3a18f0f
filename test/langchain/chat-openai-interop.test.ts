import { Document as LCDocument } from '@langchain/core/documents';
import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCChatPromptTemplate } from '@langchain/core/prompts';
import { FakeRetriever } from '@langchain/core/utils/testing';
import { ChatOpenAI } from '@langchain/openai';
import { afterEach, describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import { fromLangChain, toLangChain } from '../../src/langchain';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { StreamingRAG } from '../../src/rag';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';
import type {
  OpenAICompatibleServer,
  ScriptedResponse,
} from '../../src/testing/openai-server-types';

const DELTAS = ['Rx ', 'streams ', 'are ', 'lazy ', 'and ', 'cancellable.'];
const lcPrompt = LCChatPromptTemplate.fromMessages([['human', 'Explain {topic}']]);
const ourPrompt = ChatPromptTemplate.fromMessages([['human', 'Explain {topic}']]);

let server: OpenAICompatibleServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function openai(...responses: ScriptedResponse[]): Promise<ChatOpenAI> {
  server = await startOpenAICompatibleServer({ responses });
  return new ChatOpenAI({
    apiKey: 'test',
    model: 'rx-loopback',
    maxRetries: 0,
    configuration: { baseURL: server.url },
  });
}

/** Marks when the server has sent its last chunk (or the client went away). */
function answered(srv: OpenAICompatibleServer): { done: boolean } {
  const state = { done: false };
  void srv.waitForRequest(1).then((request) => request.whenDone.then(() => (state.done = true)));
  return state;
}

describe('ChatOpenAI against the loopback server, in mixed chains', () => {
  it('ours around ChatOpenAI (handed straight to pipe) streams before the answer is complete', async () => {
    const model = await openai({ content: DELTAS, delayMs: 15 });
    const state = answered(server as OpenAICompatibleServer);
    const chain = ourPrompt.pipe(model as never).pipe(new StringOutputParser());
    const seen: { text: string; serverDone: boolean }[] = [];
    for await (const text of chain.astream({ topic: 'rx' })) {
      seen.push({ text: text as string, serverDone: state.done });
    }
    expect(seen.filter((s) => s.text !== '').at(0)).toEqual({ text: 'Rx ', serverDone: false });
    expect(seen.map((s) => s.text).join('')).toBe(DELTAS.join(''));
  });

  it('LangChain around ours streams before the answer is complete', async () => {
    const model = await openai({ content: DELTAS, delayMs: 15 });
    const state = answered(server as OpenAICompatibleServer);
    const chain = lcPrompt.pipe(model).pipe(toLangChain(new StringOutputParser()));
    const seen: { text: string; serverDone: boolean }[] = [];
    for await (const text of await chain.stream({ topic: 'rx' })) {
      seen.push({ text, serverDone: state.done });
    }
    expect(seen.filter((s) => s.text !== '').at(0)).toEqual({ text: 'Rx ', serverDone: false });
    expect(seen.map((s) => s.text).join('')).toBe(DELTAS.join(''));
  });

  it('both mixed chains give the same final value as the all-LangChain chain', async () => {
    const model = await openai();
    const srv = server as OpenAICompatibleServer;
    srv.enqueue({ content: DELTAS }, { content: DELTAS }, { content: DELTAS });
    const allLangChain = lcPrompt.pipe(model).pipe(new LCStringOutputParser());
    const oursOutside = ourPrompt.pipe(fromLangChain(model)).pipe(new StringOutputParser());
    const theirsOutside = lcPrompt.pipe(model).pipe(toLangChain(new StringOutputParser()));
    const expected = await allLangChain.invoke({ topic: 'rx' });
    expect(expected).toBe(DELTAS.join(''));
    expect(await oursOutside.invoke({ topic: 'rx' })).toBe(expected);
    expect(await theirsOutside.invoke({ topic: 'rx' })).toBe(expected);
  });

  it('turns ChatOpenAI chunks into ours: streamed tool calls and usage come through', async () => {
    const model = await openai({
      content: ['Looking'],
      toolCalls: [{ id: 'call_7', name: 'lookup', args: { term: 'rx' } }],
      usage: { promptTokens: 11, completionTokens: 4 },
    });
    const total = (await fromLangChain(model).invoke('look up rx')) as AIMessageChunk;
    expect(total).toBeInstanceOf(AIMessageChunk);
    expect(total.text).toBe('Looking');
    expect(total.toolCalls).toEqual([
      expect.objectContaining({ id: 'call_7', name: 'lookup', args: { term: 'rx' } }),
    ]);
    expect(total.usageMetadata).toMatchObject({ inputTokens: 11, outputTokens: 4 });
  });
});

describe('ChatOpenAI cancellation in mixed chains', () => {
  it('breaking out of our stream closes the HTTP connection', async () => {
    const model = await openai({ content: DELTAS, delayMs: 60_000 });
    const chain = ourPrompt.pipe(fromLangChain(model)).pipe(new StringOutputParser());
    for await (const text of chain.astream({ topic: 'rx' })) {
      expect(typeof text).toBe('string');
      break;
    }
    const request = await (server as OpenAICompatibleServer).waitForRequest(1);
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
  });

  it("aborting LangChain's signal closes the HTTP connection through our step", async () => {
    const model = await openai({ content: DELTAS, delayMs: 60_000 });
    const chain = lcPrompt.pipe(model).pipe(toLangChain(new StringOutputParser()));
    const controller = new AbortController();
    const error = await (async () => {
      for await (const text of await chain.stream({ topic: 'rx' }, { signal: controller.signal })) {
        expect(typeof text).toBe('string');
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const request = await (server as OpenAICompatibleServer).waitForRequest(1);
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
  });
});

describe('LangChain parts given straight to StreamingRAG', () => {
  it('answers with ChatOpenAI and a LangChain retriever, streaming', async () => {
    const model = await openai({ content: ['Observables ', 'are ', 'lazy.'] });
    const retriever = new FakeRetriever({
      output: [new LCDocument({ pageContent: 'Observables are lazy.', metadata: {} })],
    });
    const rag = new StreamingRAG({ retriever, llm: model });
    const chunks: string[] = [];
    for await (const text of rag.astream('Are observables lazy?')) chunks.push(text);
    expect(chunks.join('')).toBe('Observables are lazy.');
    const request = await (server as OpenAICompatibleServer).waitForRequest(1);
    expect(JSON.stringify(request.body)).toContain('Observables are lazy.');
  });
});
