/**
 * The AI SDK's `useChat({ resume: true })` flow over a real HTTP server, driven by the AI SDK's
 * own `DefaultChatTransport` (what useChat uses): the POST's reader goes away mid-answer, the
 * answer keeps being generated, `GET /api/chat/:id/stream` replays it whole, and answers 204
 * once it has finished.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultChatTransport, readUIMessageStream } from 'ai';
import type { UIMessage, UIMessageChunk } from 'ai';
import { describe, expect, it } from 'vitest';
import { DemoChatModel } from '../../src/models';
import {
  encodeUIMessageParts,
  MemoryEventStore,
  runDetached,
  serveUIMessageStream,
} from '../../src/store';
import type { DetachedRun } from '../../src/store';
import { pipeToNodeResponse } from '../../src/transport';
import { TestChat, leaveMidAnswer, resumeReloaded, textOf } from '../transport/ai-chat';

const ANSWER = 'Resumable streams survive a closed tab and keep generating meanwhile.';

async function chatServer(): Promise<{
  url: string;
  store: MemoryEventStore;
  runs: DetachedRun[];
  close(): void;
}> {
  const store = new MemoryEventStore();
  const model = new DemoChatModel({ script: [ANSWER], tokenDelayMs: 30 });
  const active = new Map<string, string>(); // chat id → its running stream
  const runs: DetachedRun[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const resume = /^\/api\/chat\/([^/]+)\/stream$/.exec(url.pathname);
    if (req.method === 'GET' && resume) {
      const streamId = active.get(decodeURIComponent(resume[1] ?? ''));
      if (streamId === undefined) return void res.writeHead(204).end();
      void serveUIMessageStream(store, streamId).then((r) => pipeToNodeResponse(r, res));
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { id } = JSON.parse(body) as { id: string };
      const streamId = `${id}:${runs.length + 1}`;
      active.set(id, streamId);
      void runDetached(model, 'question', {
        store,
        streamId,
        encode: encodeUIMessageParts({ messageId: 'a1' }),
      })
        .then((run) => {
          runs.push(run);
          return serveUIMessageStream(store, streamId);
        })
        .then((r) => pipeToNodeResponse(r, res));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    runs,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}

async function lastMessage(stream: ReadableStream<UIMessageChunk>): Promise<UIMessage | undefined> {
  let last: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) last = message;
  return last;
}

describe('useChat({ resume: true }): GET /api/chat/:id/stream', () => {
  it('a closed tab: the answer goes on, the resume replays it whole, then 204', async () => {
    const server = await chatServer();
    const transport = new DefaultChatTransport({ api: `${server.url}/api/chat` });
    try {
      expect(await transport.reconnectToStream({ chatId: 'c1' })).toBeNull();
      const tab = new AbortController();
      const stream = await transport.sendMessages({
        chatId: 'c1',
        messageId: undefined,
        trigger: 'submit-message',
        abortSignal: tab.signal,
        messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'question' }] }],
      });
      const reader = stream.getReader();
      const first: string[] = [];
      while (first.length < 4) first.push((await reader.read()).value?.type ?? 'end');
      tab.abort(); // the tab closes mid-answer
      await reader.cancel().catch(() => undefined);
      expect(first.slice(0, 2)).toEqual(['start', 'start-step']);

      expect(await server.store.status('c1:1')).toBe('active'); // still generating
      const resumed = await transport.reconnectToStream({ chatId: 'c1' });
      expect(resumed).not.toBeNull();
      const message = await lastMessage(resumed as ReadableStream<UIMessageChunk>);
      expect(message?.id).toBe('a1');
      expect(textOf(message)).toBe(ANSWER);
      expect(await server.runs[0]?.finished).toBe('done');
      expect(await transport.reconnectToStream({ chatId: 'c1' })).toBeNull();
    } finally {
      server.close();
    }
  }, 30_000);

  it('AbstractChat (what useChat runs): a reload mid-answer, resumeStream() finishes the answer, then 204', async () => {
    const server = await chatServer();
    const api = `${server.url}/api/chat`;
    try {
      const tab = new TestChat({ id: 'c2', transport: new DefaultChatTransport({ api }) });
      // The page goes away with what it had: the question and the start of the answer.
      const saved = await leaveMidAnswer(tab, 'question');
      expect(saved.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(textOf(saved.at(-1)).length).toBeLessThan(ANSWER.length);
      expect(await server.store.status('c2:1')).toBe('active');

      // The reloaded page: useChat({ id, messages, resume: true }) calls resumeStream().
      const { chat: reloaded, errors } = await resumeReloaded({
        id: 'c2',
        messages: saved,
        transport: new DefaultChatTransport({ api }),
      });
      expect(errors).toEqual([]);
      expect(reloaded.status).toBe('ready');
      expect(reloaded.messages.map((m) => [m.role, m.id])).toEqual([
        ['user', saved[0]?.id],
        ['assistant', 'a1'],
      ]);
      expect(textOf(reloaded.lastMessage)).toBe(ANSWER);
      expect(await server.runs[0]?.finished).toBe('done');

      // Nothing running any more: 204, the chat keeps what it has.
      const later = new TestChat({
        id: 'c2',
        messages: structuredClone(reloaded.messages),
        transport: new DefaultChatTransport({ api }),
      });
      await later.resumeStream();
      expect(later.status).toBe('ready');
      expect(later.error).toBeUndefined();
      expect(later.messages).toEqual(reloaded.messages);
    } finally {
      server.close();
    }
  }, 30_000);
});
