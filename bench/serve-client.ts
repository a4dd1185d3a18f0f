/**
 * The load bench's side of the wire (bench/serve.ts): starting the app in a child process,
 * reading its heap, and one SSE client that checks every token arrives, in order.
 * @module
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import type { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';

const QUESTION = JSON.stringify({ message: 'How do I retry a stream?' });

/** A reading of `GET /__heap`. */
export interface Heap {
  heapUsed: number;
  openStreams: number;
  conversations: number;
}

/** What one client received. */
export interface ClientResult {
  tokens: number;
  inOrder: boolean;
  done: boolean;
  gaps: number[];
  endedAt: number;
}

/** Starts bench/serve-server.ts (tokens `tokenDelayMs` apart) and resolves with its URL. */
export function startServer(tokenDelayMs: number): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./serve-server.ts', import.meta.url));
  const root = fileURLToPath(new URL('../', import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
    cwd: root,
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: process.env['TSX_TSCONFIG_PATH'] ?? 'bench/tsconfig.json',
      TOKEN_DELAY_MS: String(tokenDelayMs),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      out += text;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line)
        resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
  });
}

/** The server's heap after a GC, on a connection of its own (never a reused one). */
export function heap(url: string): Promise<Heap> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}__heap`, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
      res.on('end', () => resolve(JSON.parse(body) as Heap));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One SSE client of `POST /api/chat`: parses frames as they arrive, checks each chunk is the next token. */
export function client(
  url: string,
  agent: Agent,
  mode: 'fast' | 'slow',
  onFirstChunk: () => void,
): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const result: ClientResult = { tokens: 0, inOrder: true, done: false, gaps: [], endedAt: 0 };
    let buffer = '';
    let last = 0;
    const req = request(
      `${url}api/chat`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.setEncoding('utf8');
        const onText = (text: string): void => {
          buffer += text;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            if (frame.includes('\nevent: chunk\n')) {
              const data = JSON.parse(frame.slice(frame.indexOf('\ndata: ') + 7)) as {
                data: string;
              };
              if (data.data.trim() !== `w${result.tokens}`) result.inOrder = false;
              const now = performance.now();
              if (result.tokens > 0) result.gaps.push(now - last);
              last = now;
              result.tokens += 1;
              if (result.tokens === 1) onFirstChunk();
            } else if (frame.includes('\nevent: generation_done\n')) result.done = true;
          }
        };
        res.on('end', () => {
          result.endedAt = performance.now();
          resolve(result);
        });
        res.on('error', reject);
        if (mode === 'fast') res.on('data', onText);
        else {
          // Paused mode: 1 KB every 100 ms.
          const timer = setInterval(() => {
            let piece: string | null;
            while ((piece = res.read(1024) as string | null) !== null) {
              onText(piece);
              break;
            }
            if (res.readableEnded) clearInterval(timer);
          }, 100);
          res.on('end', () => clearInterval(timer));
          res.on('readable', () => undefined);
        }
      },
    );
    req.on('error', reject);
    req.end(QUESTION);
  });
}
