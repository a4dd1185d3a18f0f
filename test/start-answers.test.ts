import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DemoChatModel } from '../src/models';
import type { InMemoryRetriever } from '../src/rag';
import { DOCS_DIR, docsRag, loadDocsRetriever } from '../examples/docs-rag';

/**
 * What `npm start -- "<question>"` answers with the demo model, over this repository's real docs/
 * (examples/docs-rag.ts is the index start.ts uses). The assertions name the API a user needs, not
 * the wording of the docs, which changes.
 */
const QUESTIONS: ReadonlyArray<{ question: string; apis: RegExp[] }> = [
  { question: 'How do I retry a stream?', apis: [/withRetry/] },
  { question: 'How do I serve a stream over SSE?', apis: [/toSSEResponse|pipeToNodeResponse/] },
  { question: 'What does JsonOutputParser do?', apis: [/JsonOutputParser/] },
  { question: 'How do I subscribe to the events of a run?', apis: [/streamEvents/] },
  { question: 'How do I get the running total of a chunk stream?', apis: [/accumulate\(\)/] },
  { question: 'How do I build a streaming RAG pipeline?', apis: [/StreamingRAG/] },
  { question: 'How do I use an OpenAI model?', apis: [/OpenAIChatModel/] },
  { question: 'How do I cancel a run?', apis: [/signal/, /unsubscrib/i] },
  { question: 'How do I write a chat prompt template?', apis: [/ChatPromptTemplate/] },
  { question: 'How do I bind tools to a chat model?', apis: [/bindTools/] },
  { question: 'How do I test without an API key?', apis: [/startOpenAICompatibleServer/] },
  { question: 'How do I test my pipeline with a fake model?', apis: [/DemoChatModel/] },
  { question: 'How do I load a folder of documents?', apis: [/loadDocuments/] },
  // The questions the issue asked, word for word.
  { question: 'How do I add a timeout to a chain?', apis: [/timeoutMs/] },
  { question: 'How do I use this with LangChain?', apis: [/fromLangChain/, /toLangChain/] },
];

const OFF_TOPIC = [
  'What is the capital of France?',
  'How do I bake sourdough bread?',
  'What is the best pizza in Naples?',
  'How do I change a flat tire on my bicycle?',
];

/** As `npm start` configures it, without the pause between tokens. */
const MAX_SENTENCES = 3;

/** Every docs/ page as one line of text: list bullets dropped, whitespace collapsed. */
async function docsText(): Promise<string> {
  const names = (await readdir(DOCS_DIR, { recursive: true })).filter((n) => n.endsWith('.md'));
  const pages = await Promise.all(names.map((n) => readFile(join(DOCS_DIR, n), 'utf8')));
  return pages
    .join('\n\n')
    .replace(/^[ \t]*(?:[-*•]|\d+[.)])[ \t]+/gm, '')
    .replace(/\s+/g, ' ');
}

/** The answer cut at sentence ends (a period, `!` or `?` before a space and a capital, a backtick or `*`). */
const sentencesOf = (answer: string): string[] =>
  answer.split(/(?<=[.!?])\s+(?=[\p{Lu}`*"'(])/u).filter((s) => s.trim() !== '');

describe('npm start answers documented features from docs/ with the demo model', () => {
  let retriever: InMemoryRetriever;
  let docs: string;
  const ask = (question: string): Promise<string> =>
    docsRag(retriever, new DemoChatModel({ maxSentences: MAX_SENTENCES })).invoke(question);

  beforeAll(async () => {
    [retriever, docs] = await Promise.all([loadDocsRetriever(), docsText()]);
  });

  it.each(QUESTIONS)('$question', async ({ question, apis }) => {
    const answer = await ask(question);
    for (const api of apis) expect(answer).toMatch(api);
    // A passage of the docs, as written: each sentence is in docs/ word for word.
    for (const sentence of sentencesOf(answer))
      expect(docs.includes(sentence), sentence).toBe(true);
    // Short, and never markup: no table row, no code fence, no heading.
    expect(sentencesOf(answer).length).toBeLessThanOrEqual(MAX_SENTENCES + 2);
    expect(answer).not.toMatch(/```|^\s*\||\|\s*$|^#/m);
  });

  it('asks about different features: the answers differ', async () => {
    const answers = await Promise.all(QUESTIONS.map(({ question }) => ask(question)));
    expect(new Set(answers).size).toBe(answers.length);
  });

  it.each(OFF_TOPIC)('says it has no information about "%s"', async (question) => {
    expect(retriever.search(question)).toEqual([]);
    expect(await ask(question)).toBe("I don't have any information about that.");
  });
});
