/**
 * The character-level state machine: each character is looked at once, the nesting lives on an
 * explicit stack, and every error is raised by the character that makes the text invalid.
 * @module
 */
import {
  ESCAPES,
  S_ARRAY_FIRST,
  S_ARRAY_NEXT,
  S_COLON,
  S_END,
  S_ESCAPE,
  S_LITERAL,
  S_NUM_DOT,
  S_NUM_EXP,
  S_NUM_EXP_DIGITS,
  S_NUM_EXP_SIGN,
  S_NUM_FRAC,
  S_NUM_INT,
  S_NUM_MINUS,
  S_NUM_ZERO,
  S_OBJECT_FIRST,
  S_OBJECT_KEY,
  S_OBJECT_NEXT,
  S_STRING,
  S_TOP,
  S_TRAILING,
  S_UNICODE,
  S_VALUE,
  hexDigit,
  isDigit,
  isNumberComplete,
  isNumberState,
} from './scanner-states';
import { ScannerCore } from './scanner-core';

export type { JsonScannerOptions } from './scanner-core';

/**
 * Scans JSON text pushed in pieces and tells a {@link ValueTree} what it finds.
 * @internal
 */
export class JsonScanner extends ScannerCore {
  /** The top-level value is complete (single-value mode). */
  get done(): boolean {
    return this.state === S_END || this.state === S_TRAILING;
  }

  /** Scans one piece of text. Throws the parse error, and keeps throwing it afterwards. */
  write(text: string): void {
    if (this.failure) throw this.failure;
    const n = text.length;
    let state = this.state;
    if (isNumberState(state)) this.numStart = 0;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (state <= S_END && (c === 32 || c === 10 || c === 13 || c === 9)) {
        if (c === 10) this.tracker.newline(i);
        i++;
        continue;
      }
      switch (state) {
        case S_STRING: {
          let j = i;
          while (c !== 34 && c !== 92 && c >= 32) {
            if (++j === n) break;
            c = text.charCodeAt(j);
          }
          if (j > i) {
            this.str += j - i === n ? text : text.slice(i, j);
            this.strLast = text.charCodeAt(j - 1);
          }
          if (j === n) i = n;
          else if (c === 34) {
            state = this.endString();
            i = j + 1;
          } else if (c === 92) {
            state = S_ESCAPE;
            i = j + 1;
          } else this.fail('control-character', 'Unescaped control character', state, text, j);
          break;
        }
        case S_ESCAPE:
          if (c === 117) {
            this.hexCount = 0;
            this.hexValue = 0;
            state = S_UNICODE;
          } else {
            const decoded = ESCAPES[c];
            if (decoded === undefined)
              this.fail('invalid-escape', 'Invalid escape', state, text, i);
            this.str += decoded;
            this.strLast = c;
            state = S_STRING;
          }
          i++;
          break;
        case S_UNICODE: {
          const digit = hexDigit(c);
          if (digit < 0) this.fail('invalid-escape', 'Invalid \\u escape', state, text, i);
          this.hexValue = this.hexValue * 16 + digit;
          if (++this.hexCount === 4) {
            this.str += String.fromCharCode(this.hexValue);
            this.strLast = this.hexValue;
            state = S_STRING;
          }
          i++;
          break;
        }
        case S_NUM_INT:
        case S_NUM_FRAC:
        case S_NUM_EXP_DIGITS:
          if (isDigit(c)) {
            // The digits also accumulate into the exact value when it is small (see leafValue).
            let m = (state === S_NUM_EXP_DIGITS ? this.numExp : this.numMant) * 10 + (c - 48);
            let j = i + 1;
            while (j < n) {
              const d = text.charCodeAt(j);
              if (!isDigit(d)) break;
              m = m * 10 + (d - 48);
              j++;
            }
            if (state === S_NUM_EXP_DIGITS) this.numExp = m;
            else {
              this.numMant = m;
              if (state === S_NUM_FRAC) this.numFrac += j - i;
            }
            this.numLength += j - i;
            this.numValid = this.numLength;
            i = j;
          } else if ((c === 101 || c === 69) && state !== S_NUM_EXP_DIGITS) {
            state = S_NUM_EXP;
            this.numLength++;
            i++;
          } else if (c === 46 && state === S_NUM_INT) {
            state = S_NUM_DOT;
            this.numLength++;
            i++;
          } else state = this.endNumber(text, i); // and the character is scanned again
          break;
        case S_NUM_ZERO:
          if (isDigit(c)) this.fail('invalid-number', 'Leading zero', state, text, i);
          if (c === 46 || c === 101 || c === 69) {
            state = c === 46 ? S_NUM_DOT : S_NUM_EXP;
            this.numLength++;
            i++;
          } else state = this.endNumber(text, i);
          break;
        case S_NUM_MINUS:
        case S_NUM_DOT:
        case S_NUM_EXP:
        case S_NUM_EXP_SIGN:
          if (isDigit(c)) {
            if (state === S_NUM_MINUS) {
              state = c === 48 ? S_NUM_ZERO : S_NUM_INT;
              this.numMant = c - 48;
            } else if (state === S_NUM_DOT) {
              state = S_NUM_FRAC;
              this.numMant = this.numMant * 10 + (c - 48);
              this.numFrac = 1;
            } else {
              state = S_NUM_EXP_DIGITS;
              this.numExp = c - 48;
            }
            this.numValid = ++this.numLength;
          } else if (state === S_NUM_EXP && (c === 43 || c === 45)) {
            state = S_NUM_EXP_SIGN;
            this.numExpNegative = c === 45;
            this.numLength++;
          } else this.fail('invalid-number', this.tracker.unexpected(text, i), state, text, i);
          i++;
          break;
        case S_LITERAL:
          if (c !== this.literalText.charCodeAt(this.literalIndex)) {
            this.fail('invalid-literal', this.tracker.unexpected(text, i), state, text, i);
          }
          if (++this.literalIndex === this.literalText.length) {
            this.tree.literal(this.literalValue);
            state = this.afterValue();
          }
          i++;
          break;
        case S_VALUE:
        case S_TOP:
          state = this.beginValue(c, state, text, i);
          i++;
          break;
        case S_ARRAY_FIRST:
          state = c === 93 ? this.closeContainer() : this.beginValue(c, state, text, i);
          i++;
          break;
        case S_ARRAY_NEXT:
        case S_OBJECT_NEXT:
          if (c === 44) state = state === S_ARRAY_NEXT ? S_VALUE : S_OBJECT_KEY;
          else if (c === (state === S_ARRAY_NEXT ? 93 : 125)) state = this.closeContainer();
          else this.unexpectedCharacter(state, text, i);
          i++;
          break;
        case S_OBJECT_FIRST:
        case S_OBJECT_KEY:
          if (c === 34) state = this.beginKey();
          else if (c === 125 && state === S_OBJECT_FIRST) state = this.closeContainer();
          else this.unexpectedCharacter(state, text, i);
          i++;
          break;
        case S_COLON:
          if (c !== 58) this.unexpectedCharacter(state, text, i);
          state = S_VALUE;
          i++;
          break;
        case S_END:
          if (!this.options.collectTrailing) {
            this.fail('trailing-text', 'Unexpected text after the JSON value', state, text, i);
          }
          state = S_TRAILING;
          break;
        default: // S_TRAILING
          this.trailing += i === 0 ? text : text.slice(i);
          i = n;
      }
    }
    this.state = state;
    this.endChunk(text);
  }

  /** The input has ended: completes a top-level number, or throws if the value is incomplete. */
  finish(): void {
    if (this.failure) throw this.failure;
    if (isNumberComplete(this.state)) this.state = this.endNumber('', 0);
    const state = this.state;
    if (state !== S_END && state !== S_TRAILING && state !== S_TOP) {
      const empty = state === S_VALUE && this.tracker.offset === 0;
      this.fail('unexpected-end', empty ? 'Empty input' : 'Unexpected end', state, '', 0);
    }
  }

  /**
   * Bookkeeping after a chunk, kept out of {@link write}: V8 may reuse on-stack-replacement code of
   * the scanning loop compiled during a big push, and a branch it never saw there would
   * deoptimize on every later push.
   */
  private endChunk(text: string): void {
    if (isNumberState(this.state)) {
      this.num += this.numStart === 0 ? text : text.slice(this.numStart);
    }
    this.tracker.advance(text);
    this.tree.flush(this);
  }
}
