/**
 * Mixed pipelines with LangChain.js, both ways, streamed chunk by chunk:
 *   1. ours around theirs: our prompt → LangChain's ChatOpenAI → our parser, with inner events;
 *   2. theirs around ours: LangChain's prompt → our model (toLangChain) → LangChain's parser;
 *   3. the same chain in LangChain alone gives the same answer; an abort stops the request.
 * ChatOpenAI talks to the loopback OpenAI-compatible server of the testing module, so it runs as
 * is, with no key and no network:
 *
 *   npx tsx examples/langchain-interop.ts
 */
import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCChatPromptTemplate } from '@langchain/core/prompts';
import { ChatOpenAI } from '@langchain/openai';
import { toAsyncIterator } from '../src/core';
import { fromLangChain, toLangChain } from '../src/langchain';
import { ChatPromptTemplate, DemoChatModel, StringOutputParser } from '../src/models';
import { startOpenAICompatibleServer } from '../src/testing/openai-compatible-server';

const ANSWER =
  'Observables are lazy: nothing runs until somebody subscribes, and unsubscribing cancels.';

const server = await startOpenAICompatibleServer({ reply: { content: ANSWER, delayMs: 15 } });
const chatOpenAI = new ChatOpenAI({
  apiKey: 'not-needed-on-loopback',
  model: 'rx-loopback',
  configuration: { baseURL: server.url },
});

try {
  // 1. Ours around theirs. `fromLangChain` is optional at run time (`pipe` adapts LangChain
  //    objects by itself); it gives the step precise types.
  const ours = ChatPromptTemplate.fromMessages([
    ['system', 'Answer in one sentence.'],
    ['human', '{question}'],
  ])
    .pipe(fromLangChain(chatOpenAI))
    .pipe(new StringOutputParser());
  process.stdout.write('1. ours around ChatOpenAI: ');
  for await (const text of ours.astream({ question: 'Are observables lazy?' })) {
    process.stdout.write(text);
  }
  const kinds = new Map<string, number>();
  for await (const event of toAsyncIterator(
    ours.streamEvents({ question: 'Are observables lazy?' }),
  )) {
    const key = `${'  '.repeat(event.parentIds.length)}${event.event} ${event.name}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  console.log('\n   its events (indented by depth, with counts):');
  for (const [key, count] of kinds) console.log(`   ${key}${count > 1 ? ` ×${count}` : ''}`);

  // 2. Theirs around ours: a LangChain RunnableSequence with our demo model in the middle.
  const theirs = LCChatPromptTemplate.fromMessages([
    ['system', 'Context: Streams are values over time. Rx makes them composable.'],
    ['human', '{question}'],
  ])
    .pipe(toLangChain(new DemoChatModel({ tokenDelayMs: 10 })))
    .pipe(new LCStringOutputParser());
  process.stdout.write('2. LangChain around our DemoChatModel: ');
  for await (const text of await theirs.stream({ question: 'What are streams?' })) {
    process.stdout.write(text);
  }
  console.log();

  // 3. The same chain in LangChain alone gives the same answer; an abort stops the request.
  const allLangChain = LCChatPromptTemplate.fromMessages([
    ['system', 'Answer in one sentence.'],
    ['human', '{question}'],
  ])
    .pipe(chatOpenAI)
    .pipe(new LCStringOutputParser());
  const [mixed, alone] = [
    await ours.invoke({ question: 'Are observables lazy?' }),
    await allLangChain.invoke({ question: 'Are observables lazy?' }),
  ];
  console.log(`3. same answer as LangChain alone: ${mixed === alone}`);
  const controller = new AbortController();
  let received = 0;
  try {
    for await (const _ of ours.astream({ question: 'Stop early' }, { signal: controller.signal })) {
      if (++received === 3) controller.abort();
    }
  } catch (error) {
    console.log(`   aborted after ${received} chunks: ${(error as { code?: string }).code}`);
  }
} finally {
  await server.close();
}
