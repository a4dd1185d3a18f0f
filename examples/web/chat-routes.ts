/**
 * The chat app's two streaming endpoints: `POST /api/chat` (StreamingRAG events as SSE, the
 * transport's wire shapes) and `POST /api/ui-chat` (the AI SDK UI message stream, for `useChat`).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { concat, finalize, of, tap } from 'rxjs';
import { RxRunnablesError, TextBuffer } from 'rx-runnables';
import type { StreamEvent, StreamingRAG } from 'rx-runnables/rag';
import {
  encodeSSE,
  pipeToNodeResponse,
  pipeUIMessageStreamToNodeResponse,
} from 'rx-runnables/transport';
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
  log: (line: string) => void;
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

/** `POST /api/ui-chat`: the AI SDK UI message stream (what `useChat`'s default transport reads). */
export async function handleUIChat(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ChatRouteContext,
): Promise<void> {
  const body = await readJsonObject(req, ctx.maxBodyBytes);
  const text = lastUserText(body, ctx.maxMessageChars);
  ctx.streams.open += 1;
  try {
    await pipeUIMessageStreamToNodeResponse(ctx.ragFor().streamEvents(text), res);
  } finally {
    ctx.streams.open -= 1;
  }
}
