/**
 * The scanner's state and the steps it takes between characters: beginning and ending values,
 * reading the open leaf, failing. The character loop itself is in json-scanner.ts.
 * @module
 */
import type { RxRunnablesError } from '../core/errors';
import type { JsonErrorReason } from './json-errors';
import type { JsonPrimitive } from './json-types';
import {
  EXPECTED,
  S_ARRAY_FIRST,
  S_ARRAY_NEXT,
  S_COLON,
  S_END,
  S_FAILED,
  S_LITERAL,
  S_NUM_INT,
  S_NUM_MINUS,
  S_NUM_ZERO,
  S_OBJECT_FIRST,
  S_OBJECT_NEXT,
  S_STRING,
  S_TOP,
  S_VALUE,
  isDigit,
} from './scanner-states';
import { TextTracker } from './text-tracker';
import type { LeafSource, ValueTree } from './value-tree';

/** Exact powers of ten, as doubles. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Options of the scanner. @internal */
export interface JsonScannerOptions {
  readonly maxDepth: number;
  readonly multiple: boolean;
  /** After the top-level value, collect the text instead of rejecting it. */
  readonly collectTrailing: boolean;
}

/**
 * State of the JSON scanner and its steps; {@link JsonScanner} adds the character loop.
 * @internal
 */
export abstract class ScannerCore implements LeafSource {
  /** Text received after the top-level value, from its first non-whitespace character. */
  trailing = '';
  protected state: number;
  /** Open containers, innermost last: `true` for an array. */
  protected readonly kinds: boolean[] = [];
  /** The string being decoded (keys included), and its last UTF-16 code unit. */
  protected str = '';
  protected strLast = 0;
  protected isKey = false;
  protected leafIsString = false;
  protected hexCount = 0;
  protected hexValue = 0;
  /** Text of the open number from earlier chunks (all of it once a chunk has been scanned). */
  protected num = '';
  protected numStart = 0;
  protected numLength = 0;
  /** Length of the longest prefix of the open number that is itself a number. */
  protected numValid = 0;
  /**
   * That prefix as parts: sign, digits (as an integer, exact up to 2^53), digits after the point,
   * exponent. Converting them is exact in the common case, cheaper than `Number(text)`.
   */
  protected numNegative = false;
  protected numMant = 0;
  protected numFrac = 0;
  protected numExp = 0;
  protected numExpNegative = false;
  protected literalText = '';
  protected literalValue: JsonPrimitive = null;
  protected literalIndex = 0;
  protected readonly tracker = new TextTracker();
  protected failure: RxRunnablesError | undefined;
  /** Where a read that makes V8 flatten a string goes (see {@link endString}). */
  protected probe = 0;

  constructor(
    protected readonly tree: ValueTree,
    protected readonly options: JsonScannerOptions,
  ) {
    this.state = options.multiple ? S_TOP : S_VALUE;
  }

  leafVisibleLength(): number {
    if (!this.leafIsString) return this.numValid > 0 ? this.numValid : -1;
    // A high surrogate waits for its pair: never show half a character.
    return (this.strLast & 0xfc00) === 0xd800 ? this.str.length - 1 : this.str.length;
  }

  leafValue(): string | number {
    if (this.leafIsString) {
      return (this.strLast & 0xfc00) === 0xd800 ? this.str.slice(0, -1) : this.str;
    }
    const fast = this.fastNumber();
    if (fast !== undefined) return fast;
    const num = this.num;
    return Number(this.numValid === num.length ? num : num.slice(0, this.numValid));
  }

  /**
   * The open number's valid prefix when a single correctly rounded operation gives it (Clinger's
   * fast path: an exact integer times or divided by an exact power of ten), which is then the
   * value `Number(text)` gives; otherwise `undefined`.
   */
  protected fastNumber(): number | undefined {
    const mant = this.numMant;
    const scale = (this.numExpNegative ? -this.numExp : this.numExp) - this.numFrac;
    if (mant > Number.MAX_SAFE_INTEGER || scale < -22 || scale > 22) return undefined;
    const value = scale >= 0 ? mant * (POW10[scale] as number) : mant / (POW10[-scale] as number);
    return this.numNegative ? -value : value;
  }

  protected beginValue(c: number, state: number, text: string, i: number): number {
    if (c === 34) {
      this.tree.leafBegin();
      this.leafIsString = true;
      this.isKey = false;
      this.str = '';
      this.strLast = 0;
      return S_STRING;
    }
    if (c === 123 || c === 91) {
      if (this.kinds.length >= this.options.maxDepth) {
        this.failure = this.tracker.depthError(this.options.maxDepth, text, i);
        this.state = S_FAILED;
        throw this.failure;
      }
      this.kinds.push(c === 91);
      this.tree.open(c === 91);
      return c === 91 ? S_ARRAY_FIRST : S_OBJECT_FIRST;
    }
    if (c === 45 || isDigit(c)) {
      this.tree.leafBegin();
      this.leafIsString = false;
      this.num = '';
      this.numStart = i;
      this.numLength = 1;
      this.numValid = c === 45 ? 0 : 1;
      this.numNegative = c === 45;
      this.numMant = c === 45 ? 0 : c - 48;
      this.numFrac = 0;
      this.numExp = 0;
      this.numExpNegative = false;
      return c === 45 ? S_NUM_MINUS : c === 48 ? S_NUM_ZERO : S_NUM_INT;
    }
    if (c === 116) this.beginLiteral('true', true);
    else if (c === 102) this.beginLiteral('false', false);
    else if (c === 110) this.beginLiteral('null', null);
    else this.unexpectedCharacter(state, text, i);
    return S_LITERAL;
  }

  protected beginLiteral(text: string, value: JsonPrimitive): void {
    this.literalText = text;
    this.literalValue = value;
    this.literalIndex = 1;
  }

  protected beginKey(): number {
    this.isKey = true;
    this.str = '';
    this.strLast = 0;
    return S_STRING;
  }

  protected endString(): number {
    const value = this.str;
    if (this.isKey) {
      this.tree.key(value);
      return S_COLON;
    }
    // Built from many chunks, the string is a tree of pieces: reading a character makes V8 flatten
    // it, once, now that it is final (half the memory, much less garbage-collector work).
    if (value.length > 4) this.probe = value.charCodeAt(0);
    this.tree.leafEnd(value, value.length);
    return this.afterValue();
  }

  protected endNumber(text: string, end: number): number {
    // At the end of the input (`end` 0) the whole number is already in `num`.
    const length = this.num.length + Math.max(0, end - this.numStart);
    const fast = this.fastNumber();
    const value = fast ?? Number(this.num + text.slice(this.numStart, end));
    this.num = '';
    this.tree.leafEnd(value, length);
    return this.afterValue();
  }

  protected closeContainer(): number {
    this.kinds.pop();
    this.tree.close();
    return this.afterValue();
  }

  protected afterValue(): number {
    const depth = this.kinds.length;
    if (depth > 0) return this.kinds[depth - 1] ? S_ARRAY_NEXT : S_OBJECT_NEXT;
    return this.options.multiple ? S_TOP : S_END;
  }

  protected unexpectedCharacter(state: number, text: string, i: number): never {
    return this.fail('unexpected-character', this.tracker.unexpected(text, i), state, text, i);
  }

  protected fail(
    reason: JsonErrorReason,
    problem: string,
    state: number,
    text: string,
    i: number,
  ): never {
    const expected = EXPECTED[state] ?? '';
    this.failure = this.tracker.parseError(reason, problem, expected, text, i);
    this.state = S_FAILED;
    throw this.failure;
  }
}
