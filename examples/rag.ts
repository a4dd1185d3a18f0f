/**
 * StreamingRAG tour: the in-memory BM25 retriever, the three generation strategies, the event
 * stream, callbacks and stats. Runs as is, with no key: `npx tsx examples/rag.ts`.
 * @module
 */
import { DemoChatModel } from 'rx-runnables/models';
import { EventType, InMemoryRetriever, StreamingRAG } from 'rx-runnables/rag';

const out = (text: string): boolean => process.stdout.write(text);

const retriever = new InMemoryRetriever({
  k: 3,
  documents: [
    {
      pageContent:
        'Cancelling a stream is unsubscribing: the model request is aborted and every timer is cleared.',
      metadata: { source: 'cancel.md' },
    },
    {
      pageContent:
        'BM25 ranks documents by the query terms they contain, weighting rare terms higher.',
      metadata: { source: 'bm25.md' },
    },
    {
      pageContent: 'طرق الدفع المتاحة هي البطاقة البنكية والتحويل البنكي.',
      metadata: { source: 'faq-ar.md' },
    },
  ],
});

async function main(): Promise<void> {
  // 1. A native async model (our demo ChatModel), with callbacks.
  const tokens: string[] = [];
  const rag = new StreamingRAG({
    retriever,
    llm: new DemoChatModel({ tokenDelayMs: 5 }),
    config: { maxContextDocs: 2, maxDocChars: 400 },
    onChunk: (text) => tokens.push(text),
    onEvent: (event) => {
      if (event.type === EventType.ERROR) console.error(`[${event.data.stage}] ${event.data.msg}`);
    },
  });
  out(`${rag}\n\nText only: `);
  for await (const text of rag.astream('How does cancelling a stream work?')) out(text);
  out(`\n(onChunk saw ${tokens.length} chunks)\n\nEvents:\n`);

  // 2. The event stream: metadata, then chunks, then the total.
  for await (const event of rag.astreamEvents('How does BM25 rank documents?')) {
    if (event.type === EventType.RETRIEVAL_DONE) {
      const sources = event.data.docs.map((d) => d.metadata.source).join(', ');
      out(`  ${event.latency.toFixed(4)}s  ${event.data.numDocs} docs (${sources})\n  `);
    } else if (event.isChunk) {
      out(event.data);
    } else if (event.type === EventType.GENERATION_DONE) {
      out(`\n  done in ${event.data.totalLatency.toFixed(4)}s\n`);
    }
  }

  // 3. The answer is in the question's language; query() returns it with every event.
  const arabic = await rag.query('ماهي طرق الدفع المتاحة؟');
  out(`\nArabic: ${arabic.answer} (${arabic.events.length} events)\n`);

  // 4. A sync model: its generator is pulled one token per macrotask.
  const sync = new StreamingRAG({
    retriever,
    llm: {
      *stream(prompt: string) {
        yield 'A sync model read ';
        yield `${prompt.length} prompt characters.`;
      },
    },
  });
  out(`\n${sync}: ${await sync.invoke('anything')}\n`);

  // 5. No model: generate(query, context) is replayed in chunkSize-word chunks.
  const simulated = new StreamingRAG({
    retriever,
    generate: (query, context) => `You asked "${query}" for ${String(context?.user)}.`,
    config: { chunkSize: 3, simDelayMs: 20 },
  });
  out(`${simulated}: `);
  for await (const text of simulated.astream('What is BM25?', { context: { user: 'ana' } })) {
    out(`[${text}]`);
  }
  out(`\n\nStats: ${JSON.stringify(rag.stats)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
