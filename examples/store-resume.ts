/**
 * A resumable stream with MemoryEventStore, no key and no Redis: a detached run writes a model's
 * answer to the store; a client reads half of it over SSE, "disconnects", and resumes after the
 * last id it saw — getting the rest exactly once, while the answer kept being generated.
 *
 *   npx tsx examples/store-resume.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AIMessageChunk } from 'rx-runnables/chunks';
import { DemoChatModel } from 'rx-runnables/models';
import { MemoryEventStore, runDetached, serveStream } from 'rx-runnables/store';
import { fromSSE, pipeToNodeResponse, reviveFromWire } from 'rx-runnables/transport';

const store = new MemoryEventStore();
const model = new DemoChatModel({
  script: ['Resumable streams keep generating while nobody is connected, and resume by id.'],
  tokenDelayMs: 20,
});

// GET /stream/:id — resumes after the Last-Event-ID header (or ?after=).
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const id = url.pathname.split('/').pop() ?? '';
  const header = req.headers['last-event-id'];
  void serveStream(store, id, {
    lastEventId: typeof header === 'string' ? header : undefined,
    after: url.searchParams.get('after'),
  }).then((response) => pipeToNodeResponse(response, res));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const url = `http://127.0.0.1:${port}/stream/answer-1`;

const run = await runDetached(model, 'What is a resumable stream?', {
  store,
  streamId: 'answer-1',
});
const text = (data: string): string => (reviveFromWire(JSON.parse(data)) as AIMessageChunk).text;

let lastId = '';
let first = '';
for await (const event of fromSSE(url)) {
  lastId = event.id;
  first += text(event.data);
  if (Number(event.id) === 5) break; // the tab closes
}
console.log(`read events 1-${lastId}: ${JSON.stringify(first)}`);
console.log(`disconnected; the run goes on (status: ${await store.status('answer-1')})`);
await new Promise((resolve) => setTimeout(resolve, 60));

let rest = '';
let resumedFrom = '';
for await (const event of fromSSE(url, { headers: { 'last-event-id': lastId } })) {
  resumedFrom ||= event.id;
  lastId = event.id;
  rest += text(event.data);
}
console.log(`resumed after ${Number(resumedFrom) - 1}: events ${resumedFrom}-${lastId}`);
console.log(`answer: ${first}${rest}`);
console.log(
  `run ${await run.finished}; a later GET answers ${(await fetch(url, { headers: { 'last-event-id': lastId } })).status}`,
);
server.close();
