import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { actionResult, streamResult } from '../../src/transport';
import type { ActionOutcome } from '../../src/transport';
import { streamActionSSE } from '../../src/transport';
import { readActionSSE } from '../../src/transport';
import { readUntilError } from '../support/read-until-error';
import { useNodeServers } from './serving-helpers';

interface ChatState {
  readonly chat_history: readonly { role: string; content: string }[];
}

/** Burr's example action: stream the reply word by word, then append it to the history. */
async function* respond(
  state: ChatState,
  inputs: { prompt: string },
): AsyncGenerator<{ delta: string } | ReturnType<typeof actionResult<string, ChatState>>> {
  const content = `Réponse à « ${inputs.prompt} » 日本語 ✓`;
  for (const word of content.split(' ')) {
    await new Promise((r) => setTimeout(r, 0));
    yield { delta: `${word} ` };
  }
  yield actionResult(content, {
    chat_history: [...state.chat_history, { role: 'assistant', content }],
  });
}

const start: ChatState = { chat_history: [{ role: 'user', content: 'hi' }] };

describe('streamResult', () => {
  it('yields the deltas, then get() resolves { result, state }; onEnd runs once', async () => {
    const ends: ActionOutcome<string, ChatState>[] = [];
    const container = streamResult(
      respond,
      start,
      { prompt: 'hi' },
      { onEnd: (o) => ends.push(o) },
    );
    let text = '';
    for await (const item of container) text += item.delta;
    const { result, state } = await container.get();
    expect(text.trim()).toBe(result);
    expect(state.chat_history.at(-1)).toEqual({ role: 'assistant', content: result });
    expect(ends).toEqual([{ status: 'completed', result, state }]);
    await container.get();
    expect(ends).toHaveLength(1);
  });

  it('get() called early drains the unread deltas and still runs onEnd once', async () => {
    let pulled = 0;
    async function* counted(_state: number, _inputs: undefined) {
      for (let i = 0; i < 5; i++) {
        pulled++;
        yield i;
      }
      return { result: 'five', state: 5 };
    }
    const ends: string[] = [];
    const container = streamResult(counted, 0, undefined, { onEnd: (o) => ends.push(o.status) });
    const first = await container[Symbol.asyncIterator]().next();
    expect(first).toEqual({ done: false, value: 0 });
    expect(await container.get()).toEqual({ result: 'five', state: 5 });
    expect(pulled).toBe(5);
    expect(ends).toEqual(['completed']);
  });

  it('accepts a sync generator that returns { result, state }', async () => {
    function* sync(state: number, inputs: number) {
      yield state + inputs;
      return { result: 'ok', state: state + inputs };
    }
    const container = streamResult(sync, 1, 2);
    const deltas: number[] = [];
    for await (const d of container) deltas.push(d);
    expect(deltas).toEqual([3]);
    expect(await container.get()).toEqual({ result: 'ok', state: 3 });
  });

  it('a failing action: the loop throws the typed error, onEnd gets failed once, get() rejects', async () => {
    async function* broken(_s: null, _i: null) {
      yield 'a';
      throw new Error('model down');
    }
    const ends: ActionOutcome<unknown, null>[] = [];
    const container = streamResult(broken, null, null, { onEnd: (o) => ends.push(o) });
    const seen: string[] = [];
    const failure = await readUntilError(container, seen);
    expect(seen).toEqual(['a']);
    expect(RxRunnablesError.isInstance(failure)).toBe(true);
    expect((failure as RxRunnablesError).message).toBe('model down');
    expect((failure as RxRunnablesError).details.step).toBe('broken');
    await expect(container.get()).rejects.toBe(failure);
    expect(ends).toEqual([{ status: 'failed', error: failure }]);
  });

  it('break cancels: the generator finally runs, onEnd gets cancelled once, get() rejects ABORTED', async () => {
    let cleaned = 0;
    async function* endless(_s: null, _i: null) {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleaned++;
      }
    }
    const ends: string[] = [];
    const container = streamResult(endless, null, null, { onEnd: (o) => ends.push(o.status) });
    for await (const i of container) if (i === 3) break;
    expect(cleaned).toBe(1);
    expect(ends).toEqual(['cancelled']);
    await expect(container.get()).rejects.toMatchObject({ code: 'ABORTED' });
    expect(ends).toEqual(['cancelled']);
  });

  it('an aborted signal cancels a running action', async () => {
    const controller = new AbortController();
    let cleaned = false;
    async function* slow(_s: null, _i: null) {
      try {
        for (;;) {
          yield 'tick';
          await new Promise((r) => setTimeout(r, 5));
        }
      } finally {
        cleaned = true;
      }
    }
    const ends: string[] = [];
    const container = streamResult(slow, null, null, {
      signal: controller.signal,
      onEnd: (o) => ends.push(o.status),
    });
    const it = container[Symbol.asyncIterator]();
    await it.next();
    controller.abort();
    await expect(container.get()).rejects.toMatchObject({ code: 'ABORTED' });
    await new Promise((r) => setTimeout(r, 20));
    expect(cleaned).toBe(true);
    expect(ends).toEqual(['cancelled']);
  });

  it('an action that ends without a result fails with ACTION_NO_RESULT', async () => {
    async function* forgetful(_s: null, _i: null) {
      yield 1;
    }
    const container = streamResult(forgetful, null, null);
    await expect(container.get()).rejects.toMatchObject({
      code: 'ACTION_NO_RESULT',
      details: { step: 'forgetful' },
    });
  });
});

/** The reference's browser client: decode each read and split it on 'data: '. */
function naiveClient(reads: Uint8Array[]): { history: unknown; text: string } | 'threw' {
  const decoder = new TextDecoder('utf-8');
  let history: unknown;
  let text = '';
  try {
    for (const bytes of reads) {
      const message = decoder.decode(bytes, { stream: true });
      message
        .split('data: ')
        .slice(1)
        .forEach((item) => {
          const event = JSON.parse(item) as { type: string; value: { delta?: string } };
          if (event.type === 'state') history = event.value;
          if (event.type === 'delta') text += event.value.delta;
        });
    }
  } catch {
    return 'threw';
  }
  return { history, text };
}

/** Ours: the same reads through readActionSSE. */
async function ourClient(
  reads: Uint8Array[],
): Promise<{ history: unknown; text: string; result: unknown }> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const bytes of reads) controller.enqueue(bytes);
      controller.close();
    },
  });
  let history: unknown;
  let text = '';
  let result: unknown;
  for await (const event of readActionSSE<{ delta: string }, string, ChatState>(body)) {
    if (event.type === 'state') history = event.value;
    else if (event.type === 'delta') text += event.value.delta;
    else result = event.value;
  }
  return { history, text, result };
}

describe('streamActionSSE and readActionSSE', () => {
  it('sends state, the deltas, then result; our client reads every split, the naive one does not', async () => {
    const frames = await lastValueFrom(
      streamActionSSE(respond, start, { prompt: 'hi' }, { stateView: (s) => s.chat_history }).pipe(
        toArray(),
      ),
    );
    expect(frames[0]).toBe(
      `data: {"type":"state","value":${JSON.stringify(start.chat_history)}}\n\n`,
    );
    expect(frames.at(-1)).toMatch(/^data: \{"type":"result","value":\{"result":"Réponse/);
    const bytes = new TextEncoder().encode(frames.join(''));
    const { result } = await streamResult(respond, start, { prompt: 'hi' }).get();
    const expected = { history: start.chat_history, text: `${result} ` };
    expect(naiveClient([bytes])).toEqual(expected);
    let naiveWrong = 0;
    for (let k = 1; k < bytes.length; k++) {
      const reads = [bytes.subarray(0, k), bytes.subarray(k)];
      const ours = await ourClient(reads);
      expect(ours).toEqual({ ...expected, result: { result, state: expect.anything() } });
      const naive = naiveClient(reads);
      if (naive === 'threw' || naive.text !== expected.text) naiveWrong++;
    }
    expect(naiveWrong).toBeGreaterThan(bytes.length / 2);
  });

  it('ends with an error frame the client raises as the typed error, after the deltas', async () => {
    async function* failing(_s: null, _i: null) {
      yield 'partial';
      throw new RxRunnablesError('TIMEOUT', 'model too slow', { timeoutMs: 5 });
    }
    const text = (await lastValueFrom(streamActionSSE(failing, null, null).pipe(toArray()))).join(
      '',
    );
    const seen: unknown[] = [];
    const failure = await new Promise<unknown>((resolve) =>
      readActionSSE(new Response(text)).subscribe({ next: (e) => seen.push(e), error: resolve }),
    );
    expect(seen).toEqual([
      { type: 'state', value: null },
      { type: 'delta', value: 'partial' },
    ]);
    expect(failure).toMatchObject({
      code: 'TIMEOUT',
      message: 'model too slow',
      details: { timeoutMs: 5, remote: true },
    });
  });

  it('serves an action over real HTTP; unsubscribing (client gone) cancels the action', async () => {
    let cleaned = false;
    async function* ticking(_s: null, _i: null) {
      try {
        for (let i = 0; ; i++) {
          yield i;
          await new Promise((r) => setTimeout(r, 2));
        }
      } finally {
        cleaned = true;
      }
    }
    const server: Server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const sub = streamActionSSE(ticking, null, null).subscribe((frame) => res.write(frame));
      res.on('close', () => sub.unsubscribe());
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const response = await fetch(url, { method: 'POST' });
    const deltas: number[] = [];
    for await (const event of readActionSSE<number, never, null>(response)) {
      if (event.type === 'delta') deltas.push(event.value);
      if (deltas.length === 3) break;
    }
    expect(deltas).toEqual([0, 1, 2]);
    for (let i = 0; i < 200 && !cleaned; i++) await new Promise((r) => setTimeout(r, 10));
    expect(cleaned).toBe(true);
  });
});

const servers = useNodeServers();
