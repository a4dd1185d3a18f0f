/**
 * The chat web app behind `npm run serve`: a Node `http` server (no framework) that serves the
 * page in examples/web/, the library's browser client bundled on startup, and answers questions
 * with StreamingRAG over docs/ streamed as SSE.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoChatModel } from 'rx-runnables/models';
import type { ChatModel } from 'rx-runnables/models';
import type { StreamingRAG } from 'rx-runnables/rag';
import { MemoryEventStore } from 'rx-runnables/store';
import { docsRag, loadDocsRetriever } from '../docs-rag';
import { handleChat, handleUIChat, handleUIChatResume } from './chat-routes';
import type { ChatRouteContext } from './chat-routes';
import { ConversationStore } from './conversations';
import { HttpError, sendError, sendJson } from './http-json';
import { bundleTransport } from './lib-bundle';

/** Options of {@link createChatApp}. */
export interface ChatAppOptions {
  /** The StreamingRAG that answers, or a function making one per request (default: docs/). */
  rag?: StreamingRAG | (() => StreamingRAG);
  /** The model of the default RAG (default: OpenAI with `OPENAI_API_KEY`, else the demo model). */
  llm?: ChatModel;
  /** Pause between the demo model's tokens (default 15), so streaming is visible. */
  tokenDelayMs?: number;
  /** Longest prompt, in characters (default 4 000). */
  maxMessageChars?: number;
  /** Largest request body, in bytes (default 256 KiB). */
  maxBodyBytes?: number;
  /** SSE keep-alive pings (default 15 000 ms). */
  pingIntervalMs?: number;
  /** Conversations kept in memory, the oldest dropped first (default 1 000). */
  maxConversations?: number;
  /** Serve `GET /__heap` (heap after a GC, open streams): for the load bench only. */
  admin?: boolean;
  /** Where request notes go (default: nowhere). */
  log?: (line: string) => void;
}

/** A running chat app. */
export interface ChatApp {
  readonly server: Server;
  readonly conversations: ConversationStore;
  /** Which model answers, for the startup line. */
  readonly modelLabel: string;
  /** Listens on `port` (0: a free one) and resolves with the URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Closes every connection and the server. */
  close(): Promise<void>;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/markdown.js': { file: 'markdown.js', type: 'text/javascript; charset=utf-8' },
  '/markdown-inline.js': { file: 'markdown-inline.js', type: 'text/javascript; charset=utf-8' },
};

async function defaultModel(tokenDelayMs: number): Promise<{ llm: ChatModel; label: string }> {
  if (process.env['OPENAI_API_KEY']) {
    const { OpenAIChatModel } = await import('rx-runnables/openai');
    const llm = new OpenAIChatModel({ temperature: 0 });
    return { llm, label: `OpenAI (${llm.model})` };
  }
  return { llm: new DemoChatModel({ tokenDelayMs, maxSentences: 3 }), label: 'demo model' };
}

async function loadAssets(): Promise<Map<string, { body: string; type: string }>> {
  const assets = new Map<string, { body: string; type: string }>();
  for (const [route, { file, type }] of Object.entries(STATIC)) {
    assets.set(route, { body: await readFile(new URL(file, import.meta.url), 'utf8'), type });
  }
  assets.set('/lib/transport.js', {
    body: await bundleTransport(),
    type: 'text/javascript; charset=utf-8',
  });
  return assets;
}

function allow(req: IncomingMessage, method: string, path: string): void {
  if (req.method !== method) {
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}`, {
      method: req.method,
      path,
      allowed: method,
    });
  }
}

/**
 * Builds the chat app (bundling the browser client and indexing docs/ first). Call `listen()`
 * to serve it.
 *
 * @example
 * ```ts
 * const app = await createChatApp();
 * console.log(await app.listen(3000)); // http://127.0.0.1:3000/
 * ```
 */
export async function createChatApp(options: ChatAppOptions = {}): Promise<ChatApp> {
  const log = options.log ?? (() => undefined);
  let modelLabel = 'custom StreamingRAG';
  let rag = options.rag;
  if (rag === undefined) {
    const { llm, label } = options.llm
      ? { llm: options.llm, label: 'custom model' }
      : await defaultModel(options.tokenDelayMs ?? 15);
    rag = docsRag(await loadDocsRetriever(), llm);
    modelLabel = label;
  }
  const fixed = rag;
  const ctx: ChatRouteContext = {
    ragFor: typeof fixed === 'function' ? fixed : () => fixed,
    conversations: new ConversationStore(options.maxConversations),
    maxMessageChars: options.maxMessageChars ?? 4000,
    maxBodyBytes: options.maxBodyBytes ?? 256 * 1024,
    pingIntervalMs: options.pingIntervalMs ?? 15_000,
    streams: { open: 0 },
    uiStreams: { store: new MemoryEventStore({ ttlMs: 10 * 60_000 }), active: new Map() },
    log,
  };
  const assets = await loadAssets();

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const asset = assets.get(path);
    if (asset !== undefined) {
      allow(req, 'GET', path);
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
      res.end(asset.body);
    } else if (path === '/api/chat') {
      allow(req, 'POST', path);
      await handleChat(req, res, ctx);
    } else if (path === '/api/ui-chat') {
      allow(req, 'POST', path);
      await handleUIChat(req, res, ctx);
    } else if (/^\/api\/ui-chat\/[^/]+\/stream$/.test(path)) {
      allow(req, 'GET', path);
      const id = decodeURIComponent(path.slice('/api/ui-chat/'.length, -'/stream'.length));
      await handleUIChatResume(res, id, ctx);
    } else if (path.startsWith('/api/conversations/')) {
      allow(req, 'GET', path);
      const id = decodeURIComponent(path.slice('/api/conversations/'.length));
      const conversation = ctx.conversations.get(id);
      if (!conversation) {
        throw new HttpError(404, 'NOT_FOUND', `No conversation ${id}`, { conversationId: id });
      }
      sendJson(res, 200, conversation);
    } else if (path === '/__heap' && options.admin === true) {
      (globalThis as { gc?: () => void }).gc?.();
      const { heapUsed, rss } = process.memoryUsage();
      sendJson(res, 200, {
        heapUsed,
        rss,
        openStreams: ctx.streams.open,
        conversations: ctx.conversations.size,
      });
    } else {
      throw new HttpError(404, 'NOT_FOUND', `Nothing at ${path}`, { method: req.method, path });
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      try {
        sendError(res, error);
      } catch (failure) {
        log(`could not send an error: ${String(failure)}`);
        res.destroy();
      }
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  return {
    server,
    conversations: ctx.conversations,
    modelLabel,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(`http://${host}:${(server.address() as AddressInfo).port}/`);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
