import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCChatPromptTemplate } from '@langchain/core/prompts';
import {
  RunnableLambda as LCRunnableLambda,
  RunnableParallel as LCRunnableParallel,
} from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import { RunnableLambda, RxRunnablesError } from '../../src/core';
import type { RunEvent } from '../../src/core';
import { fromLangChain } from '../../src/langchain';
import { eventsOf } from './fixtures';

const lcPrompt = LCChatPromptTemplate.fromMessages([['human', 'About {topic}']]);

function lcChain(reply = 'Hi there') {
  return lcPrompt
    .pipe(new FakeListChatModel({ responses: [reply] }))
    .pipe(new LCStringOutputParser());
}

function find(events: RunEvent[], event: string, name?: string): RunEvent {
  const found = events.find((e) => e.event === event && (name === undefined || e.name === name));
  if (!found) throw new Error(`no ${event} ${name ?? ''}`);
  return found;
}

describe('fromLangChain: inner events', () => {
  it('reports the inner runs of a LangChain chain below our step', async () => {
    const chain = RunnableLambda.from((topic: string) => ({ topic })).pipe(
      fromLangChain(lcChain()),
    );
    const events = await eventsOf(chain, 'rx');
    const root = find(events, 'on_chain_start', 'RunnableSequence');
    expect(root.parentIds).toEqual([]);
    const steps = events.filter((e) => e.event === 'on_chain_start' && e.parentIds.length === 1);
    expect(steps.map((e) => e.name)).toEqual(['RunnableLambda', 'RunnableSequence']);
    const step = steps[1] as RunEvent;
    const below = [root.runId, step.runId];
    for (const name of ['on_prompt_start', 'on_chat_model_start', 'on_parser_start']) {
      expect(find(events, name).parentIds).toEqual(below);
    }
    expect(find(events, 'on_prompt_end').data.output).toBeDefined();
    const modelStreams = events.filter((e) => e.event === 'on_chat_model_stream');
    expect(modelStreams.map((e) => (e.data.chunk as AIMessageChunk).text).join('')).toBe(
      'Hi there',
    );
    for (const e of modelStreams) expect(e.data.chunk).toBeInstanceOf(AIMessageChunk);
    const starts = events.filter((e) => e.event.endsWith('_start'));
    expect(new Set(starts.map((e) => e.runId)).size).toBe(starts.length);
  });

  it('reports LangChain chain output chunks as stream events and ends every run it starts', async () => {
    const events = await eventsOf(fromLangChain(lcChain('abc')), { topic: 'rx' });
    const parserStreams = events.filter((e) => e.event === 'on_parser_stream');
    expect(parserStreams.map((e) => e.data.chunk)).toEqual(['a', 'b', 'c']);
    const started = events.filter((e) => e.event.endsWith('_start')).map((e) => e.runId);
    const ended = events.filter((e) => e.event.endsWith('_end')).map((e) => e.runId);
    expect(new Set(ended)).toEqual(new Set(started));
  });

  it('nests deeper LangChain runs under their LangChain parents', async () => {
    const parallel = LCRunnableParallel.from({ answer: lcChain('ok') });
    const events = await eventsOf(fromLangChain(parallel), { topic: 'rx' });
    const [outer] = events;
    const sequence = find(events, 'on_chain_start', 'RunnableSequence');
    expect(sequence.parentIds).toEqual([outer?.runId]);
    const model = find(events, 'on_chat_model_start');
    expect(model.parentIds).toEqual([outer?.runId, sequence.runId]);
    const known = new Set(events.filter((e) => e.event.endsWith('_start')).map((e) => e.runId));
    for (const e of events) for (const id of e.parentIds) expect(known.has(id)).toBe(true);
  });

  it('passes our tags and metadata to the inner runs', async () => {
    const events = await eventsOf(
      fromLangChain(lcChain()),
      { topic: 'rx' },
      {
        tags: ['interop'],
        metadata: { user: 'ada' },
      },
    );
    const model = find(events, 'on_chat_model_start');
    expect(model.tags).toContain('interop');
    expect(model.metadata).toMatchObject({ user: 'ada' });
  });

  it('reports an inner failure as an error event under our step, then fails the run', async () => {
    const failing = lcPrompt.pipe(
      LCRunnableLambda.from((): string => {
        throw new Error('inner boom');
      }),
    );
    const seen: RunEvent[] = [];
    const error = await new Promise((resolve) =>
      fromLangChain(failing)
        .streamEvents({ topic: 'rx' })
        .subscribe({ next: (e) => seen.push(e), error: resolve, complete: () => resolve(null) }),
    );
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    const inner = find(seen, 'on_chain_error', 'RunnableLambda');
    expect(inner.parentIds).toHaveLength(1);
    expect((inner.data.error as RxRunnablesError).message).toBe('inner boom');
    expect(seen.at(-1)?.event).toBe('on_chain_error');
    expect(seen.at(-1)?.parentIds).toEqual([]);
  });
});
