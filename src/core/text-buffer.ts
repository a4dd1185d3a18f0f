/**
 * TextBuffer: text that grows piece by piece and costs about its length.
 * @module
 */

/** Pieces kept before they are folded into one flat string. */
const FOLD_AT = 32;

/**
 * Text built from many small pieces (tokens). `text += piece` leaves a rope of one string object
 * per piece (about 30 bytes each on top of the text) until something flattens it; a buffer keeps
 * one flat string and the last few pieces, folding them every 32, so a long-lived partial answer
 * costs about its length.
 *
 * @example
 * ```ts
 * import { TextBuffer } from 'rx-runnables';
 * const answer = new TextBuffer();
 * for (const token of ['Hel', 'lo', '!']) answer.append(token);
 * answer.toString(); // 'Hello!'
 * ```
 */
export class TextBuffer {
  private pieces: string[] = [];

  /** Adds text at the end. */
  append(text: string): void {
    this.pieces.push(text);
    if (this.pieces.length >= FOLD_AT) this.pieces = [this.pieces.join('')];
  }

  /** True when no text was added (or only empty text). */
  get isEmpty(): boolean {
    return this.pieces.every((piece) => piece === '');
  }

  /** The whole text, flat. */
  toString(): string {
    if (this.pieces.length > 1) this.pieces = [this.pieces.join('')];
    return this.pieces[0] ?? '';
  }
}
