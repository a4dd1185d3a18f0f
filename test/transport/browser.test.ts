/**
 * Encoder → decoder round trips for every value type in headless Chromium (the transport
 * bundled for the browser with esbuild), and the browser client reading a Node server.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { concat, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import {
  pipeToNodeResponse,
  serializeForWire,
  toJSONLResponse,
  toSSEResponse,
} from '../../src/transport';
import { withChromiumPage } from '../support/chromium';
import type { BrowserResult } from './browser-entry';
import { useServe } from './serving-helpers';
import { wireValues } from './wire-values';

const serve = useServe();

async function bundleEntry(): Promise<{ code: string; nodeImports: string[] }> {
  const builtins = new Set(builtinModules.flatMap((n) => [n, `node:${n}`]));
  const nodeImports: string[] = [];
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser-entry.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // Bundled from src/: the package's `sideEffects: false` is for users of dist/, whose entries
    // keep the composition registrations; src/ files are taken as they are.
    ignoreAnnotations: true,
    plugins: [
      {
        name: 'no-node',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (!builtins.has(args.path) && !args.path.startsWith('node:')) return undefined;
            nodeImports.push(`${args.path} (from ${args.importer})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return { code: result.outputFiles[0]?.text ?? '', nodeImports };
}

describe('transport in headless Chromium', () => {
  it('round trips every value type through SSE and JSON Lines, and reads a Node server with fromSSE/fromJSONL', async () => {
    const { code, nodeImports } = await bundleEntry();
    expect(nodeImports).toEqual([]);
    const groups = await wireValues();
    const served = groups.flatMap((g) => g.values);
    const failure = (): RxRunnablesError =>
      new RxRunnablesError('GENERATION', 'model failed', { stage: 'generation' });
    const server = await serve((req, res) => {
      if (req.url === '/sse') {
        void pipeToNodeResponse(toSSEResponse(concat(of(...served), throwError(failure))), res);
      } else if (req.url === '/jsonl') {
        void pipeToNodeResponse(toJSONLResponse(concat(of(...served), throwError(failure))), res);
      } else {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><title>transport</title>');
      }
    });
    const base = server.url;
    const result = await withChromiumPage(async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(base);
      await page.addScriptTag({ content: code });
      const value = await page.evaluate(
        (url) =>
          (
            globalThis as unknown as { transportRoundTrip: (u: string) => Promise<BrowserResult> }
          ).transportRoundTrip(url),
        base,
      );
      expect(errors).toEqual([]);
      return value;
    });
    expect(result.local.map((r) => r.name)).toEqual(groups.map((g) => g.name));
    for (const r of result.local) {
      expect(r.sent.length, r.name).toBeGreaterThan(0);
      expect(r.sse, r.name).toEqual(r.sent);
      expect(r.jsonl, r.name).toEqual(r.sent);
      expect(r.ids).toEqual(r.sent.map((_, i) => String(i + 1)));
    }
    expect(result.remoteSSE).toEqual(served.map((v) => serializeForWire(v)));
    expect(result.remoteSSEError).toBe('GENERATION');
    expect(result.remoteJSONL).toEqual(
      served.map((v) => serializeForWire(JSON.parse(serializeForWire(v)))),
    );
    expect(result.remoteJSONLError).toBe('GENERATION');
  }, 60_000);
});
