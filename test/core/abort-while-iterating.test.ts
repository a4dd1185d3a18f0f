// A `for await` loop that aborts its run's signal: the next read fails with ABORTED, even when
// the run had already produced everything (LangChain's signal.test.ts "Test stream with signal").
import { describe, expect, it } from 'vitest';
import { RunnableLambda } from '../../src/core';

const oneChunk = () => RunnableLambda.from((x: string) => x.toUpperCase());

describe('aborting the signal inside a for await loop', () => {
  it('fails the next read with ABORTED although the run had ended', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const loop = async () => {
      for await (const chunk of oneChunk().stream('hi', { signal: controller.signal })) {
        seen.push(chunk);
        controller.abort();
      }
    };
    await expect(loop()).rejects.toMatchObject({ code: 'ABORTED' });
    expect(seen).toEqual(['HI']);
  });

  it('does so on astream, with chunks still buffered', async () => {
    const controller = new AbortController();
    const words = RunnableLambda.from(function* () {
      yield 'a';
      yield 'b';
      yield 'c';
    });
    const iterator = words.astream(null, { signal: controller.signal });
    expect(await iterator.next()).toEqual({ value: 'a', done: false });
    controller.abort(new Error('stop'));
    await expect(iterator.next()).rejects.toMatchObject({ code: 'ABORTED', message: 'stop' });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('changes nothing once the end was read, or after break', async () => {
    const controller = new AbortController();
    const iterator = oneChunk().astream('hi', { signal: controller.signal });
    expect(await iterator.next()).toEqual({ value: 'HI', done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    controller.abort();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });

    const other = new AbortController();
    for await (const chunk of oneChunk().stream('x', { signal: other.signal })) {
      expect(chunk).toBe('X');
      break;
    }
    other.abort();
  });
});

describe('aborting the signal while an async source is paused', () => {
  it('fails the next read with the run’s ABORTED error, unread chunks dropped', async () => {
    const controller = new AbortController();
    const words = RunnableLambda.from(async function* () {
      for (const word of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) yield word;
      await new Promise(() => undefined);
    });
    const iterator = words.astream(null, { signal: controller.signal });
    expect(await iterator.next()).toEqual({ value: 'a', done: false });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error('stop'));
    await expect(iterator.next()).rejects.toMatchObject({ code: 'ABORTED', message: 'stop' });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });
});
