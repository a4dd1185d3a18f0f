/**
 * One pipe per subpath, run on the built package loaded by its name, in both formats: names in
 * events, `instanceof` across subpaths, and typed errors' `code` as users see them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunnableLambda as LCRunnableLambda } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import type * as Core from '../../src/core';
import type * as Chunks from '../../src/chunks';
import type * as Json from '../../src/json';
import type * as Models from '../../src/models';
import type * as Rag from '../../src/rag';
import type * as RagNode from '../../src/rag/node';
import type * as Runs from '../../src/runs';
import type * as Langchain from '../../src/langchain';
import type * as OpenAI from '../../src/openai';
import type * as Testing from '../../src/testing';
import { builds } from './support';

/** `on_*_start`/`on_*_end` events as `"<event> <name>"`, sorted (nested steps interleave). */
async function events(stream: AsyncIterable<{ event: string; name: string }>): Promise<string[]> {
  const seen: string[] = [];
  for await (const e of stream) if (!e.event.endsWith('_stream')) seen.push(`${e.event} ${e.name}`);
  return seen.sort();
}

describe.each(builds)('the %s build, imported by name', (_format, load) => {
  const core = () => load('rx-runnables') as Promise<typeof Core>;
  const chunks = () => load('rx-runnables/chunks') as Promise<typeof Chunks>;
  const json = () => load('rx-runnables/json') as Promise<typeof Json>;
  const models = () => load('rx-runnables/models') as Promise<typeof Models>;

  it('core: a pipe runs, events name the classes, errors carry a code', async () => {
    const { RunnableLambda, RxRunnablesError } = await core();
    const upper = RunnableLambda.from((s: string) => s.toUpperCase());
    const chain = upper.pipe((s: string) => `${s}!`);
    expect(await chain.invoke('rx')).toBe('RX!');
    expect(await events(chain.streamEvents('rx'))).toEqual([
      'on_chain_end RunnableLambda',
      'on_chain_end RunnableLambda',
      'on_chain_end RunnableSequence',
      'on_chain_start RunnableLambda',
      'on_chain_start RunnableLambda',
      'on_chain_start RunnableSequence',
    ]);
    const slow = RunnableLambda.from(() => new Promise<string>(() => undefined));
    const timeout: unknown = await slow.invoke('x', { timeoutMs: 5 }).catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(timeout)).toBe(true);
    expect(timeout).toBeInstanceOf(RxRunnablesError);
    expect((timeout as Core.RxRunnablesError).code).toBe('TIMEOUT');
    expect((timeout as Error).name).toBe('RxRunnablesError');
  });

  it('chunks: messages are instances of the classes every subpath exports', async () => {
    const { AIMessageChunk, BaseMessage, HumanMessage, concat } = await chunks();
    const { DemoChatModel } = await models();
    const { Runnable } = await core();
    const model = new DemoChatModel({ script: ['one two'] });
    expect(model).toBeInstanceOf(Runnable);
    const streamed: unknown[] = [];
    for await (const chunk of model.astream([new HumanMessage('hi')])) streamed.push(chunk);
    expect(streamed.length).toBeGreaterThan(1);
    for (const chunk of streamed) {
      expect(chunk).toBeInstanceOf(AIMessageChunk);
      expect(chunk).toBeInstanceOf(BaseMessage);
    }
    const whole = (streamed as Chunks.AIMessageChunk[]).reduce((a, b) => concat(a, b));
    expect(whole.text).toBe('one two');
    expect(whole.constructor.name).toBe('AIMessageChunk');
  });

  it('json: the parser streams partial values; bad JSON is a JSON_PARSE error', async () => {
    const { JsonOutputParser } = await json();
    const { RunnableLambda, RxRunnablesError } = await core();
    const source = RunnableLambda.from(async function* (parts: string[]) {
      yield* parts;
    });
    const chain = source.pipe(new JsonOutputParser());
    const partials: unknown[] = [];
    for await (const value of chain.astream(['{"a": [1', ', 2], "b"', ': "x"}'])) partials.push(value);
    expect(partials.at(-1)).toEqual({ a: [1, 2], b: 'x' });
    expect(partials.length).toBeGreaterThan(1);
    expect(await chain.invoke(['{"a": 1}'])).toEqual({ a: 1 });
    const error: unknown = await chain.invoke(['{"a": ]']).catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect((error as Core.RxRunnablesError).code).toBe('JSON_PARSE');
  });

  it('models: prompt | model | parser, with the class names in events', async () => {
    const { ChatPromptTemplate, DemoChatModel, StringOutputParser } = await models();
    const chain = ChatPromptTemplate.fromMessages([['human', 'Say {word}']])
      .pipe(new DemoChatModel({ script: ['hello there'] }))
      .pipe(new StringOutputParser());
    expect(await chain.invoke({ word: 'hello' })).toBe('hello there');
    const names = await events(
      ChatPromptTemplate.fromMessages([['human', 'Say {word}']])
        .pipe(new DemoChatModel({ script: ['hi'] }))
        .pipe(new StringOutputParser())
        .streamEvents({ word: 'hi' }),
    );
    expect(names).toEqual([
      'on_chain_end RunnableSequence',
      'on_chain_start RunnableSequence',
      'on_chat_model_end DemoChatModel',
      'on_chat_model_start DemoChatModel',
      'on_parser_end StrOutputParser',
      'on_parser_start StrOutputParser',
      'on_prompt_end ChatPromptTemplate',
      'on_prompt_start ChatPromptTemplate',
    ]);
    const missing: unknown = await ChatPromptTemplate.fromMessages([['human', '{word}']])
      .invoke({})
      .catch((e: unknown) => e);
    expect((missing as Core.RxRunnablesError).code).toBe('PROMPT_MISSING_VARIABLE');
  });

  it('rag and rag/node: a folder loaded from disk answers through StreamingRAG', async () => {
    const { InMemoryRetriever, StreamingRAG } = (await load('rx-runnables/rag')) as typeof Rag;
    const { loadDocuments } = (await load('rx-runnables/rag/node')) as typeof RagNode;
    const { DemoChatModel } = await models();
    const dir = await mkdtemp(join(tmpdir(), 'dist-rag-'));
    try {
      const text = 'Unsubscribing from the stream cancels the run and releases every timer.';
      await writeFile(join(dir, 'cancel.md'), `# Cancellation\n\n${text}`);
      await writeFile(join(dir, 'retry.md'), '# Retries\n\nwithRetry repeats a failed step.');
      const retriever = new InMemoryRetriever({ k: 1, documents: await loadDocuments(dir) });
      expect(retriever.size).toBe(2);
      const rag = new StreamingRAG({ retriever, llm: new DemoChatModel() });
      expect(await rag.invoke('How do I cancel the run?')).toBe(text);
      expect(await events(rag.streamEvents('cancellation', { version: 'v2' }))).toEqual([
        'on_chain_end StreamingRAG',
        'on_chain_start StreamingRAG',
        'on_chat_model_end DemoChatModel',
        'on_chat_model_start DemoChatModel',
        'on_retriever_end InMemoryRetriever',
        'on_retriever_start InMemoryRetriever',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs: a run pauses, resumes from JSON, and its errors are the core error class', async () => {
    const { createRun, Run, RunState, submitToolOutputs } = (await load(
      'rx-runnables/runs',
    )) as typeof Runs;
    const { RxRunnablesError } = await core();
    const { DemoChatModel } = await models();
    const tools = [{ name: 'lookup' }];
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'lookup', args: { id: 1 } }] }, 'Found.'],
    });
    const run = createRun({ model, tools, messages: 'x' });
    expect(run).toBeInstanceOf(Run);
    expect(run.constructor.name).toBe('Run');
    expect((await run.finalRun()).status).toBe('requires_action');
    const state = RunState.fromJSON(JSON.parse(JSON.stringify(run.state)));
    let error: unknown;
    try {
      submitToolOutputs(state, [], { model, tools });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RxRunnablesError);
    expect((error as { code?: string }).code).toBe('RUN_STATE');
    const next = submitToolOutputs(state, [{ toolCallId: 'call_0_0', output: '42' }], {
      model,
      tools,
    });
    expect((await next.finalMessages())[0]?.content[0]?.text.value).toBe('Found.');
  });

  it('langchain: a LangChain.js runnable pipes into ours', async () => {
    const { fromLangChain } = (await load('rx-runnables/langchain')) as typeof Langchain;
    const { RunnableLambda } = await core();
    const lc = LCRunnableLambda.from((s: string) => `${s} from LangChain`);
    const chain = RunnableLambda.from((s: string) => s.trim()).pipe(fromLangChain(lc));
    expect(await chain.invoke('  hello ')).toBe('hello from LangChain');
  });

  it('openai and testing: OpenAIChatModel streams from the loopback server', async () => {
    const { OpenAIChatModel } = (await load('rx-runnables/openai')) as typeof OpenAI;
    const { startOpenAICompatibleServer } = (await load('rx-runnables/testing')) as typeof Testing;
    const { StringOutputParser } = await models();
    const server = await startOpenAICompatibleServer({ responses: [{ content: ['Hi', ' there'] }] });
    try {
      const model = new OpenAIChatModel({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
      const texts: string[] = [];
      for await (const text of model.pipe(new StringOutputParser()).astream('hello')) texts.push(text);
      expect(texts.join('')).toBe('Hi there');
      expect(model.name).toBe('OpenAIChatModel');
    } finally {
      await server.close();
    }
  });

  it('openai, runs and testing: OpenAIResponsesModel drives a run through /v1/responses', async () => {
    const { OpenAIResponsesModel } = (await load('rx-runnables/openai')) as typeof OpenAI;
    const { createRun } = (await load('rx-runnables/runs')) as typeof Runs;
    const { startOpenAICompatibleServer } = (await load('rx-runnables/testing')) as typeof Testing;
    const server = await startOpenAICompatibleServer({
      responses: [
        { toolCalls: [{ id: 'call_a', name: 'add', args: { a: 2, b: 3 } }] },
        { content: 'It is 5.' },
      ],
    });
    try {
      const model = new OpenAIResponsesModel({ apiKey: 'test', baseURL: server.url });
      const add = {
        name: 'add',
        execute: ({ a, b }: Record<string, unknown>) => String(Number(a) + Number(b)),
      };
      const run = createRun({ model, tools: [add], messages: 'What is 2 + 3?' });
      const names: string[] = [];
      for await (const event of run) names.push(event.event);
      expect(names.slice(-2)).toEqual(['thread.run.completed', 'done']);
      expect(server.requests.map((r) => r.path)).toEqual(['/v1/responses', '/v1/responses']);
      expect(JSON.stringify(server.requests[1]?.body)).toContain('"output":"5"');
      expect(model.name).toBe('OpenAIResponsesModel');
    } finally {
      await server.close();
    }
  });
});
