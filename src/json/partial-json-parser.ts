/**
 * PartialJsonParser: strict, incremental JSON with a partial value after every push.
 * @module
 */
import { RxRunnablesError } from '../core/errors';
import { JsonScanner } from './json-scanner';
import type { CompletedValue, JsonPatchOperation, JsonValue } from './json-types';
import { ValueTree } from './value-tree';

/**
 * What {@link PartialJsonParser.push} returns: snapshots, patches or completed values.
 *
 * @example
 * ```ts
 * const output: PartialJsonOutput = 'patches';
 * ```
 */
export type PartialJsonOutput = 'snapshots' | 'patches' | 'completed';

/**
 * The result of one push for each output kind.
 *
 * @example
 * ```ts
 * const ops: PushResult<'patches'> = new PartialJsonParser({ output: 'patches' }).push('[1');
 * ```
 */
export type PushResult<M extends PartialJsonOutput> = M extends 'patches'
  ? readonly JsonPatchOperation[]
  : M extends 'completed'
    ? readonly CompletedValue[]
    : JsonValue | undefined;

const NOTHING: readonly never[] = Object.freeze([]);

/**
 * Options of {@link PartialJsonParser}.
 *
 * @example
 * ```ts
 * const options: PartialJsonParserOptions<'completed'> = { output: 'completed', maxDepth: 64 };
 * ```
 */
export interface PartialJsonParserOptions<M extends PartialJsonOutput = 'snapshots'> {
  /**
   * What `push` returns: `snapshots` (default) the current partial value; `patches` the RFC 6902
   * operations from the previous value to this one; `completed` the values completed by this push.
   */
  output?: M;
  /** Accept a sequence of values (NDJSON, concatenated JSON); the value is then the array of them. */
  multiple?: boolean;
  /** The deepest nesting accepted; deeper input fails with `JSON_DEPTH`. Default 1000. */
  maxDepth?: number;
  /**
   * Freeze every object and array the parser hands out (snapshots, completed values, the final
   * value). The parser never mutates them either way. Default `false`.
   */
  freeze?: boolean;
  /**
   * Text after the (single) top-level value: `error` (default) fails with `JSON_PARSE`;
   * `collect` keeps it, unparsed, in {@link PartialJsonParser.trailingText}.
   */
  trailing?: 'error' | 'collect';
}

/**
 * Default of {@link PartialJsonParserOptions.maxDepth}.
 *
 * @example
 * ```ts
 * new PartialJsonParser({ maxDepth: DEFAULT_MAX_DEPTH * 10 });
 * ```
 */
export const DEFAULT_MAX_DEPTH = 1000;

/**
 * An incremental JSON parser: push text as it arrives and get the value so far. Each character
 * is scanned once, state survives across pushes, nesting uses an explicit stack. Strict RFC 8259:
 * the final value deep-equals `JSON.parse` of the whole text, and invalid text fails with a
 * `JSON_PARSE` error as soon as the offending character arrives.
 *
 * @example
 * ```ts
 * const parser = new PartialJsonParser();
 * parser.push('{"title": "Str'); // { title: 'Str' }
 * parser.push('eams", "tags": ['); // { title: 'Streams', tags: [] }
 * parser.push('"rx"]}'); // { title: 'Streams', tags: ['rx'] }
 * parser.end(); // { title: 'Streams', tags: ['rx'] }
 * ```
 */
export class PartialJsonParser<M extends PartialJsonOutput = 'snapshots'> {
  private readonly tree: ValueTree;
  private readonly scanner: JsonScanner;
  private readonly output: PartialJsonOutput;
  private ended = false;
  private final: JsonValue | undefined;

  constructor(options: PartialJsonParserOptions<M> = {}) {
    const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    if (!(maxDepth >= 1) || (!Number.isInteger(maxDepth) && maxDepth !== Infinity)) {
      throw new RxRunnablesError('INVALID_CONFIG', `maxDepth must be a positive integer`, {
        maxDepth,
      });
    }
    this.output = options.output ?? 'snapshots';
    const multiple = options.multiple === true;
    this.tree = new ValueTree({
      patches: this.output === 'patches',
      completed: this.output === 'completed',
      freeze: options.freeze === true,
      multiple,
    });
    this.scanner = new JsonScanner(this.tree, {
      maxDepth,
      multiple,
      collectTrailing: options.trailing === 'collect',
    });
  }

  /**
   * Scans `text` and returns, by output kind, the current partial value (the same reference as
   * before when nothing visible changed), the patches since the previous push, or the values it
   * completed. Throws `JSON_PARSE` or `JSON_DEPTH` when the text stops being JSON.
   *
   * @example
   * ```ts
   * const parser = new PartialJsonParser({ output: 'patches' });
   * parser.push('{"a": "x'); // [{ op: 'add', path: '', value: {} }, { op: 'add', path: '/a', value: 'x' }]
   * parser.push('y"}'); // [{ op: 'replace', path: '/a', value: 'xy' }]
   * ```
   */
  push(text: string): PushResult<M> {
    if (this.ended) {
      throw new RxRunnablesError('INVALID_INPUT', 'push() after end()', {
        step: 'PartialJsonParser',
      });
    }
    this.scanner.write(text);
    return this.drain() as PushResult<M>;
  }

  /**
   * Declares the end of the input and returns the final value (with `multiple`, the array of
   * values). Throws `JSON_PARSE` when the input is incomplete. A number at the top level is only
   * complete here, so in `completed` mode it is reported by this return value, not by `push`.
   *
   * @example
   * ```ts
   * const parser = new PartialJsonParser();
   * parser.push('[1, 2');
   * parser.end(); // throws RxRunnablesError JSON_PARSE (unexpected-end)
   * ```
   */
  end(): JsonValue {
    if (!this.ended) {
      this.scanner.finish();
      this.ended = true;
      this.final = this.tree.finish();
    }
    return this.final as JsonValue;
  }

  /**
   * The current partial value, in any output mode (built on demand; the same reference while
   * nothing visible changes). `undefined` until something can be shown.
   *
   * @example
   * ```ts
   * const parser = new PartialJsonParser({ output: 'completed' });
   * parser.push('[{"a": 1}, {"b"');
   * parser.value; // [{ a: 1 }, {}]
   * ```
   */
  get value(): JsonValue | undefined {
    return this.ended ? this.final : this.tree.snapshot();
  }

  /**
   * True once the top-level value is complete (always false with `multiple`).
   *
   * @example
   * ```ts
   * const parser = new PartialJsonParser();
   * parser.push('{}');
   * parser.done; // true
   * ```
   */
  get done(): boolean {
    return this.scanner.done;
  }

  /**
   * With `trailing: 'collect'`: the text received after the top-level value, from its first
   * non-whitespace character, unparsed.
   *
   * @example
   * ```ts
   * const parser = new PartialJsonParser({ trailing: 'collect' });
   * parser.push('{"a": 1}\n``` done');
   * parser.trailingText; // '``` done'
   * ```
   */
  get trailingText(): string {
    return this.scanner.trailing;
  }

  private drain():
    JsonValue | undefined | readonly JsonPatchOperation[] | readonly CompletedValue[] {
    const tree = this.tree;
    if (this.output === 'snapshots') return tree.snapshot();
    // Nothing new: one shared frozen empty array, so that such a push allocates nothing.
    if (this.output === 'patches') return tree.pendingOps === 0 ? NOTHING : tree.takeOps();
    return tree.pendingCompletions === 0 ? NOTHING : tree.takeCompletions();
  }
}
