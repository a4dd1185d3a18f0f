// Our runnable as a LangGraph node, through toLangChain: tokens stream out of the graph chunk by
// chunk (the `messages` stream mode and streamEvents v2) and the final state holds our answer.
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import type { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import { HumanMessage as LCHumanMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import { toLangChain } from '../../src/langchain';
import { ChatPromptTemplate, DemoChatModel } from '../../src/models';
import type { ChatModel } from '../../src/models';
import { WordModel } from './fixtures';

const ANSWER = 'Observables are lazy and cancellable.';
// The demo model streams one chunk per word, then an empty one with finish_reason and usage.
const CHUNKS = ['Observables', ' are', ' lazy', ' and', ' cancellable.', ''];

/** A one-node graph whose node runs our prompt | model chain, made LangChain's. */
function graphWith(model: ChatModel = new DemoChatModel({ responses: [ANSWER], tokenDelayMs: 5 })) {
  const chain = toLangChain(
    ChatPromptTemplate.fromMessages([
      ['system', 'You answer about RxJS.'],
      ['human', '{question}'],
    ]).pipe(model),
  );
  return new StateGraph(MessagesAnnotation)
    .addNode(
      'assistant',
      async (state: typeof MessagesAnnotation.State, config: RunnableConfig) => {
        const question = state.messages.at(-1)?.text ?? '';
        return { messages: [await chain.invoke({ question }, config)] };
      },
    )
    .addEdge(START, 'assistant')
    .addEdge('assistant', END)
    .compile();
}

const input = { messages: [new LCHumanMessage('Are observables lazy?')] };

describe('toLangChain(ours) as a LangGraph node', () => {
  it("streamMode 'messages' yields our tokens one by one, tagged with the node", async () => {
    const tokens: { text: unknown; node: unknown }[] = [];
    const stream = await graphWith().stream(input, { streamMode: 'messages' });
    for await (const [chunk, metadata] of stream) {
      tokens.push({
        text: (chunk as LCAIMessageChunk).content,
        node: (metadata as Record<string, unknown>).langgraph_node,
      });
    }
    expect(tokens.map((t) => t.text)).toEqual(CHUNKS);
    expect(new Set(tokens.map((t) => t.node))).toEqual(new Set(['assistant']));
  });

  it('each token leaves the graph before our model produces the next one', async () => {
    const words = ['Rx ', 'is ', 'lazy'];
    const log: string[] = [];
    const model = new WordModel(
      words.map((content) => new AIMessageChunk({ content, id: 'answer-1' })),
      10,
      log,
    );
    const stream = await graphWith(model).stream(input, { streamMode: 'messages' });
    for await (const [chunk] of stream) log.push(`receive ${String(chunk.content)}`);
    expect(log.filter((line) => line.startsWith('receive'))).toEqual(
      words.map((word) => `receive ${word}`),
    );
    for (const [i, word] of words.slice(0, -1).entries()) {
      expect(log.indexOf(`receive ${word}`)).toBeLessThan(log.indexOf(`produce ${i + 1}`));
    }
  });

  it('the final state holds our answer as an AI message after the question', async () => {
    const state = await graphWith(new DemoChatModel({ responses: [ANSWER] })).invoke(input);
    expect(state.messages.map((m) => [m.type, m.content])).toEqual([
      ['human', 'Are observables lazy?'],
      ['ai', ANSWER],
    ]);
  });

  it("'values' and 'messages' together: tokens come before the state with the answer", async () => {
    const order: string[] = [];
    const stream = await graphWith().stream(input, { streamMode: ['messages', 'values'] });
    for await (const [mode, payload] of stream) {
      if (mode === 'messages') order.push('token');
      else order.push(`values:${(payload as typeof MessagesAnnotation.State).messages.length}`);
    }
    expect(order).toEqual(['values:1', ...CHUNKS.map(() => 'token'), 'values:2']);
  });

  it('streamEvents v2 reports our model inside the node, one on_chat_model_stream per token', async () => {
    const events: { event: string; name: string; text?: unknown; node?: unknown }[] = [];
    for await (const e of graphWith().streamEvents(input, { version: 'v2' })) {
      if (!e.event.startsWith('on_chat_model')) continue;
      events.push({
        event: e.event,
        name: e.name,
        text: (e.data.chunk as LCAIMessageChunk | undefined)?.content,
        node: e.metadata.langgraph_node,
      });
    }
    expect(events.map((e) => e.event)).toEqual([
      'on_chat_model_start',
      ...CHUNKS.map(() => 'on_chat_model_stream'),
      'on_chat_model_end',
    ]);
    expect(events.filter((e) => e.text !== undefined).map((e) => e.text)).toEqual(CHUNKS);
    expect(new Set(events.map((e) => e.name))).toEqual(new Set(['DemoChatModel']));
    expect(new Set(events.map((e) => e.node))).toEqual(new Set(['assistant']));
  });

  it('a node can hand the state messages to our model as they are (the list is converted)', async () => {
    const seen: string[][] = [];
    const model = toLangChain(
      new DemoChatModel({
        responses: [
          (messages) => {
            seen.push(messages.map((m) => `${m.type}:${m.text}`));
            return ANSWER;
          },
        ],
      }),
    );
    const graph = new StateGraph(MessagesAnnotation)
      .addNode('assistant', async (state: typeof MessagesAnnotation.State) => ({
        messages: [await model.invoke(state.messages)],
      }))
      .addEdge(START, 'assistant')
      .compile();
    const state = await graph.invoke(input);
    expect(seen).toEqual([['human:Are observables lazy?']]);
    expect(state.messages.at(-1)?.text).toBe(ANSWER);
  });
});
