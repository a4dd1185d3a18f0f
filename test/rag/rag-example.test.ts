import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/rag.ts', () => {
  it('runs as is and shows every strategy', async () => {
    const env = { ...process.env };
    delete env.OPENAI_API_KEY;
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(
      (resolve, reject) => {
        const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['examples/rag.ts'], {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
        child.on('error', reject);
        child.on('close', (exit) => resolve({ code: exit, stdout: out }));
      },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('StreamingRAG(llm=async, chunkSize=10)');
    expect(stdout).toContain('StreamingRAG(llm=sync, chunkSize=10)');
    expect(stdout).toContain(
      'StreamingRAG(llm=sim, chunkSize=3): [You asked "What ][is BM25?" for ][ana.]',
    );
    expect(stdout).toContain('the model request is aborted');
    expect(stdout).toContain('البطاقة');
    expect(stdout).toMatch(/Stats: \{"totalStreams":3,/);
  }, 90_000);
});
