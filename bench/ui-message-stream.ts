/**
 * The AI SDK UI message stream (what `useChat` reads), produced by us and by the AI SDK itself
 * in one process: the same answer, token by token, from a model to the SSE body of a
 * `Response`, read to its end. Run with `npm run bench -- ui-message-stream`.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { simulateReadableStream, streamText } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { DemoChatModel, StringOutputParser } from 'rx-runnables/models';
import { toUIMessageStreamResponse } from 'rx-runnables/transport';

/** One measured length: µs per token for us and for the AI SDK. */
export interface UIMessageStreamBenchRow {
  readonly tokens: number;
  readonly oursUsPerToken: number;
  readonly aiSdkUsPerToken: number;
}

/** `count` tokens, each a word with the space before it (the demo model's tokenisation). */
const words = (count: number): string[] => Array.from({ length: count }, (_, i) => ` w${i % 97}`);

async function readBody(response: Response): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

/** The text the `text-delta` frames of an SSE body add up to (to check both sent the answer). */
function deltas(body: string): string {
  let text = '';
  for (const frame of body.split('\n\n')) {
    if (!frame.startsWith('data: {')) continue;
    const part = JSON.parse(frame.slice(6)) as { type: string; delta?: string };
    if (part.type === 'text-delta') text += part.delta;
  }
  return text;
}

/** Ours: demo model (no delay) → string parser → UI message stream Response. */
function ours(answer: string): Promise<string> {
  const chain = new DemoChatModel({ script: [answer] }).pipe(new StringOutputParser());
  return readBody(toUIMessageStreamResponse(chain.stream('Hi')));
}

/** The AI SDK's: its mock model (no delay) → streamText → toUIMessageStreamResponse. */
function aiSdk(tokens: readonly string[]): Promise<string> {
  const model = new MockLanguageModelV3({
    doStream: async () => ({
      stream: simulateReadableStream({
        initialDelayInMs: null,
        chunkDelayInMs: null,
        chunks: [
          { type: 'stream-start', warnings: [] },
          { type: 'text-start', id: '1' },
          ...tokens.map((delta) => ({ type: 'text-delta', id: '1', delta })),
          { type: 'text-end', id: '1' },
          {
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: {
              inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
              outputTokens: { total: tokens.length, text: tokens.length, reasoning: 0 },
            },
          },
        ] as never[],
      }),
    }),
  });
  return readBody(streamText({ model, prompt: 'Hi' }).toUIMessageStreamResponse());
}

/**
 * Streams the same `n`-token answer both ways for each length, interleaving rounds so a busy
 * machine slows both alike, and keeps each one's best round.
 *
 * @example
 * ```ts
 * const rows = await runUIMessageStreamBench({ lengths: [2_000], rounds: 3 });
 * ```
 */
export async function runUIMessageStreamBench(
  options: { lengths?: readonly number[]; rounds?: number } = {},
): Promise<UIMessageStreamBenchRow[]> {
  const rounds = options.rounds ?? 7;
  const rows: UIMessageStreamBenchRow[] = [];
  const lengths = options.lengths ?? [2_000, 20_000];
  // Warm both ways up on the longest answer, so the first length is not the one that pays for JIT.
  const warm = words(Math.max(...lengths));
  for (let i = 0; i < 3; i++) await Promise.all([ours(warm.join('')), aiSdk(warm)]);
  for (const n of lengths) {
    const tokens = words(n);
    const answer = tokens.join('');
    const [a, b] = [await ours(answer), await aiSdk(tokens)];
    if (deltas(a) !== answer || deltas(b) !== answer) {
      throw new Error(`the two streams do not carry the same ${n}-token answer`);
    }
    let bestOurs = Number.POSITIVE_INFINITY;
    let bestAi = Number.POSITIVE_INFINITY;
    for (let round = 0; round < rounds; round++) {
      let start = performance.now();
      await ours(answer);
      bestOurs = Math.min(bestOurs, performance.now() - start);
      start = performance.now();
      await aiSdk(tokens);
      bestAi = Math.min(bestAi, performance.now() - start);
    }
    rows.push({
      tokens: n,
      oursUsPerToken: (bestOurs * 1000) / n,
      aiSdkUsPerToken: (bestAi * 1000) / n,
    });
  }
  return rows;
}

/** The rows as a Markdown table with the AI SDK / ours ratio and the goal (≥ 20×). */
export function formatUIMessageStreamBench(rows: readonly UIMessageStreamBenchRow[]): string {
  const lines = [
    '| answer | rx-runnables µs/token | AI SDK µs/token | ratio (AI SDK / ours) | goal | met |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const ratio = row.aiSdkUsPerToken / row.oursUsPerToken;
    lines.push(
      `| ${row.tokens} tokens | ${row.oursUsPerToken.toFixed(2)} | ${row.aiSdkUsPerToken.toFixed(2)} | ${ratio.toFixed(1)}× | ≥ 20× | ${ratio >= 20 ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatUIMessageStreamBench(await runUIMessageStreamBench()));
}
