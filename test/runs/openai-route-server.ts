/**
 * The routes of docs/runs.md ("One run, the OpenAI wire formats") on a loopback Node server,
 * for the tests that read them with the official `openai` client.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { Observable } from 'rxjs';
import { afterEach } from 'vitest';
import type { ChatModel } from '../../src/models';
import {
  createRun,
  serializeAssistantEvent,
  submitToolOutputs,
  toChatCompletionsSSE,
  toResponsesEvents,
} from '../../src/runs';
import type { Run, RunTool } from '../../src/runs';
import { encodeSSE, pipeToNodeResponse } from '../../src/transport';

/** What a route server is made of: a model (shared by a run and its continuations) and tools. */
export interface RouteServerOptions {
  readonly model: ChatModel;
  readonly tools?: readonly RunTool[];
}

/** A started route server: the official client pointed at it, and the runs it served. */
export interface RouteServer {
  readonly client: OpenAI;
  readonly url: string;
  /** Every run the server started or continued, by request order. */
  readonly runs: Run[];
  /** The paused or running run with this id (the latest stream of it). */
  readonly byId: Map<string, Run>;
  /** Aborted by `POST …/cancel`: cancels the run, or its continuation before it starts. */
  readonly cancels: Map<string, AbortController>;
}

const servers: Server[] = [];

/** An Assistants stream as docs/runs.md serves it: a run's `sequence` is its SSE id, so a run and its continuations share one id space. */
const assistantsSSE = (run: Run): Observable<string> =>
  encodeSSE(run, {
    event: (e) => e.event,
    serialize: serializeAssistantEvent,
    id: (e) => e.sequence,
  });

/** Closes the servers a test started. */
export function useRouteServers(): void {
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((s) => {
        s.closeAllConnections();
        return new Promise((resolve) => s.close(resolve));
      }),
    );
  });
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      resolve(text === '' ? {} : (JSON.parse(text) as Record<string, unknown>));
    });
    req.on('error', reject);
  });
}

interface ChatMessage {
  role: string;
  content?: unknown;
  tool_call_id?: string;
}

/** Starts the routes on 127.0.0.1 (an ephemeral port) and an `openai` client for them. */
export async function startRouteServer(options: RouteServerOptions): Promise<RouteServer> {
  const { model } = options;
  const tools = options.tools ?? [];
  const runs: Run[] = [];
  const byId = new Map<string, Run>();
  const cancels = new Map<string, AbortController>();
  const track = (run: Run): Run => {
    runs.push(run);
    byId.set(run.state.run.id, run);
    if (!cancels.has(run.state.run.id)) cancels.set(run.state.run.id, new AbortController());
    return run;
  };
  const signalOf = (id: string): AbortSignal => {
    const controller = cancels.get(id) ?? new AbortController();
    cancels.set(id, controller);
    return controller.signal;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const thread =
        /^\/v1\/threads\/([^/]+)\/runs(?:\/([^/]+)\/(submit_tool_outputs|cancel))?$/.exec(path);
      if (path === '/v1/chat/completions') {
        // Chat Completions: a request answering the calls of a paused run continues that run.
        const messages = (body.messages as ChatMessage[] | undefined) ?? [];
        const answers = messages.filter((m) => m.role === 'tool');
        const paused = [...byId.values()].find(
          (r) =>
            r.state.status === 'requires_action' &&
            answers.some((a) => r.state.pending?.calls.some((c) => c.id === a.tool_call_id)),
        );
        const run =
          paused === undefined
            ? track(createRun({ model, tools, messages: String(messages.at(-1)?.content ?? '') }))
            : track(
                paused.submitToolOutputs(
                  answers
                    .filter((a) => paused.state.pending?.calls.some((c) => c.id === a.tool_call_id))
                    .map((a) => ({ toolCallId: a.tool_call_id ?? '', output: a.content })),
                ),
              );
        void pipeToNodeResponse(toChatCompletionsSSE(run), res);
      } else if (path === '/v1/responses') {
        const run = track(createRun({ model, tools, messages: String(body.input ?? '') }));
        void pipeToNodeResponse(
          encodeSSE(toResponsesEvents(run), { event: (e) => e.type, serialize: JSON.stringify }),
          res,
        );
      } else if (thread !== null && thread[2] === undefined) {
        // Assistants: POST /v1/threads/:thread/runs starts a run and streams its events.
        const run = track(
          createRun({
            model,
            tools,
            messages: String(body.additional_instructions ?? 'Hi'),
            threadId: thread[1],
            assistantId: String(body.assistant_id),
          }),
        );
        void pipeToNodeResponse(assistantsSSE(run), res);
      } else if (thread !== null && thread[3] === 'submit_tool_outputs') {
        const runId = thread[2] ?? '';
        const paused = byId.get(runId);
        const outputs = (body.tool_outputs as { tool_call_id: string; output: string }[]) ?? [];
        if (paused === undefined) {
          res.writeHead(404).end();
          return;
        }
        const run = track(
          submitToolOutputs(
            paused.state,
            outputs.map((o) => ({ toolCallId: o.tool_call_id, output: o.output })),
            { model, tools, signal: signalOf(runId) },
          ),
        );
        void pipeToNodeResponse(assistantsSSE(run), res);
      } else if (thread !== null && thread[3] === 'cancel') {
        const runId = thread[2] ?? '';
        const run = byId.get(runId);
        if (run === undefined) {
          res.writeHead(404).end();
          return;
        }
        // A running stream ends cancelling → cancelled; a paused run is cancelled at once; a
        // continuation not started yet gets an aborted signal.
        run.cancel();
        cancels.get(runId)?.abort();
        const json = JSON.stringify(run.state.run);
        res.writeHead(200, { 'content-type': 'application/json' }).end(json);
      } else {
        res.writeHead(404).end();
      }
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const client = new OpenAI({ baseURL: url, apiKey: 'x', maxRetries: 0 });
  return { client, url, runs, byId, cancels };
}
