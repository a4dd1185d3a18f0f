import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultChatTransport, readUIMessageStream } from 'ai';
import type { UIMessage } from 'ai';
import { Observable, concat, firstValueFrom, of, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { AIMessage, AIMessageChunk, ToolMessage } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { DemoChatModel } from '../../src/models';
import { InMemoryRetriever, StreamingRAG } from '../../src/rag';
import {
  pipeUIMessageStreamToNodeResponse,
  toUIMessageStream,
  toUIMessageStreamResponse,
  toUIMessageStreamSSE,
} from '../../src/transport';
import type { UIMessageStreamSource } from '../../src/transport';
import type { UIMessageStreamInput } from '../../src/transport';
import { UI_MESSAGE_STREAM_HEADERS } from '../../src/transport';
import type { UIMessageChunk } from '../../src/transport';
import { aiSdkChunks } from './ai-chat';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Serves `answer()` as a UI message stream on 127.0.0.1:0 (a real Node http server). */
async function serve(answer: () => UIMessageStreamSource, messageId = 'msg-1'): Promise<string> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => void pipeUIMessageStreamToNodeResponse(answer(), res, { messageId }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
}

/** What `useChat` does: the AI SDK's own HTTP transport and message reader, to the last state. */
async function chatOnce(api: string): Promise<UIMessage> {
  const transport = new DefaultChatTransport({ api });
  const chunks = await transport.sendMessages({
    trigger: 'submit-message',
    chatId: 'chat-1',
    messageId: undefined,
    abortSignal: undefined,
    messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] }],
  });
  let last: UIMessage | undefined;
  const errors: unknown[] = [];
  for await (const message of readUIMessageStream({
    stream: chunks,
    onError: (e) => errors.push(e),
  }))
    last = message;
  expect(errors).toEqual([]);
  if (last === undefined) throw new Error('no message');
  return last;
}

const agentModel = (): DemoChatModel =>
  new DemoChatModel({
    script: [
      {
        content: 'Let me check.',
        toolCalls: [{ name: 'get_weather', args: { city: 'Paris', unit: 'C' } }],
      },
      'It is 21°C in Paris.',
    ],
  });

/** A two-step agent run: model (text + tool call), the tool's result, the model again. */
function agentRun(model: DemoChatModel): Observable<AIMessageChunk | ToolMessage> {
  return concat(
    model.stream('Weather in Paris?'),
    of(new ToolMessage({ content: '21°C', toolCallId: 'call_0_0' })),
    model.stream('Weather in Paris?'),
  );
}

describe('toUIMessageStream read by the AI SDK (ai@6) over real HTTP', () => {
  it('rebuilds the agent message: steps, text, the tool call with its input and output', async () => {
    const api = await serve(() => agentRun(agentModel()));
    const message = await chatOnce(api);
    // Ours: the same run concatenated by our own chunk protocol.
    const model = agentModel();
    const first = await model.invoke('Weather in Paris?');
    const second = await model.invoke('Weather in Paris?');
    expect(message.id).toBe('msg-1');
    expect(message.role).toBe('assistant');
    expect(message.parts).toEqual([
      { type: 'step-start' },
      { type: 'text', text: first.text, state: 'done' },
      {
        type: 'tool-get_weather',
        toolCallId: first.toolCalls[0]?.id,
        state: 'output-available',
        input: first.toolCalls[0]?.args,
        output: '21°C',
      },
      { type: 'step-start' },
      { type: 'text', text: second.text, state: 'done' },
    ]);
    expect(first.toolCalls[0]?.args).toEqual({ city: 'Paris', unit: 'C' });
  });

  it('rebuilds a StreamingRAG answer: the retrieved documents as sources, the tokens as text', async () => {
    const documents = [
      {
        pageContent: 'Unsubscribing cancels the model request and clears every timer.',
        metadata: { source: 'cancel.md' },
      },
      {
        pageContent: 'BM25 ranks documents by rare query terms.',
        metadata: { source: 'bm25.md', url: 'https://example.com/bm25' },
      },
    ];
    const rag = new StreamingRAG({
      retriever: new InMemoryRetriever({ k: 2, documents }),
      llm: new DemoChatModel(),
    });
    const query = 'How does unsubscribing cancel the request and how does BM25 rank documents?';
    const api = await serve(() => rag.streamEvents(query));
    const message = await chatOnce(api);
    const { answer, events } = await rag.query(query);
    const done = events.find((e) => e.type === 'retrieval_done');
    const docs = done?.type === 'retrieval_done' ? done.data.docs : [];
    expect(docs.length).toBe(2);
    const sources = docs.map((doc, i) =>
      typeof doc.metadata.url === 'string'
        ? {
            type: 'source-url',
            sourceId: `source-${i + 1}`,
            url: doc.metadata.url,
            title: doc.metadata.source,
          }
        : {
            type: 'source-document',
            sourceId: `source-${i + 1}`,
            mediaType: 'text/plain',
            title: doc.metadata.source,
            filename: doc.metadata.source,
          },
    );
    expect(answer.length).toBeGreaterThan(20);
    expect(message.parts).toEqual([
      { type: 'step-start' },
      ...sources,
      { type: 'text', text: answer, state: 'done' },
    ]);
  });

  it('sends the v1 marker header and data: frames ending in [DONE]', async () => {
    const response = toUIMessageStreamResponse(of('Hel', 'lo'), { messageId: 'm' });
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    expect(text.split('\n\n').slice(-2)).toEqual(['data: [DONE]', '']);
    // The AI SDK's own SSE parser with its chunk schema accepts every frame.
    const values = await aiSdkChunks(new Response(text).body as ReadableStream<Uint8Array>);
    expect(values.map((v) => v.type)).toEqual([
      'start',
      'start-step',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    expect(UI_MESSAGE_STREAM_HEADERS['x-vercel-ai-ui-message-stream']).toBe('v1');
  });
});

const parts = (source: UIMessageStreamSource, options = {}): Promise<UIMessageChunk[]> =>
  firstValueFrom(toUIMessageStream(source, { messageId: 'm', ...options }).pipe(toArray()));

describe('toUIMessageStream parts', () => {
  it('gives reasoning, then text, with their own ids, and maps the finish reason', async () => {
    const chunks = [
      new AIMessageChunk({ content: [{ type: 'reasoning', reasoning: 'Think', index: 0 }] }),
      new AIMessageChunk({ content: '', additionalKwargs: { reasoning_content: 'ing.' } }),
      new AIMessageChunk('Answer'),
      new AIMessageChunk({ content: '', responseMetadata: { finish_reason: 'length' } }),
    ];
    expect(await parts(of(...chunks))).toEqual([
      { type: 'start', messageId: 'm' },
      { type: 'start-step' },
      { type: 'reasoning-start', id: 'reasoning-1' },
      { type: 'reasoning-delta', id: 'reasoning-1', delta: 'Think' },
      { type: 'reasoning-delta', id: 'reasoning-1', delta: 'ing.' },
      { type: 'reasoning-end', id: 'reasoning-1' },
      { type: 'text-start', id: 'text-2' },
      { type: 'text-delta', id: 'text-2', delta: 'Answer' },
      { type: 'text-end', id: 'text-2' },
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'length' },
    ]);
  });

  it('streams tool arguments as tool-input-delta and reports arguments that are not JSON', async () => {
    const chunks = [
      new AIMessageChunk({
        content: '',
        toolCallChunks: [{ index: 0, id: 'c1', name: 'f', args: '{"a":' }],
      }),
      new AIMessageChunk({
        content: '',
        toolCallChunks: [
          { index: 0, args: '1}' },
          { index: 1, id: 'c2', name: 'g', args: '{oops' },
        ],
      }),
    ];
    const out = await parts(of(...chunks), { sendSteps: false });
    expect(out.slice(1, -1)).toEqual([
      { type: 'tool-input-start', toolCallId: 'c1', toolName: 'f' },
      { type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '{"a":' },
      { type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '1}' },
      { type: 'tool-input-start', toolCallId: 'c2', toolName: 'g' },
      { type: 'tool-input-delta', toolCallId: 'c2', inputTextDelta: '{oops' },
      { type: 'tool-input-available', toolCallId: 'c1', toolName: 'f', input: { a: 1 } },
      expect.objectContaining({
        type: 'tool-input-error',
        toolCallId: 'c2',
        toolName: 'g',
        input: '{oops',
      }),
    ]);
  });

  it('gives the tool calls of a whole AIMessage (from invoke) as complete tool inputs', async () => {
    const message = new AIMessage({
      content: 'Checking.',
      toolCalls: [{ id: 'c9', name: 'lookup', args: { q: 'rxjs' } }],
    });
    const out = await parts(of(message), { sendSteps: false });
    expect(out.slice(1, -1)).toEqual([
      { type: 'text-start', id: 'text-1' },
      { type: 'text-delta', id: 'text-1', delta: 'Checking.' },
      { type: 'text-end', id: 'text-1' },
      { type: 'tool-input-start', toolCallId: 'c9', toolName: 'lookup' },
      { type: 'tool-input-delta', toolCallId: 'c9', inputTextDelta: '{"q":"rxjs"}' },
      { type: 'tool-input-available', toolCallId: 'c9', toolName: 'lookup', input: { q: 'rxjs' } },
    ]);
  });

  it('passes data-* parts through and keeps the text part open around them', async () => {
    const out = await parts(
      of<UIMessageStreamInput[]>('a', { type: 'data-weather', data: { c: 21 } }, 'b'),
      {
        sendSteps: false,
      },
    );
    expect(out.map((p) => p.type)).toEqual([
      'start',
      'text-start',
      'text-delta',
      'data-weather',
      'text-delta',
      'text-end',
      'finish',
    ]);
  });

  it('ends with an error part after everything already sent when the source fails', async () => {
    const failing = new Observable<string>((s) => {
      s.next('partial ');
      s.error(new RxRunnablesError('MODEL_HTTP', 'upstream 500'));
    });
    const seen: RxRunnablesError[] = [];
    const out = await parts(failing, {
      onError: (e: RxRunnablesError) => (seen.push(e), `failed: ${e.code}`),
    });
    expect(out.slice(-2)).toEqual([
      { type: 'text-delta', id: 'text-1', delta: 'partial ' },
      { type: 'error', errorText: 'failed: MODEL_HTTP' },
    ]);
    expect(seen[0]?.code).toBe('MODEL_HTTP');
  });

  it('turns bad input into a typed INVALID_INPUT error with its position', async () => {
    const seen: RxRunnablesError[] = [];
    const source = of('ok', 42 as unknown as string, 'dropped');
    const out = await parts(source, {
      onError: (e: RxRunnablesError) => (seen.push(e), e.message),
    });
    expect(seen[0]?.code).toBe('INVALID_INPUT');
    expect(seen[0]?.details.position).toBe(1);
    expect(out.at(-1)).toEqual({ type: 'error', errorText: seen[0]?.message });
    expect(out.filter((p) => p.type === 'text-delta')).toHaveLength(1);
  });

  it('maps a StreamingRAG ERROR event to an error part naming the message', async () => {
    const rag = new StreamingRAG({
      retriever: { invoke: () => Promise.reject(new Error('index offline')) },
      llm: new DemoChatModel(),
    });
    const out = await parts(rag.streamEvents('q'));
    expect(out.at(-1)).toEqual({
      type: 'error',
      errorText: expect.stringContaining('index offline'),
    });
  });

  it('cancels the source when the subscriber unsubscribes', async () => {
    let torn = false;
    const endless = new Observable<string>((s) => {
      s.next('x');
      return () => (torn = true);
    });
    const sub = toUIMessageStreamSSE(endless).subscribe();
    sub.unsubscribe();
    expect(torn).toBe(true);
  });
});
