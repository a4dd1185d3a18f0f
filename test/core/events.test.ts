import { describe, expect, it } from 'vitest';
import { Observable, firstValueFrom, toArray } from 'rxjs';
import { Runnable, RunnableLambda } from '../../src/core';
import type { RunEvent } from '../../src/core';
import { Upper } from './steps';

class Model extends Runnable<string, string> {
  override readonly eventKind = 'chat_model' as const;
  protected transform(input$: Observable<string>): Observable<string> {
    return new Observable<string>((subscriber) =>
      input$.subscribe({
        next: (s) => {
          for (const ch of s) subscriber.next(ch);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    );
  }
}

const collectEvents = (events$: Observable<RunEvent>): Promise<RunEvent[]> =>
  firstValueFrom(events$.pipe(toArray()));

describe('streamEvents', () => {
  it("reports LangChain v2 names for each step with the step's kind", async () => {
    const chain = RunnableLambda.from(function prompt(q: string) {
      return `Q: ${q}`;
    })
      .pipe(new Model())
      .pipe(new Upper());
    const events = await collectEvents(
      chain.streamEvents('hi', { tags: ['t'], metadata: { m: 1 } }),
    );
    const names = events.map((e) => `${e.event}:${e.name}`);
    expect(names[0]).toBe('on_chain_start:RunnableSequence');
    expect(names).toContain('on_chain_start:prompt');
    expect(names).toContain('on_chat_model_start:Model');
    expect(names.filter((n) => n === 'on_chat_model_stream:Model')).toHaveLength(5);
    expect(names.at(-1)).toBe('on_chain_end:RunnableSequence');
    expect(events.at(-1)?.data.output).toBe('Q: HI');
    expect(events.every((e) => e.tags.includes('t') && e.metadata.m === 1)).toBe(true);
  });

  it('gives each step parentIds that lead back to the root', async () => {
    const chain = new Upper().pipe(new Model());
    const events = await collectEvents(chain.streamEvents('ab'));
    const root = events.find((e) => e.event === 'on_chain_start' && e.name === 'RunnableSequence');
    const model = events.find((e) => e.event === 'on_chat_model_start');
    expect(root?.parentIds).toEqual([]);
    expect(model?.parentIds).toEqual([root?.runId]);
    expect(new Set(events.map((e) => e.runId)).size).toBe(3);
  });

  it('emits an error event for the failing step, then errors the stream', async () => {
    const failing = RunnableLambda.from(function explode(_: string): string {
      throw new Error('bad');
    });
    const chain = new Upper().pipe(failing).pipe(new Upper());
    const seen: RunEvent[] = [];
    const error = await new Promise<unknown>((resolve) =>
      chain.streamEvents('x').subscribe({ next: (e) => seen.push(e), error: resolve }),
    );
    expect((error as { code: string }).code).toBe('UNKNOWN');
    const errors = seen.filter((e) => e.event.endsWith('_error')).map((e) => e.name);
    // the failing step and its enclosing sequence report it; the step after it does not
    expect(errors).toEqual(['explode', 'RunnableSequence']);
    expect(
      seen.find((e) => e.name === 'explode' && e.event === 'on_chain_error')?.data.error,
    ).toMatchObject({
      message: 'bad',
    });
  });

  it('uses runName for the root step', async () => {
    const events = await collectEvents(
      new Upper().pipe(new Upper()).streamEvents('x', { runName: 'MyChain' }),
    );
    expect(events[0]?.name).toBe('MyChain');
    expect(events.filter((e) => e.name === 'MyChain')).toHaveLength(3);
  });

  it('builds no event objects when nobody asks for events', async () => {
    let reads = 0;
    const step = new (class extends Upper {
      override runTransform(input$: Observable<string>, ctx: Parameters<Upper['runTransform']>[1]) {
        if (ctx.events !== undefined) reads++;
        return super.runTransform(input$, ctx);
      }
    })();
    await step.invoke('x');
    expect(reads).toBe(0);
    await collectEvents(step.streamEvents('x'));
    expect(reads).toBe(1);
  });
});
