/**
 * `npm run serve` as a newcomer runs it: examples/web/server.ts starts, prints its URL, serves
 * the page and the bundled browser client, and stops on SIGTERM.
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SERVER = join('examples', 'web', 'server.ts');

function env(): NodeJS.ProcessEnv {
  const copy = { ...process.env };
  delete copy['OPENAI_API_KEY'];
  delete copy['PORT'];
  return copy;
}

describe('npm run serve', () => {
  it('prints its URL, serves the page and /lib/transport.js, answers /api/chat, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, '--port', '0'], {
      cwd: ROOT,
      env: env(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (text: string) => {
          out += text;
          const match = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const page = await fetch(url);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
      const app = await (await fetch(`${url}app.js`)).text();
      expect(app).toContain("from '/lib/transport.js'");
      const lib = await fetch(`${url}lib/transport.js`);
      expect(lib.headers.get('content-type')).toContain('text/javascript');
      const code = await lib.text();
      expect(code).toMatch(/export\s*\{[^}]*\bas fromSSE\b/);
      expect(code).not.toMatch(/from\s*"node:/);
      const chat = await fetch(`${url}api/chat`, {
        method: 'POST',
        body: JSON.stringify({ message: 'How do I retry a stream?' }),
      });
      expect(chat.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const text = await chat.text();
      expect(text).toContain('event: conversation\n');
      expect(text).toContain('event: generation_done\n');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses an invalid --port with a message', async () => {
    const run = promisify(execFile);
    const failure = await run(process.execPath, ['--import', 'tsx', SERVER, '--port', 'abc'], {
      cwd: ROOT,
      env: env(),
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect((failure as { stderr: string }).stderr).toContain('Invalid port "abc"');
  }, 60_000);
});
