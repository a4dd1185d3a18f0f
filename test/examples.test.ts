import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

/** Runs an example as a newcomer would, with no key in the environment. */
async function example(name: string, args: string[] = []): Promise<string> {
  const env = { ...process.env };
  delete env.OPENAI_API_KEY;
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join('examples', name), ...args],
    {
      cwd: ROOT,
      env,
    },
  );
  return stdout;
}

describe('examples run as they are', () => {
  it('quickstart.ts streams an answer from the retrieved context', async () => {
    const out = await example('quickstart.ts', ['How do I cancel a run?']);
    expect(out).toContain('Q: How do I cancel a run?');
    expect(out).toContain('aborting the signal cancels the whole run');
  }, 60_000);

  it('openai.ts streams from the loopback server when no key is set', async () => {
    const out = await example('openai.ts');
    expect(out).toContain('loopback at http://127.0.0.1:');
    expect(out).toMatch(/tool calls: \[\{"name":"get_weather","args":\{"city":"Paris"\}/);
    expect(out).toContain('TIMEOUT');
  }, 60_000);

  it('rag.ts prints text, events, each strategy and the stats', async () => {
    const out = await example('rag.ts');
    expect(out).toContain('StreamingRAG(llm=async, chunkSize=10)');
    expect(out).toMatch(/Events:\n\s+\d\.\d{4}s\s+1 docs/);
    expect(out).toMatch(/done in \d\.\d{4}s/);
    expect(out).toMatch(/Stats: \{"totalStreams":3/);
  }, 60_000);

  it('streaming-message-server.ts serves a RAG answer as JSON Lines and rebuilds it', async () => {
    const out = await example('streaming-message-server.ts');
    expect(out).toMatch(/Message [0-9a-f-]{36} \(assistant\), 2 sources:/);
    expect(out).toContain('  - ragna.txt: Ragna is an open source');
    expect(out).toContain('Before reading: Message content cannot be read');
    expect(out).toMatch(
      /Answer: Streaming messages send the sources first.*\n\(\d+ chunks; content has 77 characters\)/,
    );
  }, 60_000);

  it('transport-sse.ts serves a model answer as SSE and reads it back with fromSSE', async () => {
    const out = await example('transport-sse.ts');
    expect(out).toMatch(/serving on http:\/\/127\.0\.0\.1:\d+\/chat/);
    expect(out).toMatch(/received (\d+) chunk events, last id \1: I don't have any information/);
  }, 60_000);

  it('runs-tools.ts runs a tool, pauses for an approval and a tool output, and resumes', async () => {
    const out = await example('runs-tools.ts');
    expect(out).toMatch(
      /^1 thread\.run\.created\n2 thread\.run\.queued\n3 thread\.run\.in_progress\n/,
    );
    expect(out).toContain('  weather({"city":"Oslo"}) -> 18°C and sunny in Oslo');
    expect(out).toMatch(
      /\d+ thread\.run\.completed\n\d+ done\nanswer: Oslo: 18°C and sunny in Oslo\./,
    );
    expect(out).toContain('requires_action: tool_approval');
    expect(out).toContain('after approval: Done: sent to ada@example.com');
    expect(out).toContain('after submitToolOutputs: User 7 is Ada Lovelace.');
    expect(out).toContain('status: completed, model calls: 2');
  }, 60_000);

  it('store-resume.ts reads half an answer, disconnects and resumes after the last id', async () => {
    const out = await example('store-resume.ts');
    expect(out).toMatch(/read events 1-5: "/);
    expect(out).toContain('disconnected; the run goes on (status: active)');
    expect(out).toMatch(/resumed after 5: events 6-\d+/);
    expect(out).toContain(
      'answer: Resumable streams keep generating while nobody is connected, and resume by id.',
    );
    expect(out).toContain('run done; a later GET answers 204');
  }, 60_000);
});
