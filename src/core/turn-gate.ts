/**
 * Turns between the branches of a parallel step, so that sources which could produce many chunks
 * in one go (a sync generator) interleave with their siblings, as LangChain's RunnableParallel
 * interleaves its branches' generators.
 * @module
 */
import type { FlowControl } from './flow-control';

/**
 * One gate per run of a parallel step. A branch that produced a chunk waits for the next
 * microtask before producing another, so every sibling gets its turn first; the outer flow (an
 * async iterator's pull) still applies. What a chunk costs: a flag set and, once per tick in
 * which anything was produced, one shared microtask.
 * @internal
 */
export class TurnGate {
  private waiting: (() => void)[] = [];
  private scheduled = false;
  private readonly busy = new Set<number>();

  constructor(private readonly outer: FlowControl | undefined) {}

  /** Marks that branch `index` produced a chunk in this tick. */
  produced(index: number): void {
    this.busy.add(index);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.busy.clear();
      const resumes = this.waiting;
      this.waiting = [];
      for (const resume of resumes) resume();
    });
  }

  /** True while branch `index` has already produced a chunk in this tick. */
  isBusy(index: number): boolean {
    return this.busy.has(index);
  }

  /** Calls `resume` at the next turn (the shared microtask). */
  nextTurn(resume: () => void): void {
    this.waiting.push(resume);
  }

  /** The flow control branch `index` reads. */
  flowFor(index: number): FlowControl {
    return new BranchFlow(this, index, this.outer);
  }
}

/** A branch's view of the gate: ready when it is its turn and the outer consumer wants more. */
class BranchFlow implements FlowControl {
  constructor(
    private readonly gate: TurnGate,
    private readonly index: number,
    private readonly outer: FlowControl | undefined,
  ) {}

  get ready(): boolean {
    return !this.gate.isBusy(this.index) && (this.outer === undefined || this.outer.ready);
  }

  whenReady(resume: () => void): () => void {
    let cancelled = false;
    let cancelOuter: (() => void) | undefined;
    const next = (): void => {
      if (cancelled) return;
      if (this.outer === undefined || this.outer.ready) resume();
      else cancelOuter = this.outer.whenReady(resume);
    };
    if (this.gate.isBusy(this.index)) this.gate.nextTurn(next);
    else next();
    return () => {
      cancelled = true;
      cancelOuter?.();
    };
  }
}
