/**
 * A chat message whose content streams in (the Ragna pattern): iterate it, or `read()` it.
 * @module
 */
import type { Observable } from 'rxjs';
import type { Observer, Subscribable, Unsubscribable } from 'rxjs';
import { RxRunnablesError, newRunId, toAsyncIterator } from '../core';
import type { StreamingRAG, StreamingRAGRunOptions } from '../rag';
import { ReplayOnce } from './replay-once';
import type { OnceSource } from './replay-once';
import { messageFromRAG } from './streaming-message-rag';
import { readMessageJSONL, messageToJSONL } from './streaming-message-jsonl';
import type { MessageJSONLInput } from './streaming-message-jsonl';
import type { FromJSONLInit } from './client';
import { JSONL_HEADERS } from './jsonl';
import { toStreamResponse } from './response';
import type { StreamResponseOptions } from './response';
import type { MessageSource, StreamingMessageInit } from './message-source';
import { keepClassName } from '../core/class-name';

/**
 * An assistant message whose content arrives as a stream of text chunks. It is async-iterable
 * and subscribable; the source runs once, on the first read, and every later iteration
 * replays the cached chunks. `content` throws `MESSAGE_NOT_READ` until the stream has been
 * consumed — iterate it or `await message.read()` first. `id`, `role`, `sources` and
 * `timestamp` are known from the start.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { StreamingMessage } from 'rx-runnables/transport';
 *
 * const message = new StreamingMessage(of("I'm ", 'a ', 'demo.'));
 * for await (const chunk of message) process.stdout.write(chunk);
 * console.log(message.content); // "I'm a demo."
 * ```
 */
export class StreamingMessage implements AsyncIterable<string>, Subscribable<string> {
  readonly id: string;
  readonly role: string;
  readonly sources: readonly MessageSource[];
  /** When the message was created, ISO 8601. */
  readonly timestamp: string;
  readonly #replay: ReplayOnce<string>;

  constructor(chunks: OnceSource<string>, init: StreamingMessageInit = {}) {
    this.#replay = new ReplayOnce(chunks);
    this.id = init.id ?? newRunId();
    this.role = init.role ?? 'assistant';
    this.sources = Object.freeze([...(init.sources ?? [])]);
    this.timestamp = init.timestamp ?? new Date().toISOString();
  }

  /** True once the stream has ended and `content` can be read. */
  get isRead(): boolean {
    return this.#replay.state === 'complete';
  }

  /**
   * The whole text. Throws `MESSAGE_NOT_READ` before the stream has been consumed (and the
   * stream's own error if it failed).
   */
  get content(): string {
    const state = this.#replay.state;
    if (state === 'complete') return this.#replay.values.join('');
    if (state === 'failed') throw this.#replay.error;
    throw new RxRunnablesError(
      'MESSAGE_NOT_READ',
      'Message content cannot be read before the stream was consumed: iterate over it ' +
        '(`for await (const chunk of message)`) or `await message.read()` first.',
      { stage: state === 'idle' ? 'not started' : 'streaming', messageId: this.id },
    );
  }

  /** The chunks as an Observable: all chunks so far, then the live ones. */
  asObservable(): Observable<string> {
    return this.#replay.observable;
  }

  /** Subscribes to the chunks (the message is a `Subscribable`, so RxJS `from(message)` works). */
  subscribe(observer: Partial<Observer<string>> | ((chunk: string) => void)): Unsubscribable {
    return this.#replay.observable.subscribe(observer);
  }

  /** Iterates the chunks; `break` stops reading (the source is cancelled if nobody else reads). */
  [Symbol.asyncIterator](): AsyncIterator<string> {
    return toAsyncIterator(this.#replay.observable);
  }

  /** Consumes the stream (if not yet) and resolves the whole text. */
  read(): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.#replay.observable.subscribe({
        error: reject,
        complete: () => resolve(this.#replay.values.join('')),
      });
    });
  }

  /**
   * The message as JSON lines (Ragna's wire shape): the first line is
   * `{ id, content, role, sources, timestamp }` with the first chunk; every later line has
   * `sources: null` and the next chunk. A failure adds a last line with `error: { code, message }`.
   */
  toJSONL(): Observable<string> {
    return messageToJSONL(this, this.#replay.observable);
  }

  /**
   * A web `Response` streaming {@link StreamingMessage.toJSONL} (`application/x-ndjson`), pulled
   * as the client reads; a client that goes away cancels the message's source.
   *
   * @example
   * ```ts
   * import { of } from 'rxjs';
   * import { StreamingMessage } from 'rx-runnables/transport';
   *
   * export function GET(): Response {
   *   return new StreamingMessage(of('Hello ', 'world')).toJSONLResponse();
   * }
   * ```
   */
  toJSONLResponse(options: StreamResponseOptions = {}): Response {
    return toStreamResponse(this.toJSONL(), { ...options, defaultHeaders: JSONL_HEADERS });
  }

  /** `JSON.stringify(message)`: the whole message (throws `MESSAGE_NOT_READ` before it is read). */
  toJSON(): {
    id: string;
    content: string;
    role: string;
    sources: readonly MessageSource[];
    timestamp: string;
  } {
    return {
      id: this.id,
      content: this.content,
      role: this.role,
      sources: this.sources,
      timestamp: this.timestamp,
    };
  }

  /** The content (throws `MESSAGE_NOT_READ` before the stream was consumed, as Ragna's `str`). */
  toString(): string {
    return this.content;
  }

  /**
   * Rebuilds a message sent as JSON lines by {@link StreamingMessage.toJSONL}: from a `Response`,
   * a byte stream, or a URL to fetch. Resolves once the first line (id, sources) has arrived;
   * the content keeps streaming.
   *
   * @example
   * ```ts
   * import { StreamingMessage } from 'rx-runnables/transport';
   *
   * const message = await StreamingMessage.fromJSONL('http://127.0.0.1:3000/answer?q=hi');
   * console.log(message.sources.length, await message.read());
   * ```
   */
  static async fromJSONL(
    input: MessageJSONLInput,
    init?: FromJSONLInit,
  ): Promise<StreamingMessage> {
    const { first, chunks } = await readMessageJSONL(input, init);
    return new StreamingMessage(chunks, first);
  }

  /**
   * The answer of a StreamingRAG run as a message: resolves once retrieval is done (the
   * retrieved documents are its `sources`); the answer's chunks stream. The run is one
   * `streamEvents` run shared by both.
   *
   * @example
   * ```ts
   * import { DemoChatModel } from 'rx-runnables/models';
   * import { InMemoryRetriever, StreamingRAG } from 'rx-runnables/rag';
   * import { StreamingMessage } from 'rx-runnables/transport';
   *
   * const retriever = new InMemoryRetriever({ documents: ['Ragna streams messages.'] });
   * const rag = new StreamingRAG({ retriever, llm: new DemoChatModel() });
   * const message = await StreamingMessage.fromRAG(rag, 'What does Ragna stream?');
   * console.log(message.sources.map((s) => s.document.name), await message.read());
   * ```
   */
  static async fromRAG(
    rag: StreamingRAG,
    query: string,
    options: StreamingRAGRunOptions & { id?: string } = {},
  ): Promise<StreamingMessage> {
    const { sources, chunks, id } = await messageFromRAG(rag, query, options);
    return new StreamingMessage(chunks, { sources, id });
  }
}

keepClassName(StreamingMessage, 'StreamingMessage');
