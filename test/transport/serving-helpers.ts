/** A real Node http server for the serving tests, and a counting slow source. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { RunnableLambda } from '../../src/core';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** The Node http servers a test file starts, closed with their connections after each test. */
export function useNodeServers(): Server[] {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((s) => {
        s.closeAllConnections();
        return new Promise((r) => s.close(r));
      }),
    );
  });
  return servers;
}

export async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `serve` for one test file: every server it starts is closed after each test. */
export function useServe(): typeof serve {
  const started: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });
  return async (handler) => {
    const server = await serve(handler);
    started.push(server);
    return server;
  };
}

/** A run whose async generator yields `count` chunks of `size` characters, counting what it produced. */
export function countingRun(
  count: number,
  size: number,
): { run: RunnableLambda<string, string>; produced: () => number } {
  let produced = 0;
  const chunk = 'x'.repeat(size);
  const run = RunnableLambda.from(async function* (_input: string) {
    for (let i = 0; i < count; i++) {
      await Promise.resolve();
      produced += 1;
      yield chunk;
    }
  });
  return { run, produced: () => produced };
}

/** Lets a source that ignores backpressure run ahead: several macrotask turns. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}
