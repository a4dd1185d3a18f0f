/**
 * The chat app's streaming endpoints: `POST /api/chat` (StreamingRAG events as SSE, the
 * transport's wire shapes), `POST /api/ui-chat` (the AI SDK UI message stream, for `useChat`)
 * and `GET /api/ui-chat/:id/stream` (where `useChat({ resume: true })` picks an answer up).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { concat, finalize, of, tap } from 'rxjs';
import { RunnableLambda, RxRunnablesError, TextBuffer } from 'rx-runnables';
import type { StreamEvent, StreamingRAG } from 'rx-runnables/rag';
import { encodeUIMessageParts, runDetached, serveUIMessageStream } from 'rx-runnables/store';
import type { EventStore } from 'rx-runnables/store';
import { encodeSSE, pipeToNodeResponse } from 'rx-runnables/transport';
import type { ChatMessage, ConversationStore, SourceRef } from './conversations';
import { readJsonObject } from './http-json';

/** What the routes need from the app. */
export interface ChatRouteContext {
  ragFor: () => StreamingRAG;
  conversations: ConversationStore;
  maxMessageChars: number;
  maxBodyBytes: number;
  pingIntervalMs: number;
  /** Counts the streams being served (for the bench's heap per open stream). */
  streams: { open: number };
  /** Where `/api/ui-chat` answers are stored as they are generated, so a reload can resume them. */
  uiStreams: UIStreams;
  log: (line: string) => void;
}

/** The `useChat` answers: stored UI message parts, and each chat's running answer. */
export interface UIStreams {
  readonly store: EventStore;
  /** Chat id (`useChat`'s `id`) → the stream id of its answer being generated. */
  readonly active: Map<string, string>;
}

/** The first SSE event of `/api/chat`: which conversation the answer belongs to. */
export interface ConversationEvent {
  type: 'conversation';
  data: { conversationId: string };
  latency: number;
}

/** A prompt: a non-empty string of at most `maxChars` characters, or `INVALID_INPUT`. */
export function checkMessage(value: unknown, maxChars: number, field = 'message'): string {
  if (typeof value !== 'string') {
    throw new RxRunnablesError('INVALID_INPUT', `"${field}" must be a string`, {
      field,
      received: value === null ? 'null' : typeof value,
    });
  }
  if (value.trim() === '') {
    throw new RxRunnablesError('INVALID_INPUT', 'The message is empty', { field, reason: 'empty' });
  }
  if (value.length > maxChars) {
    throw new RxRunnablesError(
      'INVALID_INPUT',
      `The message has ${value.length} characters; at most ${maxChars} are accepted`,
      { field, reason: 'too-large', maxChars, length: value.length },
    );
  }
  return value;
}

function sourcesOf(event: StreamEvent): SourceRef[] {
  if (event.type !== 'retrieval_done') return [];
  return event.data.docs.map((doc) => {
    const { source, heading, score } = doc.metadata;
    return {
      source: typeof source === 'string' ? source : '(untitled)',
      heading: typeof heading === 'string' ? heading : '',
      ...(typeof score === 'number' ? { score: Number(score.toFixed(2)) } : {}),
    };
  });
}

/**
 * An assistant message that grows as tokens are sent. The text is kept in a `TextBuffer` while it
 * streams (`content` reads it: a reload mid-answer): a string built by `+=` token after token
 * would stay a rope of 500 nodes (about 28 KB for a 500-token answer, against 3 KB flat).
 */
function growingAnswer(): {
  answer: ChatMessage;
  record: (event: StreamEvent) => void;
  end: () => void;
} {
  const text = new TextBuffer();
  const answer: ChatMessage = {
    role: 'assistant',
    get content(): string {
      return text.toString();
    },
    status: 'streaming',
  };
  const record = (event: StreamEvent): void => {
    if (event.type === 'chunk') text.append(event.data);
    else if (event.type === 'retrieval_done') answer.sources = sourcesOf(event);
    else if (event.type === 'generation_done') answer.status = 'done';
    else if (event.type === 'error') {
      answer.status = 'error';
      answer.error = { code: event.data.stage.toUpperCase(), message: event.data.msg };
    }
  };
  const end = (): void => {
    if (answer.status === 'streaming') answer.status = 'stopped';
    Object.defineProperty(answer, 'content', {
      value: text.toString(),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  };
  return { answer, record, end };
}

/** `POST /api/chat` `{ message, conversationId? }`: the StreamingRAG's events as SSE. */
export async function handleChat(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ChatRouteContext,
): Promise<void> {
  const body = await readJsonObject(req, ctx.maxBodyBytes);
  const message = checkMessage(body['message'], ctx.maxMessageChars);
  const requested = body['conversationId'];
  if (requested !== undefined && requested !== null && typeof requested !== 'string') {
    throw new RxRunnablesError('INVALID_INPUT', '"conversationId" must be a string', {
      field: 'conversationId',
      received: typeof requested,
    });
  }
  const conversation = ctx.conversations.open(requested ?? undefined);
  const { answer, record, end } = growingAnswer();
  conversation.messages.push({ role: 'user', content: message }, answer);
  const first: ConversationEvent = {
    type: 'conversation',
    data: { conversationId: conversation.id },
    latency: 0,
  };
  const events$ = concat(
    of(first),
    ctx.ragFor().streamEvents(message).pipe(tap(record), finalize(end)),
  );
  ctx.streams.open += 1;
  try {
    const frames = encodeSSE<StreamEvent | ConversationEvent>(events$, {
      event: (value) => value.type,
      pingIntervalMs: ctx.pingIntervalMs,
    });
    const outcome = await pipeToNodeResponse(frames, res);
    if (outcome === 'disconnected') ctx.log(`chat ${conversation.id}: client left, run cancelled`);
  } finally {
    ctx.streams.open -= 1;
  }
}

interface UIPart {
  type?: unknown;
  text?: unknown;
}

/** The text of the last user message of a `useChat` request body. */
function lastUserText(body: Record<string, unknown>, maxChars: number): string {
  const messages = body['messages'];
  if (!Array.isArray(messages)) {
    throw new RxRunnablesError('INVALID_INPUT', '"messages" must be an array of UI messages', {
      field: 'messages',
    });
  }
  const last = [...messages]
    .reverse()
    .find((m: unknown) => (m as { role?: unknown } | null)?.role === 'user') as
    { parts?: unknown } | undefined;
  const parts = Array.isArray(last?.parts) ? (last.parts as UIPart[]) : [];
  const text = parts
    .filter((p) => p.type === 'text' && typeof p.text === 'string')
    .map((p) => p.text as string)
    .join('');
  return checkMessage(text, maxChars, 'messages');
}

/** The chat id `useChat` sends as `id` (a new one when it is missing). */
function chatIdOf(body: Record<string, unknown>): string {
  const id = body['id'];
  if (id === undefined || id === null) return globalThis.crypto.randomUUID();
  if (typeof id !== 'string' || id === '' || id.length > 200) {
    throw new RxRunnablesError('INVALID_INPUT', '"id" must be a chat id of 1 to 200 characters', {
      field: 'id',
      received: typeof id,
    });
  }
  return id;
}

/**
 * `POST /api/ui-chat`: the AI SDK UI message stream (what `useChat`'s default transport reads).
 * The answer is generated detached into the store, and this response reads it from there: when
 * the page goes away (a reload, a closed tab, `stop()`), the answer goes on, and
 * `GET /api/ui-chat/:id/stream` serves it to the page that comes back.
 */
export async function handleUIChat(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ChatRouteContext,
): Promise<void> {
  const body = await readJsonObject(req, ctx.maxBodyBytes);
  const text = lastUserText(body, ctx.maxMessageChars);
  const chatId = chatIdOf(body);
  const { store, active } = ctx.uiStreams;
  const streamId = `${chatId}:${globalThis.crypto.randomUUID()}`;
  const answer = new RunnableLambda((question: string) => ctx.ragFor().streamEvents(question));
  const run = await runDetached(answer, text, { store, streamId, encode: encodeUIMessageParts() });
  active.set(chatId, streamId);
  void run.finished.then(() => {
    if (active.get(chatId) === streamId) active.delete(chatId);
  });
  ctx.streams.open += 1;
  try {
    // The whole answer, even when it has already ended (a fast model): not `activeOnly`.
    const response = await serveUIMessageStream(store, streamId, {
      activeOnly: false,
      pingIntervalMs: ctx.pingIntervalMs,
    });
    const outcome = await pipeToNodeResponse(response, res);
    if (outcome === 'disconnected') ctx.log(`ui-chat ${chatId}: client left, the answer goes on`);
  } finally {
    ctx.streams.open -= 1;
  }
}

/**
 * `GET /api/ui-chat/:id/stream`, the AI SDK's default resume route (`useChat({ resume: true })`
 * calls it when the page loads): the running answer of chat `id`, from its first part, or `204`
 * when nothing is running for it.
 */
export async function handleUIChatResume(
  res: ServerResponse,
  chatId: string,
  ctx: ChatRouteContext,
): Promise<void> {
  const streamId = ctx.uiStreams.active.get(chatId);
  if (streamId === undefined) {
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
    return;
  }
  ctx.streams.open += 1;
  try {
    const response = await serveUIMessageStream(ctx.uiStreams.store, streamId, {
      pingIntervalMs: ctx.pingIntervalMs,
    });
    await pipeToNodeResponse(response, res);
  } finally {
    ctx.streams.open -= 1;
  }
}
