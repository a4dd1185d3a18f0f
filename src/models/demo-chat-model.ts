/**
 * The demo chat model: deterministic, no key, streams token by token.
 * @module
 */
import { Observable, concat, defer, throwError } from 'rxjs';
import type { AIMessageChunk, BaseMessage } from '../chunks';
import { RxRunnablesError, abortError } from '../core';
import { fromSyncIterator } from '../core/from-async-iterable';
import { ChatModel } from './chat-model';
import type { ChatModelCallContext } from './chat-model';
import { composeAnswer } from './demo-answer';
import { replyToChunks, tokenize } from './demo-script';
import type { DemoReply, DemoScriptStep } from './demo-script';

/** Options of {@link DemoChatModel}. */
export interface DemoChatModelOptions {
  /** Pause before each chunk, in milliseconds (default 0: all chunks at once). */
  tokenDelayMs?: number;
  /** Scripted replies, one per call in order; after the last, the model answers from context. */
  script?: readonly DemoScriptStep[];
  /** Another name for `script`. */
  responses?: readonly DemoScriptStep[];
  /** The most context sentences in an answer (default 2). */
  maxSentences?: number;
  /** Reported as `responseMetadata.model_name` (default `'demo'`). */
  modelName?: string;
}

function paced(
  chunks: Iterable<AIMessageChunk>,
  delayMs: number,
  failure: string | Error | undefined,
  ctx: ChatModelCallContext,
): Observable<AIMessageChunk> {
  const fail = (): Observable<never> =>
    throwError(() => new RxRunnablesError('GENERATION', String(failure), { cause: failure }));
  if (delayMs <= 0) {
    // No delay: a synchronous source, paused while a pulling consumer wants no more.
    const all$ = fromSyncIterator(chunks[Symbol.iterator](), ctx);
    return failure === undefined ? all$ : concat(all$, defer(fail));
  }
  return new Observable<AIMessageChunk>((subscriber) => {
    const signal = ctx.signal;
    const iterator = chunks[Symbol.iterator]();
    let next = iterator.next();
    let handle: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      handle = undefined;
      if (!next.done) subscriber.next(next.value);
      // A consumer may unsubscribe from inside `next`: schedule nothing after that.
      if (subscriber.closed) return;
      next = next.done ? next : iterator.next();
      if (next.done) {
        if (failure === undefined) subscriber.complete();
        else fail().subscribe(subscriber);
      } else handle = setTimeout(step, delayMs);
    };
    const onAbort = () => subscriber.error(abortError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    handle = setTimeout(step, delayMs);
    return () => {
      if (handle !== undefined) clearTimeout(handle);
      signal.removeEventListener('abort', onAbort);
    };
  });
}

/**
 * The embedded default model: no key, no network, fully deterministic. Like a mirror assistant
 * it answers from the context in its prompt (a `<context>…</context>` block or a `Context:`
 * section), returning the sentences that share the most words with the question, then the line
 * of a code example that makes the call (`For example: \`…\``); with no context it says it has
 * no information. It streams token by token, `tokenDelayMs` apart
 * (timers are cleared when the run is cancelled).
 *
 * Scripted replies (`script` or `responses`) make it return given text, tool calls or errors,
 * one step per call, to test agents and pipelines. Bound copies share the script's position.
 *
 * @example
 * ```ts
 * const model = new DemoChatModel({ tokenDelayMs: 20 });
 * await model.invoke('Context: RxJS is a library for reactive programming.\nQuestion: What is RxJS?');
 * // AIMessageChunk { content: 'RxJS is a library for reactive programming.' }
 *
 * const agent = new DemoChatModel({
 *   script: [{ toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] }, 'It is sunny in Oslo.'],
 * });
 * ```
 */
export class DemoChatModel extends ChatModel {
  readonly tokenDelayMs: number;
  readonly maxSentences: number;
  readonly modelName: string;
  readonly script: readonly DemoScriptStep[];
  /** Shared with bound copies, so a script advances across them. */
  private readonly state = { calls: 0 };

  constructor(options: DemoChatModelOptions = {}) {
    super();
    this.tokenDelayMs = options.tokenDelayMs ?? 0;
    this.maxSentences = options.maxSentences ?? 2;
    this.modelName = options.modelName ?? 'demo';
    this.script = options.script ?? options.responses ?? [];
  }

  /** How many calls this model (and its bound copies) has answered. */
  get callCount(): number {
    return this.state.calls;
  }

  protected override streamMessages(
    messages: BaseMessage[],
    ctx: ChatModelCallContext,
  ): Observable<AIMessageChunk> {
    const callIndex = this.state.calls++;
    const reply = this.replyFor(messages, ctx, callIndex);
    const inputTokens = messages.reduce((n, m) => n + tokenize(m.text).length, 0);
    const chunks = replyToChunks(reply, { callIndex, modelName: this.modelName, inputTokens });
    return paced(chunks, this.tokenDelayMs, reply.error, ctx);
  }

  private replyFor(
    messages: BaseMessage[],
    ctx: ChatModelCallContext,
    callIndex: number,
  ): DemoReply {
    const step = this.script[callIndex];
    if (step === undefined) return { content: composeAnswer(messages, this.maxSentences) };
    const value = typeof step === 'function' ? step(messages, ctx) : step;
    return typeof value === 'string' ? { content: value } : value;
  }
}
