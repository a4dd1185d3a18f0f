/**
 * How StreamingRAG talks to a language model it does not own: the accepted shapes, the strategy
 * each one gets, and a Runnable around duck-typed models.
 * @module
 */
import { Observable, catchError, switchMap, throwError } from 'rxjs';
import { Runnable, RxRunnablesError, collect } from '../core';
import type { RunContext } from '../core';
import { followSignal } from '../core/follow-signal';
import { retryAfterMs } from '../models/retry-after';
import { streamResult$ } from './iterable-sources';

/** Per-call options passed to a duck-typed model (LangChain's call options accept `signal`). */
export interface LlmCallOptions {
  signal?: AbortSignal;
}

/**
 * A model whose `astream(prompt)` yields text (or message chunks) asynchronously: an async
 * iterable, an Observable, or a promise of one.
 *
 * @example
 * ```ts
 * const llm: AsyncStreamableLLM = {
 *   async *astream(prompt) { yield 'Hello'; yield ' world'; },
 * };
 * ```
 */
export interface AsyncStreamableLLM {
  astream(prompt: string, options?: LlmCallOptions): unknown;
}

/**
 * A model with `stream(prompt)`. If it returns a sync iterable, StreamingRAG bridges it without
 * blocking the event loop between tokens; if it returns an async iterable, an Observable or a
 * promise of one (LangChain.js chat models do), it is consumed natively.
 *
 * @example
 * ```ts
 * const llm: SyncStreamableLLM = { *stream(prompt) { yield 'Hello'; yield ' world'; } };
 * ```
 */
export interface SyncStreamableLLM {
  stream(prompt: string, options?: LlmCallOptions): unknown;
}

/**
 * Any model StreamingRAG accepts: one of ours (a Runnable, such as `ChatModel`), a LangChain.js
 * chat model, or an object with `astream`/`stream`.
 *
 * @example
 * ```ts
 * new StreamingRAG({ retriever, llm: new DemoChatModel() });
 * ```
 */
export type StreamableLLM = Runnable<string, unknown> | AsyncStreamableLLM | SyncStreamableLLM;

/** The generation strategy: native async stream, bridged sync stream, or simulation. */
export type LlmMode = 'async' | 'sync' | 'sim';

function functionKind(fn: unknown): string | undefined {
  return typeof fn === 'function' ? (fn.constructor as { name?: string }).name : undefined;
}

/**
 * The strategy a model gets, decided from its shape: `async` for a Runnable, an `astream` method,
 * an async generator `stream`, or a `stream` on an object that also has `invoke` (LangChain's
 * chat models); `sync` for any other `stream`; `undefined` when it cannot stream. At run time a
 * `stream` that turns out to return an async iterable is still consumed natively.
 *
 * @example
 * ```ts
 * llmMode({ *stream() { yield 'x'; } }); // 'sync'
 * llmMode({ async *astream() { yield 'x'; } }); // 'async'
 * ```
 */
export function llmMode(llm: unknown): 'async' | 'sync' | undefined {
  if (llm instanceof Runnable) return 'async';
  if (typeof llm !== 'object' || llm === null) return undefined;
  const target = llm as { astream?: unknown; stream?: unknown; invoke?: unknown };
  if (typeof target.astream === 'function') return 'async';
  if (typeof target.stream !== 'function') return undefined;
  const kind = functionKind(target.stream);
  if (kind === 'AsyncGeneratorFunction' || kind === 'AsyncFunction') return 'async';
  if (kind === 'GeneratorFunction') return 'sync';
  return typeof target.invoke === 'function' ? 'async' : 'sync';
}

/**
 * The text of one streamed value: a string as is; otherwise a `text` string (message chunks of
 * this library and of LangChain.js), a string `content`, or the text blocks of a `content` array.
 * Anything else (a tool-call-only chunk, say) has no text: `''`.
 *
 * @example
 * ```ts
 * textOf({ content: [{ type: 'text', text: 'Hi' }] }); // 'Hi'
 * ```
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return '';
  const { text, content } = value as { text?: unknown; content?: unknown };
  if (typeof text === 'string') return text;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    let out = '';
    for (const block of content as unknown[]) {
      if (typeof block === 'string') out += block;
      else if (typeof (block as { text?: unknown } | null)?.text === 'string') {
        out += (block as { text: string }).text;
      }
    }
    return out;
  }
  return '';
}

/**
 * A duck-typed model's failure, typed when it is an HTTP error answer (it has a numeric HTTP
 * `status`, as the OpenAI SDK's and most clients' errors do): `MODEL_HTTP` with `status` and,
 * from its `headers`, `retryAfterMs`. Anything else is returned as it is.
 */
function httpError(error: unknown, step: string): unknown {
  if (RxRunnablesError.isInstance(error) || typeof error !== 'object' || error === null) {
    return error;
  }
  const { status, headers, message } = error as {
    status?: unknown;
    headers?: unknown;
    message?: unknown;
  };
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    return error;
  }
  const retryAfter = retryAfterMs(headers);
  return new RxRunnablesError(
    'MODEL_HTTP',
    `The model answered HTTP ${status}: ${typeof message === 'string' ? message : ''}`,
    {
      step,
      status,
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
      cause: error,
    },
  );
}

function nameOf(llm: object): string {
  const name = (llm.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== 'Object' ? name : 'LLM';
}

/**
 * A Runnable (reporting `on_chat_model_*` events) around a duck-typed model: it calls
 * `astream(prompt, { signal })`, or else `stream(prompt, { signal })`, and emits what the model
 * streams. The signal is aborted, and the model's iterator closed, when the run ends, errors or is
 * unsubscribed, so an HTTP request behind it is cancelled. A failure with a numeric HTTP
 * `status` (4xx/5xx, an OpenAI SDK `APIError` say) becomes `MODEL_HTTP` with `details.status` and
 * `details.retryAfterMs` (from its `Retry-After` header); other failures pass through as they are.
 *
 * @example
 * ```ts
 * const model = new LlmAdapter({ async *astream(p) { yield `echo: ${p}`; } });
 * await model.invoke('hi'); // 'echo: hi'
 * ```
 */
export class LlmAdapter extends Runnable<string, unknown> {
  override readonly eventKind = 'chat_model' as const;
  /** How the last call's result was consumed (`undefined` before the first call). */
  observedMode: 'async' | 'sync' | undefined;

  constructor(readonly llm: AsyncStreamableLLM | SyncStreamableLLM) {
    super();
    this.name = nameOf(llm);
  }

  protected transform(input$: Observable<string>, ctx: RunContext): Observable<unknown> {
    const step = this.name;
    return collect(input$).pipe(
      switchMap(
        (prompt) =>
          new Observable<unknown>((subscriber) => {
            const { controller, release } = followSignal(ctx.signal);
            let result: unknown;
            try {
              const llm = this.llm as Partial<AsyncStreamableLLM & SyncStreamableLLM>;
              const options = { signal: controller.signal };
              result = llm.astream ? llm.astream(prompt, options) : llm.stream?.(prompt, options);
            } catch (error) {
              subscriber.error(error);
            }
            const subscription = subscriber.closed
              ? undefined
              : streamResult$(result, (kind) => (this.observedMode = kind)).subscribe(subscriber);
            return () => {
              release();
              subscription?.unsubscribe();
              controller.abort();
            };
          }),
      ),
      catchError((error: unknown) => throwError(() => httpError(error, step))),
    );
  }
}
