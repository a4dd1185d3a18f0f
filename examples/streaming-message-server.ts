/**
 * Streaming messages (the Ragna pattern) over HTTP: a route answers with a StreamingRAG run as
 * JSON Lines — the first line is the whole message with its sources, every later line a delta —
 * and a client rebuilds the message with `StreamingMessage.fromJSONL`. Starts a server on a free
 * port, asks once, prints, closes. Runs as is, with no key:
 * `npx tsx examples/streaming-message-server.ts`.
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoChatModel } from 'rx-runnables/models';
import { InMemoryRetriever, StreamingRAG } from 'rx-runnables/rag';
import { JSONL_HEADERS, StreamingMessage, pipeToNodeResponse } from 'rx-runnables/transport';

const retriever = new InMemoryRetriever({
  k: 2,
  documents: [
    {
      pageContent: 'Ragna is an open source RAG orchestration framework built by Quansight.',
      metadata: { source: 'ragna.txt' },
    },
    {
      pageContent: 'Streaming messages send the sources first and then the answer chunk by chunk.',
      metadata: { source: 'streaming.md' },
    },
  ],
});
const rag = new StreamingRAG({ retriever, llm: new DemoChatModel({ tokenDelayMs: 2 }) });

// The route: POST /answer?q=… streams the answer as JSON Lines.
const server = createServer((req, res) => {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('q') ?? '';
  StreamingMessage.fromRAG(rag, query).then(
    (message) => pipeToNodeResponse(message.toJSONL(), res, { headers: { ...JSONL_HEADERS } }),
    (error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    },
  );
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

// The client: the message is known (id, sources) as soon as its first line arrives.
const question = 'What is Ragna and how are messages streamed?';
const url = `http://127.0.0.1:${port}/answer?q=${encodeURIComponent(question)}`;
const message = await StreamingMessage.fromJSONL(url, { method: 'POST' });
console.log(`Message ${message.id} (${message.role}), ${message.sources.length} sources:`);
for (const source of message.sources) {
  console.log(`  - ${source.document.name}: ${source.content} (${source.num_tokens} tokens)`);
}
try {
  console.log(message.content);
} catch (error) {
  console.log(`Before reading: ${(error as Error).message}`);
}
let chunks = 0;
process.stdout.write('Answer: ');
for await (const chunk of message) {
  process.stdout.write(chunk);
  chunks += 1;
}
console.log(`\n(${chunks} chunks; content has ${message.content.length} characters)`);
server.close();
