/**
 * `npm run serve`: the chat web app on http://127.0.0.1:<port>/ (`PORT` or `--port`, default a
 * free port). Answers from docs/ with the demo model, or with OpenAI when `OPENAI_API_KEY` is set.
 * @module
 */
import { createChatApp } from './chat-app';

function portFromArgs(argv: readonly string[]): number {
  const index = argv.indexOf('--port');
  const inline = argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  const text = inline ?? (index >= 0 ? argv[index + 1] : undefined) ?? process.env['PORT'] ?? '0';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid port "${text}": give a number from 0 to 65535`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = portFromArgs(process.argv.slice(2));
  const app = await createChatApp({ log: (line) => console.log(line) });
  const url = await app.listen(port, process.env['HOST'] ?? '127.0.0.1');
  console.log(`rx-runnables chat (${app.modelLabel}) on ${url}`);
  const stop = (): void => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
