// Shared by the runnable-surface parity tests: the same case run on @langchain/core and on ours.

/** Every value an async iterable yields, in order. */
export async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

/** A message shaped as an old `@langchain/core` made it (no class of any installed version). */
export class AIMessageV0 {
  lc_namespace = ['langchain_core', 'messages'];
  lc_serializable = true;
  constructor(readonly content: string) {}
  _getType(): string {
    return 'ai';
  }
}

/**
 * An object that implements LangChain's `RunnableInterface` without being a `Runnable` of any
 * version: `invoke` works, `stream` and `transform` are not implemented (LangChain's own
 * runnable_interface test uses the same shape).
 */
export class InterfaceOnlyModel {
  lc_serializable = true;
  protected lc_runnable = true;
  calls: string[] = [];

  async invoke(input: { toString(): string }): Promise<AIMessageV0> {
    this.calls.push('invoke');
    return new AIMessageV0(input.toString());
  }

  async batch(inputs: { toString(): string }[]): Promise<AIMessageV0[]> {
    this.calls.push('batch');
    return Promise.all(inputs.map((input) => this.invoke(input)));
  }

  async stream(): Promise<AsyncIterable<AIMessageV0>> {
    this.calls.push('stream');
    throw new Error('Not implemented');
  }

  // eslint-disable-next-line require-yield
  async *transform(): AsyncGenerator<AIMessageV0> {
    this.calls.push('transform');
    throw new Error('Not implemented');
  }

  getName(): string {
    return 'TEST';
  }

  get lc_id(): string[] {
    return ['TEST'];
  }
}
