/**
 * The JSON inside a model's answer: prose and a markdown fence before the first `{` or `[` are
 * dropped, a closing fence after the value ends it. Errors carry positions in the whole answer.
 * @module
 */
import { RxRunnablesError } from '../core/errors';
import { jsonDepthError, jsonParseError } from './json-errors';
import type { JsonParseErrorDetails, JsonTextPosition } from './json-errors';
import type { JsonPatchOperation, JsonValue } from './json-types';
import { PartialJsonParser } from './partial-json-parser';

/** Options of {@link JsonTextExtractor}. @internal */
export interface JsonTextExtractorOptions {
  /** Drop prose and a fence before the first `{` or `[` (default true). */
  readonly extract: boolean;
  readonly diff: boolean;
  readonly maxDepth?: number;
  /** Named in errors as `details.step`. */
  readonly step: string;
}

const FENCE = '```';

/**
 * Feeds text to a {@link PartialJsonParser}, after the prose, up to the closing fence.
 * @internal
 */
export class JsonTextExtractor {
  private readonly parser: PartialJsonParser<'snapshots' | 'patches'>;
  /** Still in the prose before the JSON. */
  private inProse: boolean;
  private fenced = false;
  /** The last two characters of prose, to find a fence cut in two by a chunk boundary. */
  private proseTail = '';
  /** Characters and lines received in total, and where the current line starts. */
  private received = 0;
  private line = 1;
  private lineStart = 0;
  /** Where the JSON starts in the answer. */
  private jsonStart: JsonTextPosition = { offset: 0, line: 1, column: 1 };
  /** How much of the text after the value has been checked, and whether the fence closed. */
  private trailingChecked = 0;
  private closed = false;

  constructor(private readonly options: JsonTextExtractorOptions) {
    this.inProse = options.extract;
    this.parser = new PartialJsonParser({
      output: options.diff ? 'patches' : 'snapshots',
      maxDepth: options.maxDepth,
      trailing: options.extract ? 'collect' : 'error',
    });
  }

  /** Pushes a piece of the answer; returns the current value, or the patches of this piece. */
  push(text: string): JsonValue | undefined | readonly JsonPatchOperation[] {
    let json = text;
    if (this.inProse) {
      const start = firstBracket(text);
      const prose = start < 0 ? text : text.slice(0, start);
      this.fenced ||= (this.proseTail + prose).includes(FENCE);
      this.proseTail = (this.proseTail + prose).slice(-2);
      this.count(prose);
      if (start < 0) return this.options.diff ? [] : undefined;
      this.inProse = false;
      this.jsonStart = this.here();
      json = text.slice(start);
    }
    const before = this.received;
    let output: JsonValue | undefined | readonly JsonPatchOperation[];
    try {
      output = this.parser.push(json);
    } catch (error) {
      throw this.relocate(error);
    }
    this.checkTrailing(json, before);
    this.count(json);
    return output;
  }

  /** The input has ended: the final value, or the error that says why there is none. */
  end(): JsonValue {
    if (this.inProse) {
      const position = this.here();
      const context = this.proseTail;
      throw this.withStep(
        jsonParseError(
          'unexpected-end',
          'No JSON object or array',
          "'{' or '['",
          position,
          context,
        ),
      );
    }
    try {
      return this.parser.end();
    } catch (error) {
      throw this.relocate(error);
    }
  }

  /** Text after the value: whitespace, then, inside a fence, ``` and anything after it. */
  private checkTrailing(json: string, before: number): void {
    if (this.closed || !this.parser.done) return;
    const trailing = this.parser.trailingText;
    for (let k = this.trailingChecked; k < trailing.length; k++) {
      if (k >= FENCE.length) {
        this.closed = true;
        break;
      }
      if (!this.fenced || trailing.charAt(k) !== '`') {
        // The trailing text is the end of `json`: find the offending character in this piece.
        const index = json.length - (trailing.length - k);
        const position = this.positionIn(json, before, index);
        const context = json.slice(Math.max(0, index - 24), index + 16);
        const expected = this.fenced ? "'```' or the end of the input" : 'the end of the input';
        const problem = 'Unexpected text after the JSON value';
        throw this.withStep(jsonParseError('trailing-text', problem, expected, position, context));
      }
    }
    this.trailingChecked = trailing.length;
    if (this.trailingChecked >= FENCE.length) this.closed = true;
  }

  /** A parser error, with positions in the whole answer instead of in the JSON part. */
  private relocate(error: unknown): unknown {
    if (!RxRunnablesError.isInstance(error)) return error;
    const details = error.details as unknown as JsonParseErrorDetails & { maxDepth?: number };
    if (typeof details.offset !== 'number') return this.withStep(error);
    const start = this.jsonStart;
    const position: JsonTextPosition = {
      offset: start.offset + details.offset,
      line: start.line + details.line - 1,
      column: details.line === 1 ? start.column + details.column - 1 : details.column,
    };
    const moved =
      error.code === 'JSON_DEPTH'
        ? jsonDepthError(details.maxDepth ?? 0, position, details.context)
        : jsonParseError(
            details.reason,
            details.problem,
            details.expected,
            position,
            details.context,
          );
    return this.withStep(moved);
  }

  private withStep(error: RxRunnablesError): RxRunnablesError {
    return new RxRunnablesError(error.code, error.message, {
      ...error.details,
      step: this.options.step,
    });
  }

  private count(text: string): void {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      this.line++;
      this.lineStart = this.received + i + 1;
    }
    this.received += text.length;
  }

  private here(): JsonTextPosition {
    return { offset: this.received, line: this.line, column: this.received - this.lineStart + 1 };
  }

  /** Position of `text[index]`, `text` starting at offset `base` (lines counted up to `base`). */
  private positionIn(text: string, base: number, index: number): JsonTextPosition {
    let line = this.line;
    let lineStart = this.lineStart;
    for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = base + i + 1;
    }
    const offset = base + index;
    return { offset, line, column: offset - lineStart + 1 };
  }
}

/** Index of the first `{` or `[`, or -1. */
function firstBracket(text: string): number {
  const brace = text.indexOf('{');
  const bracket = text.indexOf('[');
  if (brace < 0) return bracket;
  return bracket < 0 ? brace : Math.min(brace, bracket);
}
