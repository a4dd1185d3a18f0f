/**
 * A machine without redis-server, for real: vitest run in a child process with a PATH that has
 * node and nothing else. Outside CI the Redis files are skipped with one line naming the program;
 * with CI=true they fail with that reason, and no hook crashes on a server that never started.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = mkdtempSync(join(tmpdir(), 'rx-no-redis-'));
symlinkSync(process.execPath, join(bin, 'node'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const files = ['test/store/redis-event-store.test.ts', 'test/store/redis-restart.test.ts'];

async function vitestWithoutRedis(
  extra: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The parent's own run (its worker ids, CI, the Redis knobs) is not the child's.
    if (value === undefined || /^(VITEST|TINYPOOL)/.test(key)) continue;
    if (['CI', 'RX_REQUIRE_REDIS', 'REDIS_SERVER_PATH', 'NODE_ENV', 'TEST'].includes(key)) continue;
    env[key] = value;
  }
  Object.assign(env, { PATH: bin, NO_COLOR: '1', FORCE_COLOR: '0' }, extra);
  const vitest = join(process.cwd(), 'node_modules', 'vitest', 'vitest.mjs');
  const child = spawn(
    process.execPath,
    [vitest, 'run', '--project', 'src', '--typecheck.enabled=false', ...files],
    {
      cwd: process.cwd(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, out };
}

describe('the Redis test files on a machine without redis-server', () => {
  it('outside CI: skipped, with one line in the summary naming the program and its package', async () => {
    const { code, out } = await vitestWithoutRedis({});
    const lines = out.split('\n').filter((line) => line.includes('skipped: redis-server'));
    expect(lines, out).toEqual([
      expect.stringMatching(
        /^ ↓ 2 test files \(\d+ tests\) skipped: redis-server not found on PATH \(apt-get install redis-server, or set REDIS_SERVER_PATH\)$/,
      ),
    ]);
    expect(out).not.toMatch(/ENOENT|TypeError/);
    expect(code, out).toBe(0);
  }, 120_000);

  it('with CI=true, or RX_REQUIRE_REDIS=1: the run fails with that reason, no afterAll TypeError', async () => {
    for (const extra of [{ CI: 'true' }, { RX_REQUIRE_REDIS: '1' }] as Record<string, string>[]) {
      const { code, out } = await vitestWithoutRedis(extra);
      expect(code, out).toBe(1);
      expect(out).toContain('MissingProgramError: redis-server not found on PATH');
      expect(out).toContain('Test Files  2 failed (2)');
      expect(out).not.toMatch(/ENOENT|TypeError/);
    }
  }, 240_000);
});
