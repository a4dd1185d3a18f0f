/**
 * An HTTP server of the resume route (`GET /stream/:id`, `POST /stream/:id/cancel`) on a store,
 * and a `fetch` that cuts response bodies at random byte counts.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RunnableLambda } from '../../src/core';
import { serveStream } from '../../src/store';
import type { EventStore } from '../../src/store';
import { pipeToNodeResponse } from '../../src/transport';

export interface StoreServer {
  readonly url: string;
  readonly server: Server;
  /** Closes the server and destroys every open connection (an instance dying). */
  close(): Promise<void>;
}

/** Options of {@link serveStore}. */
export interface ServeStoreOptions {
  /** `serveStream`'s `retryMs`. */
  retryMs?: number;
  /**
   * `web`: the route as docs/store.md's web handler (`serveStream(store, id, { request })`, the
   * Node request turned into a web `Request`); default `node`: the docs' Node route.
   */
  route?: 'node' | 'web';
}

export async function serveStore(
  store: EventStore,
  options: ServeStoreOptions = {},
): Promise<StoreServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cancel = /^\/stream\/([^/]+)\/cancel$/.exec(url.pathname);
    if (req.method === 'POST' && cancel) {
      void store.cancel(cancel[1] ?? '').then(() => res.writeHead(204).end());
      return;
    }
    const id = /^\/stream\/([^/]+)$/.exec(url.pathname)?.[1] ?? '';
    const common = { pingIntervalMs: 0, retryMs: options.retryMs };
    if (options.route === 'web') {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(key, value);
      }
      const request = new Request(new URL(req.url ?? '/', 'http://127.0.0.1'), { headers });
      void serveStream(store, id, { request, ...common }).then((response) =>
        pipeToNodeResponse(response, res),
      );
      return;
    }
    const header = req.headers['last-event-id'];
    void serveStream(store, id, {
      lastEventId: typeof header === 'string' ? header : undefined,
      after: url.searchParams.get('after'),
      ...common,
    }).then((response) => pipeToNodeResponse(response, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A deterministic PRNG (mulberry32), so a failing cut pattern can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts of a cutting fetch: connections made and bodies cut. */
export interface CutStats {
  connections: number;
  cuts: number;
  lastEventIds: string[];
}

/**
 * A `fetch` whose response bodies fail (a network error, as a dropped connection gives) after a
 * random 1–`maxBytes` bytes, until `maxCuts` bodies were cut; later ones are left whole.
 */
export function cuttingFetch(
  random: () => number,
  maxCuts: number,
  maxBytes: number,
  stats: CutStats,
): typeof fetch {
  return async (input, init) => {
    stats.connections++;
    stats.lastEventIds.push(new Headers(init?.headers).get('last-event-id') ?? '');
    const response = await fetch(input, init);
    if (stats.cuts >= maxCuts || response.body === null) return response;
    const limit = 1 + Math.floor(random() * maxBytes);
    const reader = response.body.getReader();
    let seen = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        if (seen + value.length < limit) {
          seen += value.length;
          return controller.enqueue(value);
        }
        controller.enqueue(value.slice(0, limit - seen));
        stats.cuts++;
        void reader.cancel();
        controller.error(new TypeError('terminated: connection cut by the test'));
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

/** A run of `count` chunks `w1`, `w2`, …, pausing every `every` chunks so readers catch up live. */
export function words(count: number, every = 10, pauseMs = 2): RunnableLambda<string, string> {
  return RunnableLambda.from(async function* (_: string) {
    for (let i = 1; i <= count; i++) {
      if (i % every === 0) await new Promise((r) => setTimeout(r, pauseMs));
      yield `w${i}`;
    }
  });
}
