/**
 * A real `redis-server` for one test file: on a free loopback port, with a temporary directory,
 * stopped (kill + wait) after. Restartable on the same port and directory. The executable is
 * `REDIS_SERVER_PATH` or the first `redis-server` on `PATH`; without one, a file that calls
 * {@link useRedis} is skipped outside CI (one line in the summary) and fails in CI.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { RedisConnection } from '../../src/store/node';
import { decideProgram, locateProgram, MissingProgramError } from '../support/system-program';
import type { Env, OptionalProgram, ProgramDecision } from '../support/system-program';

/** redis-server: Debian's package, or any build on `PATH`. */
export const REDIS_SERVER: OptionalProgram = {
  name: 'redis-server',
  install: 'apt-get install redis-server',
  pathVariable: 'REDIS_SERVER_PATH',
  requireVariable: 'RX_REQUIRE_REDIS',
};

/** Run, skip or fail the Redis tests on this machine (see {@link decideProgram}). */
export function redisDecision(env: Env = process.env): ProgramDecision {
  return decideProgram(REDIS_SERVER, locateProgram(REDIS_SERVER, env), env);
}

/** A free loopback port: bind to 0, read it, close (redis-server has no `--port 0`). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: a crash) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (the AOF, if on, is replayed). */
  restart(): Promise<void>;
  /** Stops it for good and removes its directory. */
  stop(): Promise<void>;
  /** A connected node-redis client (closed by `stop`). */
  client(): Promise<RedisConnection & { quit?: () => Promise<unknown> }>;
}

/** Starts a redis-server; throws `MissingProgramError` when none is found. */
export async function startRedis(options: { aof?: boolean } = {}): Promise<RedisServer> {
  const decision = redisDecision();
  if (decision.kind !== 'run') throw new MissingProgramError(decision.reason);
  const executable = decision.path;
  const dir = await mkdtemp(join(tmpdir(), 'rx-redis-'));
  const port = await freePort();
  const clients: { destroy(): void }[] = [];
  let proc: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
    args.push('--appendonly', options.aof ? 'yes' : 'no');
    if (options.aof) args.push('--appendfsync', 'always');
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer): void => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      child.once('error', reject);
    });
  };
  const kill = async (): Promise<void> => {
    const child = proc;
    proc = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: launch,
    async stop() {
      for (const c of clients) c.destroy();
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
    async client() {
      const c = createClient({
        url: `redis://127.0.0.1:${port}`,
        socket: { reconnectStrategy: (retries) => Math.min(20 * 2 ** retries, 200) },
      });
      c.on('error', () => undefined);
      await c.connect();
      clients.push(c);
      return c as unknown as RedisConnection;
    },
  };
}

/**
 * One redis-server for the calling test file: started in `beforeAll`, stopped in `afterAll`. The
 * returned handle reaches the server once started. Where redis-server is missing, every test of
 * the file is skipped with the reason as its note (outside CI), or fails with it (in CI).
 */
export function useRedis(options: { aof?: boolean } = {}): RedisServer {
  const decision = redisDecision();
  let server: RedisServer | undefined;
  if (decision.kind === 'skip') {
    beforeEach((ctx) => ctx.skip(decision.reason));
  } else {
    beforeAll(async () => {
      if (decision.kind === 'fail') throw new MissingProgramError(decision.reason);
      server = await startRedis(options);
    });
    afterAll(async () => {
      await server?.stop();
    });
  }
  const started = (): RedisServer => {
    if (server === undefined) throw new MissingProgramError('redis-server is not running');
    return server;
  };
  return {
    get port() {
      return started().port;
    },
    get url() {
      return started().url;
    },
    kill: () => started().kill(),
    restart: () => started().restart(),
    stop: () => started().stop(),
    client: () => started().client(),
  };
}
