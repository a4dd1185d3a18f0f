// Run as: node --import tsx --import ../module-graph/record-loads.mjs pipe-probe.ts
// A program that hands LangChain chat models straight to our `pipe` and never imports
// rx-runnables/langchain. Prints, as JSON, what each chain streamed, what the LangChain models
// received, and which of our modules were loaded.
import { AIMessage as LCAIMessage } from '@langchain/core/messages';
import type { BaseMessage as LCBaseMessage } from '@langchain/core/messages';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { ChatOpenAI } from '@langchain/openai';
import { AIMessage, ToolMessage } from '../../../src/chunks';
import { foreignInterop } from '../../../src/core/foreign-runnable';
import { ChatPromptTemplate, MessagesPlaceholder, StringOutputParser } from '../../../src/models';
import { startOpenAICompatibleServer } from '../../../src/testing';

const resolved = (globalThis as unknown as { __resolvedUrls: () => Promise<string[]> })
  .__resolvedUrls;

const prompt = ChatPromptTemplate.fromMessages([
  ['system', 'Be brief'],
  new MessagesPlaceholder('history'),
  ['human', '{question}'],
]);
const history = [
  new AIMessage({
    content: '',
    toolCalls: [{ name: 'lookup', args: { q: 'rx' }, id: 'call_1', type: 'tool_call' }],
  }),
  new ToolMessage({ content: 'RxJS 7', toolCallId: 'call_1' }),
];
const input = { history, question: 'Which version?' };

// A FakeListChatModel that remembers the messages it was given.
const seenByFake: LCBaseMessage[][] = [];
class RecordingFake extends FakeListChatModel {
  override async *_streamResponseChunks(
    messages: LCBaseMessage[],
    ...rest: Parameters<FakeListChatModel['_streamResponseChunks']> extends [unknown, ...infer R]
      ? R
      : never
  ) {
    seenByFake.push(messages);
    yield* super._streamResponseChunks(messages, ...rest);
  }
}
const fakeChunks: unknown[] = [];
for await (const chunk of prompt
  .pipe(new RecordingFake({ responses: ['Seven'] }) as never)
  .pipe(new StringOutputParser())
  .astream(input)) {
  fakeChunks.push(chunk);
}

const server = await startOpenAICompatibleServer({
  responses: [{ content: ['Rx', 'JS ', '7', '.'], delayMs: 20 }],
});
const model = new ChatOpenAI({
  apiKey: 'test',
  model: 'rx-loopback',
  maxRetries: 0,
  configuration: { baseURL: server.url },
});
let serverDone = false;
void server.waitForRequest(1).then((r) => r.whenDone.then(() => (serverDone = true)));
const openaiChunks: { text: unknown; serverDone: boolean }[] = [];
for await (const text of prompt
  .pipe(model as never)
  .pipe(new StringOutputParser())
  .astream(input)) {
  openaiChunks.push({ text, serverDone });
}
const request = server.requests[0]?.body;
await server.close();

process.stdout.write(
  JSON.stringify({
    fakeChunks,
    fakeMessages: (seenByFake[0] ?? []).map((m) => ({
      type: m.type,
      content: m.content,
      toolCalls: m instanceof LCAIMessage ? m.tool_calls : undefined,
      toolCallId: (m as { tool_call_id?: unknown }).tool_call_id,
    })),
    openaiChunks,
    openaiMessages: typeof request === 'object' ? request.messages : undefined,
    adaptHook: typeof foreignInterop.adapt,
    ourModules: (await resolved())
      .filter((url) => url.includes('/src/'))
      .map((url) => url.replace(/^.*\/src\//, '')),
  }),
);
