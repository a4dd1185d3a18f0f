import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describe('examples/langchain-interop.ts', () => {
  it('runs as it is: both directions stream, same answer as LangChain alone, abort stops it', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join('examples', 'langchain-interop.ts')],
      { cwd: ROOT },
    );
    expect(stdout).toContain('1. ours around ChatOpenAI: Observables are lazy');
    expect(stdout).toContain('on_chat_model_stream ChatOpenAI');
    expect(stdout).toMatch(/2\. LangChain around our DemoChatModel: \S+/);
    expect(stdout).toContain('3. same answer as LangChain alone: true');
    expect(stdout).toContain('aborted after 3 chunks: ABORTED');
  }, 60_000);
});
