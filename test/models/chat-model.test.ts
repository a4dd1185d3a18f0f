import { NEVER, Observable, firstValueFrom, of, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk, AIMessage, HumanMessage, SystemMessage } from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { RunnableLambda, RxRunnablesError } from '../../src/core';
import { ChatModel, ChatPromptTemplate } from '../../src/models';
import type { ChatModelCallContext } from '../../src/models';

/** Streams the last message's text back in two chunks and records what it was called with. */
class EchoModel extends ChatModel {
  calls: { messages: BaseMessage[]; ctx: ChatModelCallContext }[] = [];

  protected streamMessages(messages: BaseMessage[], ctx: ChatModelCallContext) {
    this.calls.push({ messages, ctx });
    const text = messages.at(-1)?.text ?? '';
    const half = Math.ceil(text.length / 2);
    return of(
      new AIMessageChunk({ content: text.slice(0, half), id: 'echo-1' }),
      new AIMessageChunk({
        content: text.slice(half),
        responseMetadata: { finish_reason: 'stop' },
      }),
    );
  }
}

/** A model defined by a function, for one-off behaviours. */
class FnModel extends ChatModel {
  constructor(
    private readonly fn: (m: BaseMessage[], c: ChatModelCallContext) => Observable<AIMessageChunk>,
  ) {
    super();
  }
  protected streamMessages(messages: BaseMessage[], ctx: ChatModelCallContext) {
    return this.fn(messages, ctx);
  }
}

describe('ChatModel input', () => {
  it('turns a string into one human message', async () => {
    const model = new EchoModel();
    await model.invoke('Hi there');
    expect(model.calls[0]?.messages).toEqual([new HumanMessage('Hi there')]);
  });

  it('passes a message list through', async () => {
    const model = new EchoModel();
    const messages = [new SystemMessage('Be brief'), new HumanMessage('Why?')];
    await model.invoke(messages);
    expect(model.calls[0]?.messages).toEqual(messages);
  });

  it('renders a prompt value into messages', async () => {
    const model = new EchoModel();
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'S'],
      ['human', '{q}'],
    ]);
    const reply = await prompt.pipe(model).invoke({ q: 'ping' });
    expect(model.calls[0]?.messages.map((m) => m.type)).toEqual(['system', 'human']);
    expect(reply.content).toBe('ping');
  });

  it('collects streamed input chunks before answering', async () => {
    const model = new EchoModel();
    const upstream = new RunnableLambda(async function* (_: string) {
      yield 'Hel';
      yield 'lo';
    });
    await upstream.pipe(model).invoke('x');
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]?.messages[0]?.text).toBe('Hello');
  });

  it('rejects other input with INVALID_INPUT', async () => {
    const model = new EchoModel();
    await expect(
      model.invoke([{ role: 'user' }] as unknown as BaseMessage[]),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(model.invoke(42 as unknown as string)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('ChatModel output', () => {
  it('streams chunks and invokes to their sum', async () => {
    const model = new EchoModel();
    const chunks = await firstValueFrom(model.stream('abcd').pipe(toArray()));
    expect(chunks.map((c) => c.content)).toEqual(['ab', 'cd']);
    const reply = await model.invoke('abcd');
    expect(reply).toBeInstanceOf(AIMessageChunk);
    expect(reply).toMatchObject({ content: 'abcd', id: 'echo-1' });
    expect(reply.responseMetadata).toEqual({ finish_reason: 'stop' });
  });

  it('reports errors as GENERATION with the step name, keeping existing codes', async () => {
    const failing = new FnModel(() => throwError(() => new Error('down')));
    await expect(failing.invoke('x')).rejects.toMatchObject({
      code: 'GENERATION',
      message: 'down',
      details: { step: 'FnModel' },
    });
    const thrower = new FnModel(() => {
      throw new RxRunnablesError('MODEL_HTTP', '503');
    });
    await expect(thrower.invoke('x')).rejects.toMatchObject({ code: 'MODEL_HTTP' });
  });

  it('reports chat_model events', async () => {
    const events: string[] = [];
    await new Promise<void>((resolve, reject) =>
      new EchoModel().streamEvents('hi').subscribe({
        next: (e) => events.push(e.event),
        error: reject,
        complete: resolve,
      }),
    );
    expect(events).toEqual([
      'on_chat_model_start',
      'on_chat_model_stream',
      'on_chat_model_stream',
      'on_chat_model_end',
    ]);
  });
});

describe('ChatModel cancellation', () => {
  it('unsubscribes the model stream and aborts ctx.signal when the caller unsubscribes', () => {
    let torndown = false;
    let signal: AbortSignal | undefined;
    const model = new FnModel((_m, ctx) => {
      signal = ctx.signal;
      return new Observable<AIMessageChunk>(() => () => {
        torndown = true;
      });
    });
    const subscription = model.stream('x').subscribe();
    expect(signal?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(torndown).toBe(true);
    expect(signal?.aborted).toBe(true);
  });

  it('fails with ABORTED when the caller aborts', async () => {
    const controller = new AbortController();
    const model = new FnModel(() => NEVER);
    const pending = model.invoke('x', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('ChatModel.bindTools', () => {
  const search = {
    name: 'search',
    description: 'Search the web',
    parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
  };

  it('returns a bound copy and leaves the original unbound', async () => {
    const model = new EchoModel();
    const bound = model.bindTools([search], { toolChoice: 'required' });
    expect(bound).toBeInstanceOf(EchoModel);
    expect(bound).not.toBe(model);
    expect(model.tools).toEqual([]);
    expect(bound.tools).toEqual([search]);
    await bound.invoke('x');
    expect(bound.calls.at(-1)?.ctx.tools).toEqual([search]);
    expect(bound.calls.at(-1)?.ctx.toolChoice).toBe('required');
  });

  it('replaces earlier bindings', () => {
    const model = new EchoModel().bindTools([search]).bindTools([{ ...search, name: 'other' }]);
    expect(model.tools.map((t) => t.name)).toEqual(['other']);
  });

  it('passes no tools and no tool choice when unbound', async () => {
    const model = new EchoModel();
    await model.invoke('x');
    expect(model.calls[0]?.ctx.tools).toEqual([]);
    expect(model.calls[0]?.ctx.toolChoice).toBeUndefined();
    expect(model.calls[0]?.ctx.options).toEqual({});
  });

  it('accepts a previous answer in the conversation', async () => {
    const model = new EchoModel();
    await model.invoke([new HumanMessage('a'), new AIMessage('b'), new HumanMessage('c')]);
    expect(model.calls[0]?.messages).toHaveLength(3);
  });
});
