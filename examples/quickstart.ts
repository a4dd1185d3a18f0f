/**
 * retriever | prompt | model | parser, streamed token by token with the embedded defaults
 * (no key, no server). Run with `npx tsx examples/quickstart.ts "your question"`.
 * @module
 */
import { RunnablePassthrough, RunnableSequence } from 'rx-runnables';
import { ChatPromptTemplate, DemoChatModel, StringOutputParser } from 'rx-runnables/models';
import { InMemoryRetriever } from 'rx-runnables/rag';
import type { Document } from 'rx-runnables/rag';

const retriever = new InMemoryRetriever({
  documents: [
    'Every step is a Runnable with invoke, stream and astream, all backed by one Observable transform.',
    'Unsubscribing, breaking out of for await, or aborting the signal cancels the whole run.',
    'Streamed message chunks are additive: chunk.concat(next) builds the answer so far.',
  ],
});
const prompt = ChatPromptTemplate.fromMessages([
  ['system', 'Answer only from the context.\nContext:\n{context}'],
  ['human', '{question}'],
]);
const chain = RunnableSequence.from<string, string>([
  {
    context: retriever.pipe((docs: Document[]) => docs.map((d) => d.pageContent).join('\n')),
    question: new RunnablePassthrough<string>(),
  },
  prompt,
  new DemoChatModel({ tokenDelayMs: 15 }),
  new StringOutputParser(),
]);

const question = process.argv.slice(2).join(' ') || 'How do I cancel a run?';
console.log(`Q: ${question}\nA: `);
for await (const token of chain.astream(question)) process.stdout.write(token);
process.stdout.write('\n');
