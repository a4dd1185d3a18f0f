/**
 * Serving a streamed answer as Server-Sent Events and reading it back, with no key and no
 * server of your own: a Node http server on a free port streams DemoChatModel's answer with
 * `pipeToNodeResponse(encodeSSE(...))`, and `fromSSE` reads it as a browser would.
 *
 *   npx tsx examples/transport-sse.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AIMessageChunk } from 'rx-runnables/chunks';
import { DemoChatModel } from 'rx-runnables/models';
import { encodeSSE, fromSSE, pipeToNodeResponse, reviveFromWire } from 'rx-runnables/transport';

const model = new DemoChatModel({ tokenDelayMs: 5 });

const server = createServer((req, res) => {
  const question = new URL(req.url ?? '/', 'http://localhost').searchParams.get('q') ?? 'Hi';
  // One SSE frame per chunk; if the client goes away, the model run is cancelled.
  void pipeToNodeResponse(encodeSSE(model.stream(question), { event: 'chunk' }), res);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const url = `http://127.0.0.1:${port}/chat?q=${encodeURIComponent('What is a stream?')}`;
console.log(`serving on ${url}`);

let frames = 0;
let lastId = '';
let answer = '';
for await (const event of fromSSE(url)) {
  // Each event's data is the chunk's wire shape (`toJSON()`); reviveFromWire makes it a chunk again.
  const chunk = reviveFromWire(JSON.parse(event.data)) as AIMessageChunk;
  frames += 1;
  lastId = event.id;
  answer += chunk.text;
}
console.log(`received ${frames} chunk events, last id ${lastId}: ${answer}`);

server.close();
