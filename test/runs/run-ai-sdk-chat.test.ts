/**
 * Runs as UI message streams, driven by the AI SDK's own chat (`AbstractChat` of `ai` with
 * `DefaultChatTransport`, what `useChat` runs) over loopback HTTP: a server tool and a client
 * tool in one step (the client answers with `onToolCall` + `addToolOutput` and the chat sends
 * automatically), a pause for approval answered with `addToolApprovalResponse`, cancel, and a
 * failed run.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DefaultChatTransport,
  lastAssistantMessageIsCompleteWithApprovalResponses,
  lastAssistantMessageIsCompleteWithToolCalls,
} from 'ai';
import type { UIMessage } from 'ai';
import { finalize } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RunnableLambda } from '../../src/core';
import { DemoChatModel } from '../../src/models';
import { continueRunFromUIMessages, createRun, runToUIMessageInput } from '../../src/runs';
import type { Run, RunState, RunTool } from '../../src/runs';
import {
  encodeUIMessageParts,
  MemoryEventStore,
  runDetached,
  serveUIMessageStream,
} from '../../src/store';
import { pipeToNodeResponse, pipeUIMessageStreamToNodeResponse } from '../../src/transport';
import { TestChat, jsonBody, listen, partsOf, textOf } from '../transport/ai-chat';
import type { LoopbackServer } from '../transport/ai-chat';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const TRIP = {
  stops: [
    { city: 'Oslo', nights: 2, sights: ['Opera', 'Vigeland'] },
    { city: 'Bergen', nights: 1, sights: [] },
  ],
  travellers: { adults: 2, children: [{ age: 7 }] },
};

/** A server tool (it runs here) taking nested arguments. */
const planTrip: RunTool = {
  name: 'plan_trip',
  schema: z.object({
    stops: z.array(z.object({ city: z.string(), nights: z.number(), sights: z.array(z.string()) })),
    travellers: z.object({ adults: z.number(), children: z.array(z.object({ age: z.number() })) }),
  }),
  execute: ({ stops }) => ({ booked: (stops as { city: string }[]).map((s) => s.city) }),
};
/** The assistant's first parts once plan_trip has run: its text, then the tool's output. */
const PLANNED = [
  { type: 'text', text: 'Planning.', state: 'done' },
  {
    type: 'tool-plan_trip',
    toolCallId: 'call_0_0',
    state: 'output-available',
    input: TRIP,
    output: '{"booked":["Oslo","Bergen"]}',
  },
];
/** A client tool: no `execute`, the browser answers it. */
const userLocation: RunTool = {
  name: 'user_location',
  schema: { type: 'object', properties: { precision: { type: 'string' } } },
};
/** A server tool that needs the user's approval first. */
const deleteFile: RunTool = {
  name: 'delete_file',
  schema: z.object({ paths: z.array(z.string()) }),
  needsApproval: true,
  execute: ({ paths }) => `deleted ${(paths as string[]).join(', ')}`,
};

interface ChatBody {
  id: string;
  messages: UIMessage[];
}

/**
 * The route of docs/transport.md for a run behind `useChat`: a new run for a new question, or
 * the chat's paused run continued with the tool outputs / approvals the last assistant message
 * carries; the state of a run that pauses is kept for the next request.
 */
function runRoute(newModel: () => DemoChatModel, tools: RunTool[]) {
  const paused = new Map<string, RunState>(); // chat id → its paused run
  const model = newModel();
  const requests: ChatBody[] = [];
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await jsonBody<ChatBody>(req);
    requests.push(body);
    const saved = paused.get(body.id);
    paused.delete(body.id);
    const run: Run =
      saved === undefined
        ? createRun({ model, tools, messages: textOf(body.messages.at(-1)) })
        : continueRunFromUIMessages(saved, body.messages, { model, tools });
    const input = runToUIMessageInput(run).pipe(
      finalize(() => {
        if (run.state.run.status === 'requires_action') paused.set(body.id, run.state);
      }),
    );
    await pipeUIMessageStreamToNodeResponse(input, res, { originalMessages: body.messages });
  };
  return { handler, requests, paused };
}

async function chatWith(
  route: { handler: Parameters<typeof listen>[0] },
  init: ConstructorParameters<typeof TestChat>[0] = {},
): Promise<TestChat> {
  const server = await listen(route.handler);
  servers.push(server);
  return new TestChat({
    id: 'chat-1',
    transport: new DefaultChatTransport({ api: `${server.url}/api/chat` }),
    ...init,
  });
}

/** Resolves when the chat has been `ready` (or `error`) with no request for a few turns. */
async function settled(chat: TestChat): Promise<void> {
  for (let quiet = 0; quiet < 5;) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    quiet = chat.status === 'ready' || chat.status === 'error' ? quiet + 1 : 0;
  }
}

describe('runs behind AbstractChat (ai@6, what useChat runs)', () => {
  it('a server tool and a client tool in one step: the client answers its own, the run goes on, one message', async () => {
    const route = runRoute(
      () =>
        new DemoChatModel({
          script: [
            {
              content: 'Planning.',
              toolCalls: [
                { name: 'plan_trip', args: TRIP },
                { name: 'user_location', args: { precision: 'city' } },
              ],
            },
            'Booked Oslo and Bergen from Trondheim.',
          ],
        }),
      [planTrip, userLocation],
    );
    const clientCalls: { toolName: string; input: unknown }[] = [];
    const errors: Error[] = [];
    const chat: TestChat = await chatWith(route, {
      onError: (e) => errors.push(e),
      sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithToolCalls,
      onToolCall: ({ toolCall }) => {
        if (toolCall.toolName !== 'user_location') return; // server tools run on the server
        clientCalls.push({ toolName: toolCall.toolName, input: toolCall.input });
        void chat.addToolOutput({
          tool: 'user_location',
          toolCallId: toolCall.toolCallId,
          output: { city: 'Trondheim' },
        });
      },
    });
    await chat.sendMessage({ text: 'Plan my trip' });
    await settled(chat);
    expect(errors).toEqual([]);
    expect(clientCalls).toEqual([{ toolName: 'user_location', input: { precision: 'city' } }]);
    expect(route.requests).toHaveLength(2); // the question, then the client tool's output
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(partsOf(chat.lastMessage)).toEqual([
      ...PLANNED,
      {
        type: 'tool-user_location',
        toolCallId: 'call_0_1',
        state: 'output-available',
        input: { precision: 'city' },
        output: { city: 'Trondheim' },
      },
      { type: 'text', text: 'Booked Oslo and Bergen from Trondheim.', state: 'done' },
    ]);
    expect(route.paused.size).toBe(0);
  });

  it('a pause for approval: approval-requested, addToolApprovalResponse, the approved call runs', async () => {
    const route = runRoute(
      () =>
        new DemoChatModel({
          script: [
            { toolCalls: [{ name: 'delete_file', args: { paths: ['/tmp/a', '/tmp/b'] } }] },
            'Both files are gone.',
          ],
        }),
      [deleteFile],
    );
    const chat = await chatWith(route, {
      sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    });
    await chat.sendMessage({ text: 'Delete /tmp/a and /tmp/b' });
    expect(chat.status).toBe('ready');
    const asked = chat.lastMessage?.parts.find((p) => p.type === 'tool-delete_file');
    expect(asked).toMatchObject({
      state: 'approval-requested',
      input: { paths: ['/tmp/a', '/tmp/b'] },
      approval: { id: 'call_0_0' },
    });
    expect(route.paused.size).toBe(1);
    await chat.addToolApprovalResponse({ id: 'call_0_0', approved: true });
    await settled(chat);
    expect(route.requests).toHaveLength(2);
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(partsOf(chat.lastMessage)).toEqual([
      {
        type: 'tool-delete_file',
        toolCallId: 'call_0_0',
        state: 'output-available',
        input: { paths: ['/tmp/a', '/tmp/b'] },
        approval: { id: 'call_0_0', approved: true },
        output: 'deleted /tmp/a, /tmp/b',
      },
      { type: 'text', text: 'Both files are gone.', state: 'done' },
    ]);
  });

  it('a rejected call: output-denied, the model hears the reason', async () => {
    const route = runRoute(
      () =>
        new DemoChatModel({
          script: [
            { toolCalls: [{ name: 'delete_file', args: { paths: ['/etc'] } }] },
            'Understood, nothing deleted.',
          ],
        }),
      [deleteFile],
    );
    const chat = await chatWith(route, {
      sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    });
    await chat.sendMessage({ text: 'Delete /etc' });
    await chat.addToolApprovalResponse({ id: 'call_0_0', approved: false, reason: 'too risky' });
    await settled(chat);
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(partsOf(chat.lastMessage)).toMatchObject([
      { type: 'tool-delete_file', state: 'output-denied', approval: { approved: false } },
      { type: 'text', text: 'Understood, nothing deleted.' },
    ]);
  });

  it('stop() mid-answer cancels the run on the server; the text so far stays', async () => {
    let cancelled: Run | undefined;
    const model = new DemoChatModel({
      script: ['Alpha beta gamma delta epsilon zeta eta theta iota kappa.'],
      tokenDelayMs: 40,
    });
    const chat = await chatWith({
      handler: async (req, res) => {
        await jsonBody(req);
        const run = createRun({ model, messages: 'Go' });
        cancelled = run;
        await pipeUIMessageStreamToNodeResponse(runToUIMessageInput(run), res);
      },
    });
    const sending = chat.sendMessage({ text: 'Go' });
    await chat.until((c) => textOf(c.lastMessage).split(' ').length >= 3);
    await chat.stop();
    await sending;
    expect(chat.status).toBe('ready');
    await cancelled?.untilDone();
    expect(cancelled?.state.run.status).toBe('cancelled');
    expect(textOf(chat.lastMessage).startsWith('Alpha beta')).toBe(true);
  });

  it('continueRunFromUIMessages: a paused call with no answer in the messages is a typed RUN_STATE error', async () => {
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'user_location', args: {} }] }, 'Oslo.'],
    });
    const run = createRun({ model, tools: [userLocation], messages: 'Where am I?' });
    await run.untilDone();
    const question: UIMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'x' }] };
    const attempt = (): Run =>
      continueRunFromUIMessages(run.state, [question], { model, tools: [userLocation] });
    expect(attempt).toThrow(
      expect.objectContaining({
        code: 'RUN_STATE',
        details: expect.objectContaining({ missing: ['call_0_0'] }),
      }),
    );
    const done = createRun({ model: new DemoChatModel({ script: ['Hi.'] }), messages: 'x' });
    await done.untilDone();
    expect(() => continueRunFromUIMessages(done.state, [], { model })).toThrow(
      expect.objectContaining({ code: 'RUN_STATE' }),
    );
  });

  it('resumeStream(): a run stored as UI parts, picked up after a reload with its tool part and the rest of the answer', async () => {
    const store = new MemoryEventStore();
    const active = new Map<string, string>();
    const model = new DemoChatModel({
      script: [
        { content: 'Planning.', toolCalls: [{ name: 'plan_trip', args: TRIP }] },
        'Your trip is booked: two nights in Oslo, one in Bergen.',
      ],
      tokenDelayMs: 30,
    });
    // The store.md routes with a run as the answer.
    const server = await listen(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const resume = /^\/api\/chat\/([^/]+)\/stream$/.exec(url.pathname);
      if (req.method === 'GET' && resume) {
        const streamId = active.get(decodeURIComponent(resume[1] ?? ''));
        if (streamId === undefined) return void res.writeHead(204).end();
        await pipeToNodeResponse(await serveUIMessageStream(store, streamId), res);
        return;
      }
      const body = await jsonBody<ChatBody>(req);
      const streamId = `${body.id}:1`;
      active.set(body.id, streamId);
      const answer = new RunnableLambda((question: string) =>
        runToUIMessageInput(createRun({ model, tools: [planTrip], messages: question })),
      );
      await runDetached(answer, textOf(body.messages.at(-1)), {
        store,
        streamId,
        encode: encodeUIMessageParts({ originalMessages: body.messages }),
      });
      const response = await serveUIMessageStream(store, streamId, { activeOnly: false });
      await pipeToNodeResponse(response, res);
    });
    servers.push(server);
    const transport = (): DefaultChatTransport<UIMessage> =>
      new DefaultChatTransport({ api: `${server.url}/api/chat` });
    const tab = new TestChat({ id: 'trip', transport: transport() });
    const sending = tab.sendMessage({ text: 'Plan my trip' });
    await tab.until((c) => c.lastMessage?.role === 'assistant' && textOf(c.lastMessage) !== '');
    const saved = structuredClone(tab.messages);
    await tab.stop();
    await sending;
    expect(partsOf(saved.at(-1))).toEqual([
      { type: 'text', text: expect.any(String), state: 'streaming' },
    ]);

    const reloaded = new TestChat({ id: 'trip', messages: saved, transport: transport() });
    await reloaded.resumeStream();
    expect(reloaded.status).toBe('ready');
    expect(reloaded.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(partsOf(reloaded.lastMessage)).toEqual([
      ...PLANNED,
      {
        type: 'text',
        text: 'Your trip is booked: two nights in Oslo, one in Bergen.',
        state: 'done',
      },
    ]);
    const later = new TestChat({ id: 'trip', messages: reloaded.messages, transport: transport() });
    await later.resumeStream(); // ended: 204
    expect(later.messages).toEqual(reloaded.messages);
  });

  it('a run cancelled on the server (its deadline) while the chat reads: an abort, the chat ready with the text so far', async () => {
    const model = new DemoChatModel({
      script: ['One two three four five six seven eight nine ten.'],
      tokenDelayMs: 40,
    });
    const seen: string[] = [];
    const errors: Error[] = [];
    const chat = await chatWith(
      {
        handler: async (req, res) => {
          await jsonBody(req);
          const run = createRun({ model, messages: 'Go', expiresAfterMs: 150 });
          const input = runToUIMessageInput(run).pipe(
            finalize(() => seen.push(run.state.run.status)),
          );
          await pipeUIMessageStreamToNodeResponse(input, res);
        },
      },
      { onError: (e) => errors.push(e) },
    );
    await chat.sendMessage({ text: 'Go' });
    expect(seen).toEqual(['expired']);
    expect(errors).toEqual([]);
    expect(chat.status).toBe('ready');
    const text = textOf(chat.lastMessage);
    expect(text.startsWith('One')).toBe(true);
    expect(text.length).toBeLessThan('One two three four five six seven eight nine ten.'.length);
  });

  it('a failed run: the chat is in error with the run error message, the text kept', async () => {
    const route = runRoute(
      () => new DemoChatModel({ script: [{ content: 'Half', error: 'upstream reset' }] }),
      [],
    );
    const chat = await chatWith(route);
    await chat.sendMessage({ text: 'Go' });
    expect(chat.status).toBe('error');
    expect(chat.error?.message).toBe('upstream reset');
    expect(textOf(chat.lastMessage)).toBe('Half');
  });
});
