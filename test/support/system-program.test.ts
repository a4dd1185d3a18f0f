import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_SERVER, redisDecision } from '../store/redis-server';
import { chooseChromium } from './chromium';
import { groupSkips, skipLine } from './skip-notes-reporter';
import { decideProgram, findOnPath, isCI, locateProgram } from './system-program';

// Two directories standing for PATH entries: one with executables, one with a plain file.
const root = mkdtempSync(join(tmpdir(), 'rx-programs-'));
const bin = join(root, 'bin');
const other = join(root, 'other');
for (const [dir, name, mode] of [
  [bin, 'redis-server', 0o755],
  [bin, 'chromium', 0o755],
  [other, 'redis-server', 0o644],
  [other, 'google-chrome', 0o755],
] as const) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), '#!/bin/sh\n');
  chmodSync(join(dir, name), mode);
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findOnPath and locateProgram', () => {
  it('finds the first executable of that name; a file without the x bit does not count', () => {
    expect(findOnPath('redis-server', `${other}:${bin}`)).toBe(join(bin, 'redis-server'));
    expect(findOnPath('redis-server', other)).toBeUndefined();
    expect(findOnPath('redis-server', `:relative/dir:${other}`)).toBeUndefined();
    expect(findOnPath('redis-server', undefined)).toBeUndefined();
  });

  it('the path variable overrides PATH, and names nothing usable when not executable', () => {
    const env = { PATH: bin, REDIS_SERVER_PATH: join(other, 'redis-server') };
    expect(locateProgram(REDIS_SERVER, env)).toEqual({
      found: undefined,
      override: join(other, 'redis-server'),
    });
    expect(
      locateProgram(REDIS_SERVER, { PATH: other, REDIS_SERVER_PATH: join(bin, 'redis-server') }),
    ).toEqual({ found: join(bin, 'redis-server') });
  });
});

describe('decideProgram: run, skip outside CI, fail in CI', () => {
  const missing = { found: undefined };

  it('runs the program found', () => {
    expect(decideProgram(REDIS_SERVER, { found: '/x/redis-server' }, { CI: 'true' })).toEqual({
      kind: 'run',
      path: '/x/redis-server',
    });
  });

  it('skips outside CI, naming the program and how to get it', () => {
    for (const env of [{}, { CI: '' }, { CI: 'false' }, { CI: '0' }, { RX_REQUIRE_REDIS: '0' }]) {
      const decision = decideProgram(REDIS_SERVER, missing, env);
      expect(decision.kind).toBe('skip');
      expect(decision).toMatchObject({
        reason: expect.stringContaining(
          'redis-server not found on PATH (apt-get install redis-server',
        ),
      });
    }
  });

  it('fails with CI=true, CI=1 or RX_REQUIRE_REDIS=1, saying why', () => {
    expect(isCI({ CI: 'true' }) && isCI({ CI: '1' }) && !isCI({})).toBe(true);
    expect(decideProgram(REDIS_SERVER, missing, { CI: 'true' })).toMatchObject({
      kind: 'fail',
      reason: expect.stringMatching(/^redis-server not found on PATH .*; CI requires it$/),
    });
    expect(decideProgram(REDIS_SERVER, missing, { CI: '1' }).kind).toBe('fail');
    expect(decideProgram(REDIS_SERVER, missing, { RX_REQUIRE_REDIS: '1' })).toMatchObject({
      kind: 'fail',
      reason: expect.stringContaining('RX_REQUIRE_REDIS=1 requires it'),
    });
  });

  it('fails, even outside CI, when REDIS_SERVER_PATH names no executable', () => {
    const env = { PATH: bin, REDIS_SERVER_PATH: join(root, 'nowhere') };
    expect(redisDecision(env)).toEqual({
      kind: 'fail',
      reason: `REDIS_SERVER_PATH=${join(root, 'nowhere')} is not an executable redis-server`,
    });
    expect(redisDecision({ PATH: bin })).toEqual({ kind: 'run', path: join(bin, 'redis-server') });
  });
});

describe('chooseChromium: the system one on PATH, else the bundled one', () => {
  it('CHROMIUM_PATH first, then the names on PATH in order, then @sparticuz/chromium', () => {
    const chrome = join(other, 'google-chrome');
    expect(chooseChromium({ PATH: bin, CHROMIUM_PATH: chrome })).toEqual({
      kind: 'system',
      path: chrome,
    });
    expect(chooseChromium({ PATH: `${other}:${bin}` })).toEqual({
      kind: 'system',
      path: join(bin, 'chromium'),
    });
    expect(chooseChromium({ PATH: other })).toEqual({ kind: 'system', path: chrome });
    // Only PATH is searched: no absolute /usr/bin/chromium behind its back.
    expect(chooseChromium({ PATH: root })).toEqual({ kind: 'bundled' });
    expect(chooseChromium({ PATH: bin, RX_NO_SYSTEM_CHROMIUM: '1' })).toEqual({ kind: 'bundled' });
  });

  it('a CHROMIUM_PATH that is not executable is an error, not a silent fallback', () => {
    expect(() => chooseChromium({ PATH: bin, CHROMIUM_PATH: join(root, 'nowhere') })).toThrow(
      expect.objectContaining({ code: 'MISSING_PROGRAM' }),
    );
  });
});

describe('the skip-notes summary', () => {
  it('one line per note, counting files and tests', () => {
    const groups = groupSkips([
      { file: 'a.test.ts', note: 'redis-server not found' },
      { file: 'a.test.ts', note: 'redis-server not found' },
      { file: 'b.test.ts', note: 'redis-server not found' },
      { file: 'c.test.ts', note: 'other' },
    ]);
    expect(groups.map(skipLine)).toEqual([
      ' ↓ 2 test files (3 tests) skipped: redis-server not found',
      ' ↓ 1 test file (1 test) skipped: other',
    ]);
  });
});
