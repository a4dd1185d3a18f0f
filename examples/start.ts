/**
 * `npm start -- "your question"`: indexes this repository's docs/ in memory (BM25), answers with
 * StreamingRAG token by token, then prints a compact event timeline. Uses the demo model (no key,
 * no network) unless OPENAI_API_KEY is set, in which case OpenAIChatModel answers (OPENAI_BASE_URL
 * and OPENAI_MODEL are honoured, so any OpenAI-compatible server works).
 * @module
 */
import { fileURLToPath } from 'node:url';
import { DemoChatModel } from 'rx-runnables/models';
import type { ChatModel } from 'rx-runnables/models';
import { InMemoryRetriever, StreamingRAG } from 'rx-runnables/rag';
import type { Document, StreamEvent } from 'rx-runnables/rag';
import { loadDocuments } from 'rx-runnables/rag/node';

const DEFAULT_QUESTION = 'How does cancellation work?';
/** docs/ next to examples/, wherever the command is run from. */
const DOCS_DIR = fileURLToPath(new URL('../docs/', import.meta.url));

const question = process.argv.slice(2).join(' ').trim() || DEFAULT_QUESTION;
const out = (text: string): boolean => process.stdout.write(text);

async function chooseModel(): Promise<{ llm: ChatModel; label: string }> {
  if (process.env.OPENAI_API_KEY) {
    // Loaded only when needed, so the default run never loads @langchain/*.
    const { OpenAIChatModel } = await import('rx-runnables/openai');
    const llm = new OpenAIChatModel({ temperature: 0 });
    return { llm, label: `OpenAI (${llm.model})` };
  }
  return {
    llm: new DemoChatModel({ tokenDelayMs: 12, maxSentences: 3 }),
    label: 'demo model (set OPENAI_API_KEY to use OpenAI)',
  };
}

/**
 * Retrieval tuned for a folder of Markdown docs: chunks of up to a section (about 900 characters,
 * no overlap, so every chunk starts at a sentence or list item), a section's own heading counting
 * three times, and no hit unless a chunk matches 30% of the question's weight — so an off-topic
 * question that shares only a common word with the docs gets the "no information" answer.
 */
const CHUNK_SIZE = 900;
const RETRIEVER_OPTIONS = { k: 4, headingWeight: 3, minCoverage: 0.3 };

async function buildRetriever(): Promise<InMemoryRetriever> {
  const retriever = new InMemoryRetriever(RETRIEVER_OPTIONS);
  try {
    retriever.addDocuments(
      await loadDocuments(DOCS_DIR, { chunkSize: CHUNK_SIZE, chunkOverlap: 0 }),
    );
  } catch {
    out(`No docs/ folder found at ${DOCS_DIR}; answering without documents.\n`);
  }
  return retriever;
}

const ms = (seconds: number): string => `${(seconds * 1000).toFixed(1)} ms`;

function describeDoc(doc: Document, index: number): string {
  const { source, heading, score } = doc.metadata;
  const where = [source, heading].filter((v) => typeof v === 'string' && v).join(' › ');
  const points = typeof score === 'number' ? ` (score ${score.toFixed(2)})` : '';
  return `    [${index + 1}] ${where || '(untitled)'}${points}`;
}

function printTimeline(events: readonly StreamEvent[]): void {
  const lines = ['', 'Timeline'];
  const chunks = events.filter((e) => e.isChunk);
  for (const event of events) {
    if (event.type === 'retrieval_done') {
      const { docs, numDocs } = event.data;
      lines.push(`  retrieval        ${ms(event.latency)}  ${numDocs} found, ${docs.length} used`);
      docs.forEach((doc, i) => lines.push(describeDoc(doc, i)));
    } else if (event.type === 'generation_start') {
      lines.push(`  prompt           ${event.data.promptChars} chars`);
    } else if (event.type === 'error') {
      lines.push(`  error            ${event.data.stage}: ${event.data.msg}`);
    } else if (event.type === 'generation_done') {
      if (chunks[0]) lines.push(`  first token      ${ms(chunks[0].latency)}`);
      lines.push(`  tokens           ${chunks.length}`);
      lines.push(`  total            ${ms(event.data.totalLatency)}`);
    }
  }
  out(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const [{ llm, label }, retriever] = await Promise.all([chooseModel(), buildRetriever()]);
  // Whole chunks in the prompt (the default keeps 500 characters of each).
  const rag = new StreamingRAG({ retriever, llm, config: { maxDocChars: CHUNK_SIZE } });
  out(`Question: ${question}\n`);
  out(`Indexed ${retriever.size} chunks from docs/ · ${label}\n\nAnswer: `);
  const events: StreamEvent[] = [];
  for await (const event of rag.astreamEvents(question)) {
    events.push(event);
    if (event.isChunk) out(event.data);
  }
  out('\n');
  printTimeline(events);
  if (events.some((e) => e.type === 'error')) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
