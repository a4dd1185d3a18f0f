/**
 * Where the scanner is in the text (offset, line, column) and the text around it, for errors.
 * @module
 */
import type { RxRunnablesError } from '../core/errors';
import { describeChar, jsonDepthError, jsonParseError } from './json-errors';
import type { JsonErrorReason, JsonTextPosition } from './json-errors';

/** A power of two. */
const RECENT_CHUNKS = 16;
const CONTEXT_BEFORE = 24;
const CONTEXT_AFTER = 16;

/**
 * Counts offsets and lines as chunks go by and keeps references to the last few chunks, so that
 * an error can quote the text before it without any chunk being copied in the meantime.
 * @internal
 */
export class TextTracker {
  /** Offset of the chunk being scanned. */
  private base = 0;
  private line = 1;
  private lineStart = 0;
  private readonly recent: string[] = [];
  private recentNext = 0;

  /** A line feed at index `i` of the chunk being scanned. */
  newline(i: number): void {
    this.line++;
    this.lineStart = this.base + i + 1;
  }

  /** The chunk has been scanned. */
  advance(text: string): void {
    this.base += text.length;
    this.recent[this.recentNext] = text;
    this.recentNext = (this.recentNext + 1) & (RECENT_CHUNKS - 1);
  }

  /** Characters scanned before the current chunk. */
  get offset(): number {
    return this.base;
  }

  position(i: number): JsonTextPosition {
    const offset = this.base + i;
    return { offset, line: this.line, column: offset - this.lineStart + 1 };
  }

  /** Up to a few dozen characters around `text[i]`, from this chunk and the ones before it. */
  context(text: string, i: number): string {
    let before = '';
    for (let k = 0; k < RECENT_CHUNKS; k++) {
      before += this.recent[(this.recentNext + k) % RECENT_CHUNKS] ?? '';
    }
    before = (before + text.slice(0, i)).slice(-CONTEXT_BEFORE);
    return before + text.slice(i, i + CONTEXT_AFTER);
  }

  /** `Unexpected character 'x'` for `text[i]`. */
  unexpected(text: string, i: number): string {
    return `Unexpected character ${describeChar(text.charAt(i))}`;
  }

  parseError(
    reason: JsonErrorReason,
    problem: string,
    expected: string,
    text: string,
    i: number,
  ): RxRunnablesError {
    return jsonParseError(reason, problem, expected, this.position(i), this.context(text, i));
  }

  depthError(maxDepth: number, text: string, i: number): RxRunnablesError {
    return jsonDepthError(maxDepth, this.position(i), this.context(text, i));
  }
}
