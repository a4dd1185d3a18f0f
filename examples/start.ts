/**
 * `npm start -- "your question"`: indexes this repository's docs/ in memory (BM25), answers with
 * StreamingRAG token by token, then prints a compact event timeline. Uses the demo model (no key,
 * no network) unless OPENAI_API_KEY is set, in which case OpenAIChatModel answers (OPENAI_BASE_URL
 * and OPENAI_MODEL are honoured, so any OpenAI-compatible server works).
 * @module
 */
import { DemoChatModel } from 'rx-runnables/models';
import type { ChatModel } from 'rx-runnables/models';
import { InMemoryRetriever } from 'rx-runnables/rag';
import type { Document, StreamEvent } from 'rx-runnables/rag';
import { DOCS_DIR, docsRag, loadDocsRetriever } from './docs-rag';

const DEFAULT_QUESTION = 'How does cancellation work?';

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

async function buildRetriever(): Promise<InMemoryRetriever> {
  try {
    return await loadDocsRetriever();
  } catch {
    out(`No docs/ folder found at ${DOCS_DIR}; answering without documents.\n`);
    return new InMemoryRetriever();
  }
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
  const rag = docsRag(retriever, llm);
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
