/**
 * `npm run serve` as a newcomer runs it: examples/web/server.ts starts, prints its URL, serves
 * the page and the bundled browser client, and stops on SIGTERM.
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DefaultChatTransport } from 'ai';
import { describe, expect, it } from 'vitest';
import { TestChat, leaveMidAnswer, resumeReloaded, textOf } from '../transport/ai-chat';

const ROOT = join(import.meta.dirname, '..', '..');
const SERVER = join('examples', 'web', 'server.ts');

function env(): NodeJS.ProcessEnv {
  const copy = { ...process.env };
  delete copy['OPENAI_API_KEY'];
  delete copy['PORT'];
  return copy;
}

/** Starts examples/web/server.ts as `npm run serve` does; resolves with its URL and a stop. */
async function startServe(): Promise<{ url: string; stop(): Promise<number | null> }> {
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
    return {
      url,
      stop: async () => {
        child.kill('SIGTERM');
        return exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

describe('npm run serve', () => {
  it('useChat({ resume: true }): AbstractChat.resumeStream() finishes an answer after a reload, 204 when nothing runs', async () => {
    const serve = await startServe();
    const question = 'How do I retry a stream?';
    const chatOn = (id: string, messages: TestChat['messages'] = []): TestChat =>
      new TestChat({
        id,
        messages,
        transport: new DefaultChatTransport({ api: `${serve.url}api/ui-chat` }),
      });
    try {
      // Nothing running for this chat: GET /api/ui-chat/:id/stream answers 204.
      const fresh = chatOn('chat-a');
      await fresh.resumeStream();
      expect(fresh.status).toBe('ready');
      expect(fresh.error).toBeUndefined();
      expect(fresh.messages).toEqual([]);

      // The whole answer, uninterrupted, on another chat: what the resumed one must end with.
      const whole = chatOn('chat-b');
      await whole.sendMessage({ text: question });
      expect(whole.status).toBe('ready');
      const answer = textOf(whole.lastMessage);
      expect(answer).toContain('withRetry');

      // A page that reloads mid-answer: what it had is kept (as useChat's `messages`), then the
      // page that comes back resumes.
      const saved = await leaveMidAnswer(chatOn('chat-a'), question);
      expect(saved.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(textOf(saved.at(-1)).length).toBeLessThan(answer.length);

      const { chat: reloaded, errors } = await resumeReloaded({
        id: 'chat-a',
        messages: saved,
        transport: new DefaultChatTransport({ api: `${serve.url}api/ui-chat` }),
      });
      expect(errors).toEqual([]);
      expect(reloaded.status).toBe('ready');
      expect(reloaded.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(reloaded.lastMessage?.id).toBe(saved.at(-1)?.id);
      expect(textOf(reloaded.lastMessage)).toBe(answer);
      expect(reloaded.lastMessage?.parts.some((p) => p.type === 'source-document')).toBe(true);

      // The answer has ended: 204 again, and the chat keeps what it has.
      const later = chatOn('chat-a', structuredClone(reloaded.messages));
      await later.resumeStream();
      expect(later.status).toBe('ready');
      expect(later.messages).toEqual(reloaded.messages);
      const raw = await fetch(`${serve.url}api/ui-chat/chat-a/stream`);
      expect(raw.status).toBe(204);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  }, 60_000);

  it('prints its URL, serves the page and /lib/transport.js, answers /api/chat, stops on SIGTERM', async () => {
    const { url, stop } = await startServe();
    try {
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
    } finally {
      expect(await stop()).toBe(0);
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
