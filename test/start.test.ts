import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAICompatibleServer } from '../src/testing/openai-compatible-server';
import type { OpenAICompatibleServer } from '../src/testing/openai-server-types';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 90_000;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout as it arrived, one entry per read. */
  reads: string[];
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<RunResult> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    OPENAI_API_KEY: undefined,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reads: string[] = [];
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => reads.push(text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: reads.join(''), stderr, reads }));
  });
}

/** The stdout text between "Answer: " and the timeline, and how many reads it arrived in. */
function answerOf(result: RunResult): { text: string; reads: number } {
  const start = result.stdout.indexOf('Answer: ');
  const end = result.stdout.indexOf('\nTimeline');
  let offset = 0;
  let reads = 0;
  for (const read of result.reads) {
    const from = offset;
    offset += read.length;
    if (offset > start + 'Answer: '.length && from < end) reads += 1;
  }
  return { text: result.stdout.slice(start + 'Answer: '.length, end).trim(), reads };
}

describe('npm start', () => {
  it(
    'streams an answer from the demo model over docs/, then prints the timeline, and exits 0',
    async () => {
      const result = await run('npm', ['start', '--silent', '--', 'How does cancellation work?']);
      expect(result.code).toBe(0);
      const { stdout } = result;
      expect(stdout).toContain('Question: How does cancellation work?');
      expect(stdout).toMatch(/Indexed [1-9]\d* chunks from docs\/ · demo model/);
      const answer = answerOf(result);
      expect(answer.text.length).toBeGreaterThan(0);
      // Tokens are printed as they arrive, not all at once at the end.
      expect(answer.reads).toBeGreaterThan(1);
      for (const line of ['retrieval', 'first token', 'tokens', 'total'])
        expect(stdout).toContain(`  ${line}`);
      expect(stdout).toMatch(/\[1\] [^\n]+\.md/);
      expect(stdout.indexOf('Timeline')).toBeGreaterThan(stdout.indexOf('Answer: '));
    },
    TIMEOUT_MS,
  );

  it(
    'answers a documented feature with the passage that names its API, and an off-topic question with no information',
    async () => {
      const [feature, offTopic] = await Promise.all([
        run('npm', [
          'start',
          '--silent',
          '--',
          'How do I move my LangChain.js code to this library?',
        ]),
        run('npm', ['start', '--silent', '--', 'What is the best pizza in Naples?']),
      ]);
      expect(feature.code).toBe(0);
      expect(answerOf(feature).text).toMatch(/fromLangChain[^]*toLangChain/);
      expect(feature.stdout).toMatch(/\[1\] from-langchain\.md › /);
      expect(offTopic.code).toBe(0);
      expect(answerOf(offTopic).text).toBe("I don't have any information about that.");
      expect(offTopic.stdout).toContain('0 found, 0 used');
    },
    TIMEOUT_MS,
  );

  it(
    'asks a default question when none is given',
    async () => {
      const result = await run('npm', ['start', '--silent']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Question: How does cancellation work?');
      expect(result.stdout).toContain('Timeline');
    },
    TIMEOUT_MS,
  );

  it(
    'finds docs/ next to the script whatever the working directory',
    async () => {
      const result = await run(
        fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url)),
        [fileURLToPath(new URL('../examples/start.ts', import.meta.url)), 'What', 'is', 'BM25?'],
        {
          cwd: tmpdir(),
          env: { TSX_TSCONFIG_PATH: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) },
        },
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Question: What is BM25?');
      expect(result.stdout).toMatch(/Indexed [1-9]\d* chunks/);
    },
    TIMEOUT_MS,
  );

  describe('with OPENAI_API_KEY', () => {
    let server: OpenAICompatibleServer;
    beforeAll(async () => {
      server = await startOpenAICompatibleServer({
        reply: { content: ['Unsubscribe ', 'to ', 'cancel.'], delayMs: 20 },
      });
    });
    afterAll(async () => {
      await server.close();
    });

    it(
      'answers with OpenAI (here the loopback OpenAI-compatible server)',
      async () => {
        const result = await run(
          'npm',
          ['start', '--silent', '--', 'How does cancellation work?'],
          {
            env: {
              OPENAI_API_KEY: 'test-key',
              OPENAI_BASE_URL: server.url,
              OPENAI_MODEL: 'rx-loopback',
            },
          },
        );
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('OpenAI (rx-loopback)');
        expect(answerOf(result).text).toBe('Unsubscribe to cancel.');
        const request = await server.waitForRequest(1);
        const body = request.body as { stream: boolean; messages: { content: string }[] };
        expect(body.stream).toBe(true);
        expect(body.messages[0]?.content).toContain('Question: How does cancellation work?');
      },
      TIMEOUT_MS,
    );
  });
});
