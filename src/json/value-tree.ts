/**
 * The value under construction: completed subtrees, the open containers from the root to the
 * cursor, and the three outputs derived from them (snapshots, patches, completed values).
 * @module
 */
import { setOwn } from '../core/concat';
import { formatPointerToken } from './json-pointer';
import type {
  CompletedValue,
  JsonObject,
  JsonPatchOperation,
  JsonPathSegment,
  JsonPrimitive,
  JsonValue,
} from './json-types';

/** Reads the value being received at the cursor: an open string or number. @internal */
export interface LeafSource {
  /** How much of the open leaf can be shown (code units or characters), or -1 for nothing yet. */
  leafVisibleLength(): number;
  /** The shown part of the open leaf. */
  leafValue(): string | number;
}

/** What the tree records besides the value itself. @internal */
export interface ValueTreeOptions {
  readonly patches: boolean;
  readonly completed: boolean;
  readonly freeze: boolean;
  /** A sequence of values: an implicit root array that holds them and never closes. */
  readonly multiple: boolean;
}

interface Frame {
  readonly isArray: boolean;
  /** Completed members only; mutated until the container closes, then never again. */
  readonly container: JsonValue[] | JsonObject;
  /** The member name the next value belongs to (objects). */
  key: string;
  /** JSON Pointer of this container (patches only). */
  readonly pointer: string;
  /** The last snapshot of this container, open child included. */
  snap: JsonValue[] | JsonObject | undefined;
}

/** Sets a member as an own data property, `__proto__` included (core's `setOwn`). */
export function setMember(target: JsonObject, key: string, value: JsonValue): void {
  setOwn(target as Record<string, unknown>, key, value);
}

/**
 * Receives structural events from the scanner and keeps the value: working containers along the
 * open path, completed subtrees shared as they are.
 * @internal
 */
export class ValueTree {
  /** Patch operations since the caller last took them (most pushes have one, or none). */
  private ops: JsonPatchOperation[] | undefined;
  /** Completed values since the caller last took them. */
  private completions: CompletedValue[] = [];

  private readonly frames: Frame[] = [];
  private root: JsonValue | undefined;
  private leafOpen = false;
  /** Visible length of the leaf as last shown; -1 when it has not been shown yet. */
  private leafShownLength = -1;
  /** Where the shown part of the open leaf is read, at the next snapshot. */
  private leafSource: LeafSource | undefined;
  /** A visible change happened since the last snapshot. */
  private dirty = true;
  private lastSnapshot: JsonValue | undefined;
  /** JSON Pointer of the open leaf, computed once per leaf (patches only). */
  private leafPointer: string | undefined;

  constructor(private readonly options: ValueTreeOptions) {
    if (options.multiple) {
      this.frames.push({ isArray: true, container: [], key: '', pointer: '', snap: undefined });
      if (options.patches) this.record('add', '', []);
    }
  }

  /** A container begins at the cursor. */
  open(isArray: boolean): void {
    let pointer = '';
    if (this.options.patches) {
      pointer = this.childPointer();
      this.record('add', pointer, isArray ? [] : {});
    }
    const container = isArray ? [] : {};
    this.frames.push({ isArray, container, key: '', pointer, snap: undefined });
    this.dirty = true;
  }

  /** The innermost container ends. */
  close(): void {
    const frame = this.frames.pop() as Frame;
    // Nothing visible changed since the last snapshot: that snapshot is the final value.
    let value = !this.dirty && frame.snap !== undefined ? frame.snap : frame.container;
    // An array grown by push has spare capacity: a copy at the exact length holds less memory.
    if (value === frame.container && frame.isArray) value = (value as JsonValue[]).slice();
    if (this.options.freeze) Object.freeze(value);
    if (this.options.completed) this.completions.push({ path: this.currentPath(), value });
    this.attach(value);
  }

  /** The name of the next member of the innermost object is known. */
  key(name: string): void {
    (this.frames[this.frames.length - 1] as Frame).key = name;
  }

  /** A string or number begins at the cursor. */
  leafBegin(): void {
    this.leafOpen = true;
    this.leafShownLength = -1;
    this.leafPointer = undefined;
  }

  /** The open string or number is complete; `length` is its full visible length. */
  leafEnd(value: string | number, length: number): void {
    this.leafOpen = false;
    if (length !== this.leafShownLength) {
      this.dirty = true;
      if (this.options.patches) {
        this.record(this.leafShownLength < 0 ? 'add' : 'replace', this.leafPath(), value);
      }
    }
    if (this.options.completed) this.completions.push({ path: this.currentPath(), value });
    this.attach(value);
  }

  /** `true`, `false` or `null` has been received. */
  literal(value: JsonPrimitive): void {
    if (this.options.patches) this.record('add', this.childPointer(), value);
    if (this.options.completed) this.completions.push({ path: this.currentPath(), value });
    this.attach(value);
    this.dirty = true;
  }

  /** End of a push: shows the open leaf if more of it became visible. */
  flush(source: LeafSource): void {
    if (!this.leafOpen) return;
    const length = source.leafVisibleLength();
    if (length < 0 || length === this.leafShownLength) return;
    if (this.options.patches) {
      const value = source.leafValue();
      this.record(this.leafShownLength < 0 ? 'add' : 'replace', this.leafPath(), value);
    }
    // The shown value itself is read when a snapshot asks for it (numbers cost a conversion).
    this.leafSource = source;
    this.leafShownLength = length;
    this.dirty = true;
  }

  /**
   * The current partial value. Unchanged since the last call: the same reference. Otherwise new
   * copies of the open containers only; completed subtrees are shared.
   */
  snapshot(): JsonValue | undefined {
    if (!this.dirty) return this.lastSnapshot;
    this.dirty = false;
    const freeze = this.options.freeze;
    let child: JsonValue | undefined =
      this.leafOpen && this.leafShownLength >= 0 ? this.leafSource?.leafValue() : undefined;
    const frames = this.frames;
    for (let depth = frames.length - 1; depth >= 0; depth--) {
      const frame = frames[depth] as Frame;
      let copy: JsonValue[] | JsonObject;
      if (frame.isArray) {
        const items = frame.container as JsonValue[];
        if (child === undefined) copy = items.slice();
        else {
          // Push, copy at the exact length, pop: one allocation and no regrowth.
          items.push(child);
          copy = items.slice();
          items.pop();
        }
      } else {
        copy = { ...(frame.container as JsonObject) };
        if (child !== undefined) setMember(copy, frame.key, child);
      }
      if (freeze) Object.freeze(copy);
      frame.snap = copy;
      child = copy;
    }
    this.lastSnapshot = frames.length === 0 && this.root !== undefined ? this.root : child;
    return this.lastSnapshot;
  }

  /** The final value, once the scanner has accepted the end of the input. */
  finish(): JsonValue {
    if (this.options.multiple) {
      const frame = this.frames[0] as Frame;
      let value = !this.dirty && frame.snap !== undefined ? frame.snap : frame.container;
      // An array grown by push has spare capacity: a copy at the exact length holds less memory.
      if (value === frame.container && frame.isArray) value = (value as JsonValue[]).slice();
      if (this.options.freeze) Object.freeze(value);
      this.root = value;
      this.frames.length = 0;
    }
    this.dirty = false;
    this.lastSnapshot = this.root;
    return this.root as JsonValue;
  }

  /** Places a completed value in the innermost container, or makes it the root. */
  private attach(value: JsonValue): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) this.root = value;
    else if (frame.isArray) (frame.container as JsonValue[]).push(value);
    else setMember(frame.container as JsonObject, frame.key, value);
  }

  /** The patch operations recorded since the last call, in order (a new array each time). */
  takeOps(): JsonPatchOperation[] {
    const ops = this.ops ?? [];
    this.ops = undefined;
    return ops;
  }

  /** The completed values recorded since the last call, in order. */
  takeCompletions(): CompletedValue[] {
    const completions = this.completions;
    this.completions = [];
    return completions;
  }

  /** Patch operations recorded since the last {@link takeOps}. */
  get pendingOps(): number {
    return this.ops === undefined ? 0 : this.ops.length;
  }

  /** Completed values recorded since the last {@link takeCompletions}. */
  get pendingCompletions(): number {
    return this.completions.length;
  }

  private record(op: 'add' | 'replace', path: string, value: JsonValue): void {
    const operation: JsonPatchOperation = { op, path, value };
    if (this.ops === undefined) this.ops = [operation];
    else this.ops.push(operation);
  }

  private leafPath(): string {
    return (this.leafPointer ??= this.childPointer());
  }

  /** JSON Pointer of the value at the cursor. */
  private childPointer(): string {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) return '';
    if (frame.isArray) return `${frame.pointer}/${(frame.container as JsonValue[]).length}`;
    return `${frame.pointer}/${formatPointerToken(frame.key)}`;
  }

  /** Path of the value at the cursor. */
  private currentPath(): JsonPathSegment[] {
    const frames = this.frames;
    const path = new Array<JsonPathSegment>(frames.length);
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i] as Frame;
      path[i] = frame.isArray ? (frame.container as JsonValue[]).length : frame.key;
    }
    return path;
  }
}
