/**
 * The AI SDK's framework-agnostic chat as a front end runs it: `AbstractChat` from `ai` with a
 * small state class written the way @ai-sdk/react's `useChat` writes its own (immutable message
 * arrays, `structuredClone` snapshots), plus a loopback HTTP server for the routes under test.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbstractChat, parseJsonEventStream, uiMessageChunkSchema } from 'ai';
import type { ChatInit, ChatState, ChatStatus, ChatTransport, UIMessage, UIMessageChunk } from 'ai';
import { expect } from 'vitest';

/** The state of one chat, as `useChat` keeps it (what React re-renders from). */
class TestChatState implements ChatState<UIMessage> {
  messages: UIMessage[];
  #status: ChatStatus = 'ready';
  error: Error | undefined = undefined;
  readonly #changed: () => void;

  constructor(messages: UIMessage[], changed: () => void) {
    this.messages = messages;
    this.#changed = changed;
  }

  get status(): ChatStatus {
    return this.#status;
  }

  set status(status: ChatStatus) {
    this.#status = status;
    this.#changed();
  }

  pushMessage = (message: UIMessage): void => {
    this.messages = this.messages.concat(message);
    this.#changed();
  };

  popMessage = (): void => {
    this.messages = this.messages.slice(0, -1);
    this.#changed();
  };

  replaceMessage = (index: number, message: UIMessage): void => {
    this.messages = [
      ...this.messages.slice(0, index),
      this.snapshot(message),
      ...this.messages.slice(index + 1),
    ];
    this.#changed();
  };

  snapshot = <T>(value: T): T => structuredClone(value);
}

/** `new Chat(init)` as in @ai-sdk/react, with `until(predicate)` for tests to wait on a state. */
export class TestChat extends AbstractChat<UIMessage> {
  readonly #waiters = new Set<() => void>();

  constructor({ messages = [], ...init }: ChatInit<UIMessage>) {
    let notify = (): void => undefined;
    super({ ...init, state: new TestChatState(messages, () => notify()) });
    notify = () => {
      for (const waiter of [...this.#waiters]) waiter();
    };
  }

  /** Calls `listener` at every state change (what makes React re-render); returns the unwatch. */
  watch(listener: (chat: TestChat) => void): () => void {
    const call = (): void => listener(this);
    this.#waiters.add(call);
    return () => this.#waiters.delete(call);
  }

  /** Resolves once `predicate(this)` holds (checked now and at every state change). */
  until(predicate: (chat: TestChat) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const unwatch = this.watch(() => {
        if (!predicate(this)) return;
        unwatch();
        resolve();
      });
      if (predicate(this)) {
        unwatch();
        resolve();
      }
    });
  }
}

/** The text of a message's text parts. */
export const textOf = (message: UIMessage | undefined): string =>
  (message?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');

/**
 * A page that goes away mid-answer: sends `text`, waits for two words of the answer, then stops;
 * resolves with the messages the page had (what useChat's `messages` keep over a reload).
 */
export async function leaveMidAnswer(chat: TestChat, text: string): Promise<UIMessage[]> {
  const sending = chat.sendMessage({ text });
  await chat.until(
    (c) => c.lastMessage?.role === 'assistant' && textOf(c.lastMessage).split(' ').length >= 2,
  );
  const saved = structuredClone(chat.messages);
  await chat.stop();
  await sending;
  return saved;
}

/**
 * The page that comes back: `useChat({ id, messages, resume: true })` calls `resumeStream()`;
 * resolves with the chat once it is done and the errors its `onError` got.
 */
export async function resumeReloaded(init: {
  id: string;
  messages: UIMessage[];
  transport: ChatTransport<UIMessage>;
}): Promise<{ chat: TestChat; errors: Error[] }> {
  const errors: Error[] = [];
  const chat = new TestChat({ ...init, onError: (e) => errors.push(e) });
  await chat.resumeStream();
  return { chat, errors };
}

/** A UI message stream body read by the AI SDK's own SSE parser and chunk schema; every frame must pass. */
export async function aiSdkChunks(body: ReadableStream<Uint8Array>): Promise<UIMessageChunk[]> {
  const parsed = parseJsonEventStream({ stream: body, schema: uiMessageChunkSchema });
  const chunks: UIMessageChunk[] = [];
  for await (const result of parsed as unknown as AsyncIterable<{
    success: boolean;
    value?: UIMessageChunk;
    error?: unknown;
  }>) {
    expect(result.error).toBeUndefined();
    if (result.value !== undefined) chunks.push(result.value);
  }
  return chunks;
}

/** The parts of a message without the `step-start` markers. */
export const partsOf = (message: UIMessage | undefined): UIMessage['parts'] =>
  (message?.parts ?? []).filter((p) => p.type !== 'step-start');

/** A request's JSON body. */
export async function jsonBody<T>(req: IncomingMessage): Promise<T> {
  let text = '';
  for await (const chunk of req) text += (chunk as Buffer).toString('utf8');
  return JSON.parse(text) as T;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  close(): Promise<void>;
}

/** A Node http server on 127.0.0.1:0; a handler that throws answers 500 with the message. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
