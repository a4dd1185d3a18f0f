// A step of ours inside a LangChain chain reports to LangChain's callbacks (its start, every
// output chunk, its end or error with the whole input and output) what LangChain's own step in
// that place reports: the same chain built both ways, the callbacks recorded and compared.
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import { JsonOutputParser as LCJsonParser } from '@langchain/core/output_parsers';
import { StringOutputParser as LCParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCPrompt } from '@langchain/core/prompts';
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import type { Runnable as LCRunnable } from '@langchain/core/runnables';
import type { StreamEvent } from '@langchain/core/tracers/log_stream';
import { describe, expect, it } from 'vitest';
import { JsonOutputParser } from '../../src/json';
import { toLangChain } from '../../src/langchain';
import { StringOutputParser } from '../../src/models';
import { ScriptedLCChatModel } from './fixtures';

/** Records the chain callbacks of the run named `name`. */
class ChainRecorder extends BaseCallbackHandler {
  name = 'chain_recorder';
  readonly calls: [string, unknown, unknown][] = [];
  private readonly runs = new Set<string>();

  constructor(private readonly watched: string) {
    super();
  }

  override handleChainStart(
    _chain: unknown,
    inputs: unknown,
    runId: string,
    _parent?: string,
    _tags?: string[],
    _metadata?: unknown,
    _runType?: string,
    runName?: string,
  ): void {
    if (runName !== this.watched) return;
    this.runs.add(runId);
    this.calls.push(['start', inputs, undefined]);
  }

  override handleChainEnd(
    outputs: unknown,
    runId: string,
    _parent?: string,
    _tags?: string[],
    kwargs?: { inputs?: unknown },
  ): void {
    if (this.runs.has(runId)) this.calls.push(['end', plain(kwargs?.inputs), plain(outputs)]);
  }

  override handleChainError(
    error: Error,
    runId: string,
    _parent?: string,
    _tags?: string[],
    kwargs?: { inputs?: unknown },
  ): void {
    if (this.runs.has(runId)) this.calls.push(['error', plain(kwargs?.inputs), error.message]);
  }
}

/**
 * Usage as data. LangChain adds empty `input_token_details` / `output_token_details` when it adds
 * usage up, ours leaves them out (a documented difference); empty details are dropped here.
 */
function usage(value: LCAIMessageChunk['usage_metadata']): unknown {
  if (value === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => !(typeof v === 'object' && v !== null && Object.keys(v).length === 0),
    ),
  );
}

/** A LangChain value as data: a message chunk by its type and fields, other values as they are. */
function plain(value: unknown): unknown {
  if (value instanceof LCAIMessageChunk) {
    return {
      type: 'ai',
      content: value.content,
      id: value.id,
      response_metadata: value.response_metadata,
      tool_call_chunks: value.tool_call_chunks,
      tool_calls: value.tool_calls,
      usage_metadata: usage(value.usage_metadata),
    };
  }
  if (Array.isArray(value)) return value.map(plain);
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const chunks = () => [
  new LCAIMessageChunk({ content: '{"a": "', id: 'm1' }),
  new LCAIMessageChunk({ content: 'he', response_metadata: { model_name: 'scripted' } }),
  new LCAIMessageChunk({
    content: 'llo"}',
    usage_metadata: { input_tokens: 3, output_tokens: 3, total_tokens: 6 },
  }),
];

async function record(
  step: LCRunnable,
  name = 'Step',
): Promise<{ calls: ChainRecorder['calls']; events: [string, unknown][]; output: unknown[] }> {
  const prompt = LCPrompt.fromMessages([['human', '{q}']]);
  const parser = step.withConfig({ runName: name });
  const chain = prompt.pipe(new ScriptedLCChatModel({ chunks: chunks() })).pipe(parser);
  const recorder = new ChainRecorder(name);
  const output: unknown[] = [];
  for await (const chunk of await chain.stream({ q: 'x' }, { callbacks: [recorder] }))
    output.push(chunk);
  const events: [string, unknown][] = [];
  for await (const event of chain.streamEvents(
    { q: 'x' },
    { version: 'v2' },
  ) as AsyncIterable<StreamEvent>) {
    if (event.name !== name) continue;
    events.push([event.event, plain(event.data)]);
  }
  return { calls: recorder.calls, events, output };
}

describe('a step of ours inside a LangChain chain, reported as LangChain reports its own', () => {
  it('a string parser: start, every chunk, and the end with the whole input message and output', async () => {
    const theirs = await record(new LCParser());
    const ours = await record(toLangChain(new StringOutputParser()));
    expect(ours).toEqual(theirs);
    // What is compared: the end carries the three chunks added up, metadata and usage included.
    expect(theirs.calls.at(-1)).toMatchObject([
      'end',
      {
        content: '{"a": "hello"}',
        id: 'm1',
        response_metadata: { model_name: 'scripted' },
        usage_metadata: { total_tokens: 6 },
      },
      '{"a": "hello"}',
    ]);
  });

  it('a JSON parser (snapshots): the same output and snapshots; the input is whole (a documented difference)', async () => {
    const theirs = await record(new LCJsonParser());
    const ours = await record(toLangChain(new JsonOutputParser()));
    expect(ours.output).toEqual(theirs.output);
    expect(ours.events.filter(([name]) => name !== 'on_parser_end')).toEqual(
      theirs.events.filter(([name]) => name !== 'on_parser_end'),
    );
    // Both end with the last snapshot as the output, not the snapshots added up.
    expect(ours.calls.at(-1)?.[2]).toEqual({ a: 'hello' });
    expect(theirs.calls.at(-1)?.[2]).toEqual({ a: 'hello' });
    // LangChain's JsonOutputParser keeps the newer chunk for its input too, so it reports the
    // last input chunk; ours reports the whole message it parsed.
    expect(theirs.calls.at(-1)?.[1]).toMatchObject({ content: 'llo"}' });
    expect(ours.calls.at(-1)?.[1]).toMatchObject({ content: '{"a": "hello"}', id: 'm1' });
  });

  it('a failing source: the error callback carries the input that arrived', async () => {
    const failing = async (step: LCRunnable) => {
      const source = LCLambda.from(async function* () {
        yield* chunks().slice(0, 2);
        throw new Error('source failed');
      });
      const recorder = new ChainRecorder('Step');
      const chain = source.pipe(step.withConfig({ runName: 'Step' }));
      const error: unknown = await (async () => {
        for await (const _ of await chain.stream({}, { callbacks: [recorder] })) {
          // drained until the source fails
        }
      })().catch((e: unknown) => e);
      return { calls: recorder.calls, error: String(error) };
    };
    const theirs = await failing(new LCParser());
    const ours = await failing(toLangChain(new StringOutputParser()));
    expect(ours).toEqual(theirs);
    expect(theirs.calls.at(-1)).toMatchObject(['error', { content: '{"a": "he' }, 'source failed']);
  });
});
