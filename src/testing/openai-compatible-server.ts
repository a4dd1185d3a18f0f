/**
 * An OpenAI-compatible HTTP server on loopback for tests: it streams real `chat.completion.chunk`
 * SSE and Responses API events from scripted replies and can fail on purpose.
 * @module
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { RxRunnablesError } from '../core/errors';
import type {
  ChatCompletionRequestBody,
  ResponsesRequestBody,
  OpenAICompatibleServer,
  OpenAICompatibleServerOptions,
  RecordedConnection,
  RecordedRequest,
  ScriptedResponse,
} from './openai-server-types';
import { deferred, failureHeaders, parseBody, readBody, sendJson, stall } from './loopback-http';
import { CHAT_COMPLETIONS_WIRE, errorBody } from './openai-wire-format';
import type { ModelWireFormat, StreamStep, WireMeta } from './openai-wire-format';
import { RESPONSES_WIRE } from './responses-wire-format';

/**
 * The reply used when nothing else is scripted.
 *
 * @example
 * ```ts
 * const server = await startOpenAICompatibleServer(); // answers DEFAULT_SCRIPTED_REPLY.content
 * ```
 */
export const DEFAULT_SCRIPTED_REPLY: ScriptedResponse = {
  content: 'Hello from the OpenAI-compatible loopback server.',
};

interface MutableConnection extends RecordedConnection {
  closed: boolean;
}

/**
 * Starts an OpenAI-compatible server on `127.0.0.1` (a free port). `POST /v1/chat/completions`
 * answers with scripted replies — streamed as `chat.completion.chunk` SSE when `stream: true`
 * (content deltas, tool-call argument fragments by index, a usage chunk when
 * `stream_options.include_usage`, then `[DONE]`), or as one `chat.completion` otherwise.
 * `POST /v1/responses` answers the Responses API from the same queue of replies: with
 * `stream: true`, `event:`/`data:` SSE (`response.created`, `response.in_progress`, a message
 * item with one `response.output_text.delta` per content delta, a `function_call` item per tool
 * call with its argument fragments, `response.completed` with the output and usage), otherwise
 * one `response` object. `GET /v1/models` lists models. Replies can fail (see
 * `ScriptedFailure`): an HTTP status (with `Retry-After`), a connection cut mid-stream,
 * malformed JSON in a `data:` line, a stall after the headers, an end without `finish_reason`
 * or `[DONE]` (on `/v1/responses`: without `response.completed`), an empty 200 body, or plain
 * JSON to a stream request; deltas can leave out `role` (`ScriptedResponse.role`); a stream can
 * be slow (`delayMs`).
 *
 * @example
 * ```ts
 * import { ChatOpenAI } from '@langchain/openai';
 * import { startOpenAICompatibleServer } from 'rx-runnables/testing';
 *
 * const server = await startOpenAICompatibleServer({ responses: [{ content: ['Hi', ' there'] }] });
 * const model = new ChatOpenAI({ apiKey: 'test', configuration: { baseURL: server.url } });
 * console.log((await model.invoke('hello')).content); // 'Hi there'
 * await server.close();
 * ```
 */
export async function startOpenAICompatibleServer(
  options: OpenAICompatibleServerOptions = {},
): Promise<OpenAICompatibleServer> {
  const queue: ScriptedResponse[] = [...(options.responses ?? [])];
  const requests: RecordedRequest[] = [];
  const connections: MutableConnection[] = [];
  const sockets = new Map<Socket, MutableConnection>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters: {
    n: number;
    resolve: (r: RecordedRequest) => void;
    reject: (e: Error) => void;
  }[] = [];
  let completions = 0;
  let closed = false;

  const later = (ms: number, fn: () => void): (() => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
    return () => {
      clearTimeout(timer);
      timers.delete(timer);
    };
  };

  const nextReply = async (body: ChatCompletionRequestBody | ResponsesRequestBody, index: number) =>
    queue.shift() ??
    (options.respond ? await options.respond(body, index) : undefined) ??
    options.reply ??
    DEFAULT_SCRIPTED_REPLY;

  const stream = (
    req: IncomingMessage,
    res: ServerResponse,
    steps: StreamStep[],
    delayMs: number,
  ) => {
    let cancel: (() => void) | undefined;
    res.on('close', () => cancel?.());
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    // A loop, not recursion (a long answer with no delay would overflow the stack), that waits
    // for 'drain' when the socket is full: a client that reads slowly slows the server down.
    const run = (first: number): void => {
      for (let i = first; ; i++) {
        if (res.destroyed || closed) return;
        const step = steps[i];
        if (step === undefined) return;
        if (typeof step !== 'string') {
          if (step.end === 'cut') req.socket.destroy();
          else if (step.end === 'done') res.end();
          // 'stall': nothing more is written; the socket stays open until the client goes away.
          return;
        }
        const isLast = i + 1 >= steps.length;
        const next = () => (delayMs > 0 ? (cancel = later(delayMs, () => run(i + 1))) : run(i + 1));
        // A cut waits until the bytes before it are flushed, so the client receives them.
        if (!isLast && typeof steps[i + 1] !== 'string') {
          res.write(step, () => next());
          return;
        }
        const flushed = res.write(step);
        if (delayMs > 0) {
          next();
          return;
        }
        if (!flushed) {
          res.once('drain', () => run(i + 1));
          return;
        }
      }
    };
    run(0);
  };

  const handleCompletion = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    wire: ModelWireFormat,
  ) => {
    if (typeof body !== 'object' || body === null) {
      sendJson(res, 400, errorBody(400, 'The request body must be a JSON object'));
      return;
    }
    const request = body as ChatCompletionRequestBody | ResponsesRequestBody;
    const index = completions++;
    const reply = await nextReply(request, index);
    const meta: WireMeta = {
      id: `${wire.idPrefix}${index + 1}`,
      created: Math.floor(Date.now() / 1000),
      model: reply.model ?? request.model ?? 'rx-loopback',
    };
    const fail = reply.fail;
    if (typeof fail === 'object') {
      sendJson(res, fail.status, fail.body ?? errorBody(fail.status), failureHeaders(fail));
      return;
    }
    if (fail === 'empty-body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 0 });
      res.end();
      return;
    }
    if (fail === 'stall' && (request.stream !== true || (reply.failAfterChunks ?? 0) === 0)) {
      stall(res, request.stream === true ? 'text/event-stream; charset=utf-8' : 'application/json');
      return;
    }
    if (request.stream === true && fail !== 'json-body') {
      stream(req, res, wire.streamSteps(reply, request, meta), reply.delayMs ?? 0);
      return;
    }
    if (fail === 'cut-mid-stream') req.socket.destroy();
    else if (fail === 'malformed-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "broken", "choices": [');
    } else {
      const completion = wire.object(reply, request, meta);
      const send = () => sendJson(res, 200, completion);
      if ((reply.delayMs ?? 0) > 0) {
        const cancel = later(reply.delayMs ?? 0, send);
        res.on('close', cancel);
      } else send();
    }
  };

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    connection: MutableConnection,
  ) => {
    const done = deferred();
    res.on('close', done.resolve);
    const text = await readBody(req);
    const body = parseBody(text);
    const path = req.url ?? '/';
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: { ...req.headers },
      body,
      connection,
      whenDone: done.promise,
    };
    requests.push(record);
    for (const waiter of waiters.filter((w) => w.n <= requests.length)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(requests[waiter.n - 1] as RecordedRequest);
    }
    const route = path.split('?')[0];
    if (req.method === 'GET' && route === '/v1/models') {
      const data = (options.models ?? ['rx-loopback']).map((id) => ({
        id,
        object: 'model',
        created: 0,
        owned_by: 'rx-runnables',
      }));
      sendJson(res, 200, { object: 'list', data });
    } else if (req.method === 'POST' && route === '/v1/chat/completions') {
      await handleCompletion(req, res, body, CHAT_COMPLETIONS_WIRE);
    } else if (req.method === 'POST' && route === '/v1/responses') {
      await handleCompletion(req, res, body, RESPONSES_WIRE);
    } else {
      sendJson(res, 404, errorBody(404, `No route for ${req.method ?? ''} ${route ?? ''}`));
    }
  };

  const server = createServer((req, res) => {
    const connection = sockets.get(req.socket) as MutableConnection;
    handle(req, res, connection).catch((error: unknown) => {
      if (res.headersSent) req.socket.destroy();
      else
        sendJson(res, 500, errorBody(500, error instanceof Error ? error.message : String(error)));
    });
  });
  server.on('connection', (socket: Socket) => {
    const { promise, resolve } = deferred();
    const connection: MutableConnection = {
      id: connections.length + 1,
      closed: false,
      whenClosed: promise,
    };
    connections.push(connection);
    sockets.set(socket, connection);
    socket.on('close', () => {
      connection.closed = true;
      sockets.delete(socket);
      resolve();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    connections,
    enqueue: (...responses) => void queue.push(...responses),
    waitForRequest: (n = 1) =>
      requests.length >= n
        ? Promise.resolve(requests[n - 1] as RecordedRequest)
        : new Promise((resolve, reject) => waiters.push({ n, resolve, reject })),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new RxRunnablesError('ABORTED', 'The OpenAI-compatible server was closed'));
      }
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets.keys()) socket.destroy();
      await Promise.all([stopped, ...connections.map((c) => c.whenClosed)]);
    },
  };
}
