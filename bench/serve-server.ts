/**
 * The chat app of `npm run serve` as the load bench runs it, in its own process: every request
 * answers 500 tokens (`w0 w1 … w499`) from the demo model, after retrieval over docs/, with no
 * delay between tokens (or `TOKEN_DELAY_MS`); `GET /__heap` reports the heap after a GC. Prints
 * `{"url": …}` once listening. Run with `--expose-gc` (bench/serve.ts starts it).
 * @module
 */
import { DemoChatModel } from 'rx-runnables/models';
import { docsRag, loadDocsRetriever } from '../examples/docs-rag';
import { createChatApp } from '../examples/web/chat-app';

/** Tokens per answer. */
export const ANSWER_TOKENS = 500;

const tokenDelayMs = Number(process.env['TOKEN_DELAY_MS'] ?? 0);
const answer = Array.from({ length: ANSWER_TOKENS }, (_, i) => `w${i}`).join(' ');
const retriever = await loadDocsRetriever();
const app = await createChatApp({
  rag: () => docsRag(retriever, new DemoChatModel({ script: [answer], tokenDelayMs })),
  admin: true,
  maxConversations: 100_000,
  pingIntervalMs: 0,
});
app.server.maxConnections = 10_000;
const url = await app.listen(0);
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
