/**
 * JsonOutputParser: a streaming step from model text to partial JSON values (or JSON Patch).
 * @module
 */
import { Observable } from 'rxjs';
import { toRxRunnablesError } from '../core/errors';
import type { RunContext, RunOptions } from '../core/run-options';
import { Runnable } from '../core';
import { jsonEqual } from './apply-json-patch';
import { foldChunkPatches } from './chunk-patches';
import { validateJson } from './json-schema';
import type { SchemaLike } from './json-schema';
import { JsonTextExtractor } from './json-text-extractor';
import type { DeepPartial, JsonPatchOperation, JsonValue } from './json-types';
import { messageText } from './message-text';
import type { MessageLike } from './message-text';

/**
 * Options of {@link JsonOutputParser}.
 *
 * @example
 * ```ts
 * new JsonOutputParser({ schema: z.object({ a: z.number() }), diff: true, extract: false });
 * ```
 */
export interface JsonOutputParserOptions<T, D extends boolean> {
  /**
   * A Standard Schema (zod 4, valibot, arktype…) for the final value: partial values are typed
   * `DeepPartial<T>`, and a final value that does not match fails with `JSON_SCHEMA`.
   */
  schema?: SchemaLike<T>;
  /** Emit RFC 6902 patches from the previous value instead of whole values. */
  diff?: D;
  /**
   * Drop a markdown fence and any prose before the first `{` or `[`, and stop at the closing
   * fence (default `true`). With `false` the text must be exactly one JSON value.
   */
  extract?: boolean;
  /** The deepest nesting accepted (default 1000). */
  maxDepth?: number;
}

/**
 * What the parser emits: partial values, or patches with `diff: true`.
 *
 * @example
 * ```ts
 * type Chunk = JsonOutputChunk<{ a: number }, false>; // { a?: number }
 * ```
 */
export type JsonOutputChunk<T, D extends boolean> = D extends true
  ? JsonPatchOperation[]
  : DeepPartial<T>;

/**
 * What `invoke` resolves to: the whole (validated) value `T`, or every patch with `diff: true`.
 *
 * @example
 * ```ts
 * type Final = JsonOutputFinal<{ a: number }, false>; // { a: number }
 * ```
 */
export type JsonOutputFinal<T, D extends boolean> = D extends true ? JsonPatchOperation[] : T;

/**
 * Parses the JSON a model streams, as it streams. Takes strings or message chunks (content as a
 * string or as content blocks) and emits the value so far each time it changes — or, with
 * `diff: true`, the JSON Patch operations from the previous value. Each character is parsed once.
 * `invoke` resolves to the final value (validated when a schema is given); with `diff: true` to
 * every patch.
 *
 * @example
 * ```ts
 * const parser = new JsonOutputParser({ schema: z.object({ title: z.string(), tags: z.array(z.string()) }) });
 * for await (const partial of model.pipe(parser).astream('Describe RxJS as JSON')) {
 *   render(partial); // { title: 'Rx' } … { title: 'RxJS', tags: ['streams'] }
 * }
 * ```
 */
export class JsonOutputParser<T = JsonValue, D extends boolean = false> extends Runnable<
  string | MessageLike,
  JsonOutputChunk<T, D>
> {
  override readonly eventKind = 'parser';
  override readonly chunkMode: 'concat' | 'snapshot';
  private readonly options: JsonOutputParserOptions<T, D>;

  constructor(options: JsonOutputParserOptions<T, D> = {}) {
    super();
    this.options = options;
    // Values are whole snapshots (the output is the last one); patches add up.
    this.chunkMode = options.diff === true ? 'concat' : 'snapshot';
  }

  /**
   * The final value, validated when a schema is given (typed `T`, not partial); with
   * `diff: true`, every patch. (The second signature only keeps the class a `Runnable` of its
   * chunks: TypeScript cannot see that `T` is a `DeepPartial<T>` for a generic `T`.)
   *
   * @example
   * ```ts
   * const value = await new JsonOutputParser({ schema }).invoke('{"a":1}'); // { a: number }
   * ```
   */
  override invoke(
    input: string | MessageLike,
    options?: RunOptions,
  ): Promise<JsonOutputFinal<T, D>>;
  override invoke(
    input: string | MessageLike,
    options?: RunOptions,
  ): Promise<JsonOutputChunk<T, D>>;
  override invoke(
    input: string | MessageLike,
    options?: RunOptions,
  ): Promise<JsonOutputFinal<T, D> | JsonOutputChunk<T, D>> {
    return super.invoke(input, options);
  }

  protected override transform(
    input$: Observable<string | MessageLike>,
    _ctx: RunContext,
  ): Observable<JsonOutputChunk<T, D>> {
    const { schema, diff = false, extract = true, maxDepth } = this.options;
    const step = this.name;
    return new Observable<JsonOutputChunk<T, D>>((subscriber) => {
      const extractor = new JsonTextExtractor({ extract, diff, maxDepth, step });
      // The model's text, for a schema error to carry (LangChain's `llmOutput`).
      const received: string[] | undefined = schema === undefined ? undefined : [];
      let last: unknown;
      const fail = (error: unknown): void =>
        subscriber.error(toRxRunnablesError(error, 'JSON_PARSE', { step }));
      const emit = (value: unknown): void => {
        last = value;
        subscriber.next(value as JsonOutputChunk<T, D>);
      };
      const finish = (final: unknown): void => {
        // A schema may transform (defaults, coercions): then the validated value comes last.
        if (!diff && !jsonEqual(final, last)) emit(final);
        subscriber.complete();
      };
      return input$.subscribe({
        next(chunk) {
          if (subscriber.closed) return;
          try {
            const text = messageText(chunk, step);
            received?.push(text);
            const output = extractor.push(text);
            if (diff) {
              const operations = output as readonly JsonPatchOperation[];
              if (operations.length > 0) emit(foldChunkPatches(operations, last === undefined));
            } else if (output !== undefined && output !== last) emit(output);
          } catch (error) {
            fail(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          if (subscriber.closed) return;
          let final: JsonValue;
          try {
            final = extractor.end();
          } catch (error) {
            fail(error);
            return;
          }
          if (schema === undefined) return finish(final);
          try {
            const validated = validateJson(schema, final, step, received?.join(''));
            if (validated instanceof Promise) validated.then(finish, fail);
            else finish(validated);
          } catch (error) {
            fail(error);
          }
        },
      });
    });
  }
}
