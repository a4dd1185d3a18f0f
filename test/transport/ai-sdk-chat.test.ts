/**
 * The routes of docs/transport.md (AI SDK UI message stream) driven by the AI SDK's own chat:
 * `AbstractChat` from `ai` (what `useChat` runs) with `DefaultChatTransport({ api })`, unmodified,
 * over loopback HTTP. Text, a tool call with nested arguments and its output, sources, an error
 * in the middle of an answer, and `stop()`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DefaultChatTransport } from 'ai';
import type { UIMessage } from 'ai';
import { Observable, concat, of } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ToolMessage } from '../../src/chunks';
import type { AIMessageChunk } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { DemoChatModel } from '../../src/models';
import { InMemoryRetriever, StreamingRAG } from '../../src/rag';
import {
  pipeToNodeResponse,
  pipeUIMessageStreamToNodeResponse,
  toUIMessageStreamResponse,
} from '../../src/transport';
import type { UIMessageStreamSource } from '../../src/transport';
import { TestChat, listen, partsOf, textOf } from './ai-chat';
import type { LoopbackServer } from './ai-chat';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const ARGS = {
  cities: [
    { name: 'Paris', days: [1, 2] },
    { name: 'Oslo', days: [] },
  ],
  options: { unit: 'C', detail: { wind: true, hours: [6, 12, 18] } },
};

/** The Node route of docs/transport.md: a model step with a tool call, its result, the model again. */
function agentRoute(model: DemoChatModel) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const run = concat(
      model.stream('Weather in Paris?'),
      of(new ToolMessage({ content: '21°C', toolCallId: 'call_0_0' })),
      model.stream('Weather in Paris?'),
    );
    req.resume();
    void pipeUIMessageStreamToNodeResponse(run, res);
  };
}

/** A web-standard `POST(request)` served from Node, as a framework adapter does. */
function webRoute(POST: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body = '';
    for await (const chunk of req) body += (chunk as Buffer).toString('utf8');
    const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers: req.headers as Record<string, string>,
      body,
    });
    await pipeToNodeResponse(await POST(request), res);
  };
}

async function chatWith(
  handler: Parameters<typeof listen>[0],
  init: ConstructorParameters<typeof TestChat>[0] = {},
): Promise<TestChat> {
  const server = await listen(handler);
  servers.push(server);
  return new TestChat({
    id: 'chat-1',
    transport: new DefaultChatTransport({ api: `${server.url}/api/chat` }),
    ...init,
  });
}

describe('AbstractChat (ai@6, what useChat runs) reads our UI message stream', () => {
  it('text, a tool call with nested array/object arguments streamed as input, its output, a second step', async () => {
    const model = new DemoChatModel({
      script: [
        { content: 'Let me check.', toolCalls: [{ name: 'get_weather', args: ARGS }] },
        'Sunny.',
      ],
    });
    const toolStates: string[] = [];
    const errors: Error[] = [];
    const chat = await chatWith(agentRoute(model), { onError: (e) => errors.push(e) });
    chat.watch((c) => {
      const part = c.lastMessage?.parts.find((p) => p.type === 'tool-get_weather');
      const state = part !== undefined && 'state' in part ? String(part.state) : undefined;
      if (state !== undefined && toolStates.at(-1) !== state) toolStates.push(state);
    });
    await chat.sendMessage({ text: 'Weather in Paris?' });
    expect(errors).toEqual([]);
    expect(chat.status).toBe('ready');
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const answer = chat.lastMessage as UIMessage;
    expect(answer.parts.map((p) => p.type)).toEqual([
      'step-start',
      'text',
      'tool-get_weather',
      'step-start',
      'text',
    ]);
    expect(partsOf(answer)).toEqual([
      { type: 'text', text: 'Let me check.', state: 'done' },
      {
        type: 'tool-get_weather',
        toolCallId: 'call_0_0',
        state: 'output-available',
        input: ARGS,
        output: '21°C',
      },
      { type: 'text', text: 'Sunny.', state: 'done' },
    ]);
    // tool-input-start / -delta, then -available, then the output: the states useChat renders.
    expect(toolStates).toEqual(['input-streaming', 'input-available', 'output-available']);
  });

  it('a StreamingRAG answer from the web route: sources, then the text', async () => {
    const retriever = new InMemoryRetriever({
      documents: ['RxJS cancels a run on unsubscribe.'],
    });
    const rag = new StreamingRAG({ retriever, llm: new DemoChatModel() });
    // The route of docs/transport.md, as written there.
    async function POST(request: Request): Promise<Response> {
      const { messages } = (await request.json()) as {
        messages: { parts: { type: string; text?: string }[] }[];
      };
      const question = messages.at(-1)?.parts.find((p) => p.type === 'text')?.text ?? '';
      return toUIMessageStreamResponse(rag.streamEvents(question));
    }
    const chat = await chatWith(webRoute(POST));
    await chat.sendMessage({ text: 'How does RxJS cancel a run?' });
    expect(chat.status).toBe('ready');
    const { answer } = await rag.query('How does RxJS cancel a run?');
    expect(partsOf(chat.lastMessage)).toEqual([
      expect.objectContaining({ type: 'source-document', sourceId: 'source-1' }),
      { type: 'text', text: answer, state: 'done' },
    ]);
  });

  it('an error in the middle of the answer: status error, errorText as the message, the text kept', async () => {
    const failing = (): UIMessageStreamSource =>
      new Observable<string>((s) => {
        s.next('Half an ');
        s.next('answer');
        s.error(new RxRunnablesError('MODEL_HTTP', 'upstream reset'));
      });
    const errors: Error[] = [];
    const chat = await chatWith(
      (req, res) => {
        req.resume();
        void pipeUIMessageStreamToNodeResponse(failing(), res);
      },
      { onError: (e) => errors.push(e) },
    );
    await chat.sendMessage({ text: 'Go' });
    expect(chat.status).toBe('error');
    expect(chat.error?.message).toBe('upstream reset');
    expect(errors.map((e) => e.message)).toEqual(['upstream reset']);
    expect(textOf(chat.lastMessage)).toBe('Half an answer');
  });

  it('stop(): the request closes, the server cancels the model, the tokens so far stay', async () => {
    const model = new DemoChatModel({
      script: ['One two three four five six seven eight nine ten eleven twelve.'],
      tokenDelayMs: 40,
    });
    let cancelled = false;
    let outcome: Promise<string> | undefined;
    const chat = await chatWith((req, res) => {
      req.resume();
      let ended = false;
      const answer = new Observable<AIMessageChunk>((subscriber) => {
        const subscription = model.stream('Count').subscribe({
          next: (token) => subscriber.next(token),
          error: (error: unknown) => subscriber.error(error),
          complete: () => ((ended = true), subscriber.complete()),
        });
        return () => {
          cancelled = !ended;
          subscription.unsubscribe();
        };
      });
      outcome = pipeUIMessageStreamToNodeResponse(answer, res);
    });
    const sending = chat.sendMessage({ text: 'Count' });
    await chat.until((c) => textOf(c.lastMessage).split(' ').length >= 3);
    await chat.stop();
    await sending;
    expect(chat.status).toBe('ready');
    expect(chat.error).toBeUndefined();
    expect(await outcome).toBe('disconnected');
    expect(cancelled).toBe(true);
    const kept = textOf(chat.lastMessage);
    expect(kept.startsWith('One two')).toBe(true);
    expect(kept.length).toBeLessThan(
      'One two three four five six seven eight nine ten eleven twelve.'.length,
    );
  });
});
