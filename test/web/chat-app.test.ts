/**
 * The chat web app (`npm run serve`) in headless Chromium: tokens painted as they stream, sources
 * and timeline, Stop closing the model's upstream request (OpenAIChatModel against the loopback
 * OpenAI-compatible server), typed errors shown, history after a reload, and the `useChat`
 * endpoint read by the AI SDK's own DefaultChatTransport.
 */
import { fileURLToPath } from 'node:url';
import { DefaultChatTransport, readUIMessageStream } from 'ai';
import type { UIMessage } from 'ai';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { docsRag, loadDocsRetriever } from '../../examples/docs-rag';
import { createChatApp } from '../../examples/web/chat-app';
import type { ChatApp } from '../../examples/web/chat-app';
import { DemoChatModel } from '../../src/models';
import { OpenAIChatModel } from '../../src/openai';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';
import type { OpenAICompatibleServer } from '../../src/testing/openai-server-types';
import { withChromiumPage } from '../support/chromium';

const QUESTION = 'How do I retry a stream?';
const SCREENSHOT = fileURLToPath(new URL('../../docs/chat-app.png', import.meta.url));

let app: ChatApp;
let url: string;

beforeAll(async () => {
  app = await createChatApp({ llm: new DemoChatModel({ tokenDelayMs: 15, maxSentences: 3 }) });
  url = await app.listen(0);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

/** Opens the page and waits until its module ran (history loaded). */
async function open(page: Page, at: string): Promise<void> {
  await page.goto(at);
  await page.waitForSelector('body[data-ready="true"]');
}

/** Records the answer's text length on every animation frame (what each paint showed). */
async function samplePaints(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { paintLengths: number[] };
    w.paintLengths = [];
    const tick = (): void => {
      const texts = document.querySelectorAll('.message.assistant .text');
      const last = texts[texts.length - 1];
      const length = last?.textContent?.length ?? 0;
      if (w.paintLengths[w.paintLengths.length - 1] !== length) w.paintLengths.push(length);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function ask(page: Page, question: string): Promise<void> {
  await page.fill('#prompt', question);
  await page.click('#send');
}

describe('chat web app in headless Chromium', () => {
  it('streams an answer token by token with its sources and timeline, and a reload shows the history', async () => {
    await withChromiumPage(async (page) => {
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.setViewportSize({ width: 1200, height: 760 });
      await open(page, url);
      await samplePaints(page);
      await ask(page, QUESTION);
      await page.waitForSelector('.message.assistant[data-status="done"]', { timeout: 30_000 });
      const answer = await page.textContent('.message.assistant .text');
      const lengths = await page.evaluate(
        () => (window as unknown as { paintLengths: number[] }).paintLengths,
      );
      // Growing text seen at three or more frames before the end: painted as it streamed.
      const growing = lengths.filter((n) => n > 0 && n < (answer ?? '').length);
      expect(growing.length).toBeGreaterThanOrEqual(3);
      expect(lengths[lengths.length - 1]).toBe((answer ?? '').length);
      expect(answer).toContain('withRetry');

      const sources = await page.$$eval('#sources li', (items) => items.map((i) => i.textContent));
      expect(sources.length).toBeGreaterThan(0);
      expect(sources.join('\n')).toContain('Retry and fallbacks');
      const timeline = await page.$$eval('#timeline li', (items) =>
        items.map((i) => (i as HTMLElement).dataset['event']),
      );
      expect(timeline).toEqual([
        'retrieval start',
        'retrieval done',
        'generation start',
        'first token',
        'generation done',
      ]);
      const metrics = await page.$$eval('#metrics dd', (items) =>
        items.map((i) => (i as HTMLElement).dataset['metric']),
      );
      expect(metrics).toEqual(['retrieval', 'first token', 'tokens', 'tokens/s', 'total']);
      const tokens = await page.textContent('#metrics dd[data-metric="tokens"]');
      expect(Number(tokens)).toBeGreaterThan(3);
      if (process.env['UPDATE_SCREENSHOT'] === '1') {
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
      }

      // The server kept the conversation; a reload shows it.
      const id = await page.evaluate(() => localStorage.getItem('rx-runnables-chat:conversation'));
      expect(app.conversations.get(id ?? '')?.messages.map((m) => m.role)).toEqual([
        'user',
        'assistant',
      ]);
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      const shown = await page.$$eval('#messages .message .text', (items) =>
        items.map((i) => i.textContent),
      );
      expect(shown).toEqual([QUESTION, answer]);
      expect(pageErrors).toEqual([]);
    });
  }, 90_000);

  it('shows the typed error of bad input (empty, 100 KB) and keeps serving', async () => {
    await withChromiumPage(async (page) => {
      await open(page, url);
      await ask(page, '   ');
      await page.waitForSelector('#error:not([hidden])');
      expect(await page.getAttribute('#error', 'data-code')).toBe('INVALID_INPUT');
      expect(await page.textContent('#error')).toContain('The message is empty');
      await ask(page, 'x'.repeat(100 * 1024));
      await page.waitForFunction(() =>
        document.querySelector('#error')?.textContent?.includes('102400 characters'),
      );
      expect(await page.getAttribute('#error', 'data-code')).toBe('INVALID_INPUT');
      expect(await page.$$('.message')).toHaveLength(0);
    });
    const post = (body: string, path = 'api/chat'): Promise<Response> =>
      fetch(`${url}${path}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
    const big = await post(JSON.stringify({ message: 'x'.repeat(100 * 1024) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { reason: 'too-large', length: 102400 } },
    });
    const invalid = await post('{"message": ');
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.code).toBe('JSON_PARSE');
    const wrongMethod = await fetch(`${url}api/chat`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await wrongMethod.json()).error).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      details: { allowed: 'POST' },
    });
    const unknown = await fetch(`${url}nowhere`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({
      code: 'NOT_FOUND',
      details: { path: '/nowhere' },
    });
    const noConversation = await fetch(`${url}api/conversations/nope`);
    expect(noConversation.status).toBe(404);
    const badType = await post(JSON.stringify({ message: 42 }));
    expect(badType.status).toBe(400);
    expect((await badType.json()).error.details).toMatchObject({
      field: 'message',
      received: 'number',
    });
    // Still serving.
    expect((await fetch(url)).status).toBe(200);
  }, 60_000);

  it('answers useChat: the AI SDK DefaultChatTransport reads /api/ui-chat', async () => {
    const transport = new DefaultChatTransport<UIMessage>({ api: `${url}api/ui-chat` });
    const stream = await transport.sendMessages({
      chatId: 'c1',
      messageId: undefined,
      trigger: 'submit-message',
      abortSignal: undefined,
      messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: QUESTION }] }],
    });
    let last: UIMessage | undefined;
    for await (const message of readUIMessageStream<UIMessage>({ stream })) last = message;
    const text = (last?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');
    expect(text).toContain('withRetry');
    const sources = (last?.parts ?? []).filter((p) => p.type === 'source-document');
    expect(sources.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('Stop and reload in the browser', () => {
  let upstream: OpenAICompatibleServer | undefined;
  let slowApp: ChatApp | undefined;
  const words = 'Streams retry with withRetry before the first chunk and never after it .'.split(
    ' ',
  );

  afterEach(async () => {
    await slowApp?.close();
    await upstream?.close();
    slowApp = undefined;
    upstream = undefined;
  });

  /** The app with OpenAIChatModel against the loopback server, 400 ms between chunks. */
  async function startSlowApp(): Promise<string> {
    upstream = await startOpenAICompatibleServer({
      responses: [{ content: words.map((w, i) => (i === 0 ? w : ` ${w}`)), delayMs: 400 }],
    });
    const llm = new OpenAIChatModel({ apiKey: 'test', baseURL: upstream.url, maxRetries: 0 });
    slowApp = await createChatApp({ rag: docsRag(await loadDocsRetriever(), llm) });
    return slowApp.listen(0);
  }

  async function firstTokens(page: Page): Promise<void> {
    await page.waitForFunction(
      () => (document.querySelector('.message.assistant .text')?.textContent ?? '').length > 0,
      undefined,
      { timeout: 30_000 },
    );
  }

  /**
   * The slow app in Chromium, asked QUESTION, with its first tokens shown; then `rest` with the
   * page and the model request the app made.
   */
  async function whileAnswering(
    rest: (
      page: Page,
      recorded: Awaited<ReturnType<OpenAICompatibleServer['waitForRequest']>>,
    ) => Promise<void>,
  ): Promise<void> {
    const slowUrl = await startSlowApp();
    await withChromiumPage(async (page) => {
      await open(page, slowUrl);
      await ask(page, QUESTION);
      await firstTokens(page);
      await rest(page, await (upstream as OpenAICompatibleServer).waitForRequest(1));
    });
  }

  it('Stop aborts the fetch, the server cancels the run and the model request closes; a reload shows the partial answer', async () => {
    await whileAnswering(async (page, recorded) => {
      expect(recorded.connection.closed).toBe(false);
      await page.click('#stop');
      await recorded.connection.whenClosed;
      expect(recorded.connection.closed).toBe(true);
      await page.waitForSelector('.message.assistant[data-status="stopped"]');
      expect(await page.textContent('#status')).toBe('stopped');
      const partial = (await page.textContent('.message.assistant .text')) ?? '';
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(words.join(' ').length);

      // The server recorded the stop and what had been sent; a reload shows it.
      const id = await page.evaluate(() => localStorage.getItem('rx-runnables-chat:conversation'));
      const kept = slowApp?.conversations.get(id ?? '')?.messages[1];
      await expect.poll(() => kept?.status).toBe('stopped');
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.getAttribute('.message.assistant', 'data-status')).toBe('stopped');
      expect(await page.textContent('.message.assistant .text')).toBe(kept?.content);
      expect(kept?.content.startsWith(partial)).toBe(true);
    });
  }, 90_000);

  it('a reload mid-answer shows the conversation so far, and the model request closes', async () => {
    await whileAnswering(async (page, recorded) => {
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      await recorded.connection.whenClosed;
      const shown = await page.$$eval('#messages .message .text', (items) =>
        items.map((i) => i.textContent ?? ''),
      );
      expect(shown[0]).toBe(QUESTION);
      expect((shown[1] ?? '').length).toBeGreaterThan(0);
      expect(words.join(' ').startsWith(shown[1] ?? '')).toBe(true);
      const id = await page.evaluate(() => localStorage.getItem('rx-runnables-chat:conversation'));
      const kept = slowApp?.conversations.get(id ?? '')?.messages[1];
      await expect.poll(() => kept?.status).toBe('stopped');
      // The history is what the server held when the page loaded it: a prefix of what it kept.
      expect(kept?.content.startsWith(shown[1] ?? '')).toBe(true);
    });
  }, 90_000);
});
