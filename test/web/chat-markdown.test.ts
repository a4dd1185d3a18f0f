/**
 * The chat page renders the answer's Markdown (examples/web/markdown.js) in headless Chromium:
 * each construct becomes the elements expected, HTML in the answer stays text (no element made,
 * no dialog), only http(s)/mailto links are made, a marker not closed yet shows as text while the
 * answer streams, and the page renders a streamed answer from the real server, keeping the
 * user's words plain.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatApp } from '../../examples/web/chat-app';
import type { ChatApp } from '../../examples/web/chat-app';
import { DemoChatModel } from '../../src/models';
import { withChromiumPage } from '../support/chromium';

const XSS = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';

/** The scripted answer of the end-to-end case: every construct, and HTML that must stay text. */
const ANSWER = [
  '## Retrying a stream',
  '',
  'Use **`withRetry`** before the *first* chunk. See [the docs](https://example.com/retry).',
  '',
  '- it retries',
  '- it gives up',
  '',
  '1. call it',
  '2. read it',
  '',
  '```ts',
  `const a = '${XSS}';`,
  '```',
  '',
  `Text with ${XSS} and ${SCRIPT} stays text.`,
].join('\n');

let app: ChatApp;
let url: string;

beforeAll(async () => {
  app = await createChatApp({ llm: new DemoChatModel({ tokenDelayMs: 5, script: [ANSWER] }) });
  url = await app.listen(0);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

/** Opens the page, waits until its module ran, and records every dialog (dismissing it). */
async function open(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return dialogs;
}

/** Opens the page and imports its renderer module, as the page does. */
async function openRenderer(page: Page): Promise<string[]> {
  const dialogs = await open(page);
  // A string: the test's own code is transformed by Vitest, the page's is not.
  await page.evaluate("import('/markdown.js').then((m) => Object.assign(window, m))");
  return dialogs;
}

type Renderer = {
  renderMarkdown(text: string, doc: Document): DocumentFragment;
  markdownView(element: Element, doc: Document): { update(text: string): void };
};

/**
 * Renders `markdown` with the page's renderer into a `#probe` element attached to the document
 * (so an <img> made would load and fire its handlers), and returns the resulting HTML.
 */
async function render(page: Page, markdown: string): Promise<string> {
  return page.evaluate((text) => {
    const { renderMarkdown } = window as unknown as Renderer;
    let probe = document.getElementById('probe');
    if (probe === null) {
      probe = document.createElement('div');
      probe.id = 'probe';
      document.body.append(probe);
    }
    probe.replaceChildren(renderMarkdown(text, document));
    return probe.innerHTML;
  }, markdown);
}

const count = (page: Page, selector: string): Promise<number> =>
  page.evaluate((s) => document.querySelectorAll(s).length, selector);

describe('the Markdown renderer in Chromium', () => {
  it('renders each construct as its elements', async () => {
    await withChromiumPage(async (page) => {
      await openRenderer(page);
      const cases: [string, string][] = [
        ['plain text', '<p>plain text</p>'],
        ['**strong** and __strong__', '<p><strong>strong</strong> and <strong>strong</strong></p>'],
        ['*em* and _em_', '<p><em>em</em> and <em>em</em></p>'],
        ['***both***', '<p><em><strong>both</strong></em></p>'],
        ['a `code span` here', '<p>a <code>code span</code> here</p>'],
        ['``a ` b``', '<p><code>a ` b</code></p>'],
        ['snake_case_name stays', '<p>snake_case_name stays</p>'],
        ['2 * 3 * 4', '<p>2 * 3 * 4</p>'],
        ['line one\nline two', '<p>line one<br>line two</p>'],
        ['first\n\nsecond', '<p>first</p><p>second</p>'],
        ['# One\n## Two\n### Three', '<h1>One</h1><h2>Two</h2><h3>Three</h3>'],
        ['#hashtag', '<p>#hashtag</p>'],
        ['- a\n- **b**\n* c', '<ul><li>a</li><li><strong>b</strong></li></ul><ul><li>c</li></ul>'],
        ['1. one\n2. two\n3. three', '<ol><li>one</li><li>two</li><li>three</li></ol>'],
        ['3. three\n4. four', '<ol start="3"><li>three</li><li>four</li></ol>'],
        ['- a\n  - nested\n- b', '<ul><li>a<ul><li>nested</li></ul></li><li>b</li></ul>'],
        ['Intro:\n- a\n- b', '<p>Intro:</p><ul><li>a</li><li>b</li></ul>'],
        ['- a\n\n- b', '<ul><li><p>a</p></li><li><p>b</p></li></ul>'],
        // A blank line in a nested list or a code block leaves the outer list tight.
        [
          '- a\n  - b\n\n  - c\n- d',
          '<ul><li>a<ul><li><p>b</p></li><li><p>c</p></li></ul></li><li>d</li></ul>',
        ],
        [
          '1. Install:\n   ```sh\n   npm i\n\n   npm t\n   ```\n2. Run',
          '<ol><li>Install:<pre data-language="sh"><code class="language-sh">npm i\n\nnpm t</code></pre></li><li>Run</li></ol>',
        ],
        [
          '```ts\nconst x = 1;\n\n**not bold**\n```',
          '<pre data-language="ts"><code class="language-ts">const x = 1;\n\n**not bold**</code></pre>',
        ],
        ['```\nplain\n```\nafter', '<pre><code>plain</code></pre><p>after</p>'],
        [
          '[the docs](https://example.com/a?b=1)',
          '<p><a href="https://example.com/a?b=1" rel="noopener noreferrer" target="_blank">the docs</a></p>',
        ],
        [
          '[**mail** us](mailto:team@example.com)',
          '<p><a href="mailto:team@example.com" rel="noopener noreferrer" target="_blank"><strong>mail</strong> us</a></p>',
        ],
        ['> quoted', '<blockquote><p>quoted</p></blockquote>'],
        ['\\*not em\\*', '<p>*not em*</p>'],
        // CommonMark's pairing of delimiter runs.
        ['*foo**bar**baz*', '<p><em>foo<strong>bar</strong>baz</em></p>'],
        ['*foo**bar*', '<p><em>foo**bar</em></p>'],
        ['foo***bar***baz', '<p>foo<em><strong>bar</strong></em>baz</p>'],
        ['*foo *bar**', '<p><em>foo <em>bar</em></em></p>'],
        ['a* b* *c*', '<p>a* b* <em>c</em></p>'],
        ['**open *em* still', '<p>**open <em>em</em> still</p>'],
        // Quotes and lists nest 16 deep; deeper, the rest is text (bounded time for `> > > …`).
        [
          `${'> '.repeat(18)}deep`,
          `${'<blockquote>'.repeat(16)}<p>&gt; &gt; deep</p>${'</blockquote>'.repeat(16)}`,
        ],
      ];
      for (const [markdown, html] of cases) {
        expect({ markdown, html: await render(page, markdown) }).toEqual({ markdown, html });
      }
    });
  }, 60_000);

  it('shows HTML in text, code spans, code blocks and link text as text: no element, no dialog', async () => {
    await withChromiumPage(async (page) => {
      const dialogs = await openRenderer(page);
      const passages = [
        `before ${XSS} after`,
        `before ${SCRIPT} after`,
        `**${XSS}** and *${SCRIPT}*`,
        `\`${XSS}\` and \`${SCRIPT}\``,
        `\`\`\`html\n${XSS}\n${SCRIPT}\n\`\`\``,
        `\`\`\`\n${XSS}`, // a code block still open
        `[${XSS}](https://example.com) and [${SCRIPT}](https://example.com)`,
        `# ${XSS}\n- ${SCRIPT}\n> ${XSS}`,
        `<svg onload=alert(1)></svg><iframe src="javascript:alert(1)"></iframe>`,
        `&lt;img src=x onerror=alert(1)&gt;`,
      ];
      const made = 'img, script:not([src]), svg, iframe';
      for (const passage of passages) {
        const html = await render(page, passage);
        expect({ passage, made: await count(page, `#probe :is(${made})`) }).toEqual({
          passage,
          made: 0,
        });
        const shown = await page.textContent('#probe');
        for (const tag of [XSS, SCRIPT]) {
          if (passage.includes(tag)) expect(shown).toContain(tag);
        }
        expect(html).not.toMatch(/<(img|script|svg|iframe)/);
      }
      expect(await count(page, made)).toBe(0);
      // The control: the same passage parsed as HTML does fire its handler, and this is seen.
      await page.evaluate((xss) => {
        const control = document.createElement('div');
        control.innerHTML = xss.replace('alert(1)', "alert('control')");
        document.body.append(control);
      }, XSS);
      await expect.poll(() => dialogs).toEqual(['control']);
    });
  }, 60_000);

  it('the page scripts the server sends use no HTML parsing API', async () => {
    const parsing =
      /innerHTML|outerHTML|insertAdjacentHTML|DOMParser|createContextualFragment|document\.write|setHTML|srcdoc/;
    for (const file of ['markdown.js', 'markdown-inline.js', 'app.js']) {
      const response = await fetch(`${url}${file}`);
      expect({ file, status: response.status }).toEqual({ file, status: 200 });
      expect({ file, uses: parsing.exec(await response.text())?.[0] }).toEqual({
        file,
        uses: undefined,
      });
    }
  });

  it('makes no link of javascript:, data: or other targets; they show as written', async () => {
    await withChromiumPage(async (page) => {
      const dialogs = await openRenderer(page);
      const targets = [
        '[x](javascript:alert(1))',
        '[x](JavaScript:alert(1))',
        '[x](<javascript:alert(1)>)',
        '[x](<java\tscript:alert(1)>)',
        '[x](data:text/html,<script>alert(1)</script>)',
        '[x](vbscript:msgbox(1))',
        '[x](/relative/path)',
        '[x](//example.com)',
        '<javascript:alert(1)>',
        'javascript:alert(1)',
      ];
      for (const markdown of targets) {
        await render(page, markdown);
        expect({ markdown, links: await count(page, '#probe a') }).toEqual({ markdown, links: 0 });
        expect(await page.textContent('#probe')).toBe(markdown);
      }
      await render(page, 'http://example.com and <https://example.com/x>');
      const hrefs = await page.$$eval('#probe a', (links) =>
        links.map((a) => (a as HTMLAnchorElement).href),
      );
      expect(hrefs).toEqual(['http://example.com/', 'https://example.com/x']);
      expect(dialogs).toEqual([]);
    });
  }, 60_000);

  it('shows a marker not closed yet as text, and renders it once closed', async () => {
    await withChromiumPage(async (page) => {
      await openRenderer(page);
      const steps: [string, string][] = [
        ['Use **with', '<p>Use **with</p>'],
        ['Use **withRetry**', '<p>Use <strong>withRetry</strong></p>'],
        ['call `with', '<p>call `with</p>'],
        ['call `withRetry`', '<p>call <code>withRetry</code></p>'],
        ['an *em', '<p>an *em</p>'],
        ['see [docs](https://exa', '<p>see [docs](https://exa</p>'],
        [
          'see [docs](https://example.com)',
          '<p>see <a href="https://example.com/" rel="noopener noreferrer" target="_blank">docs</a></p>',
        ],
        [
          '```ts\nconst a',
          '<pre data-language="ts"><code class="language-ts">const a</code></pre>',
        ],
        [
          '```ts\nconst a = 1;\n```\nDone',
          '<pre data-language="ts"><code class="language-ts">const a = 1;</code></pre><p>Done</p>',
        ],
      ];
      for (const [markdown, html] of steps) {
        expect({ markdown, html: await render(page, markdown) }).toEqual({ markdown, html });
      }
      // Every prefix of a whole answer renders, making only the elements the renderer builds.
      const allowed = new Set(
        'P BR STRONG EM CODE PRE UL OL LI H1 H2 H3 H4 H5 H6 A BLOCKQUOTE HR'.split(' '),
      );
      const tags = await page.evaluate(
        ({ text }) => {
          const { renderMarkdown } = window as unknown as Renderer;
          const seen = new Set<string>();
          for (let end = 0; end <= text.length; end++) {
            const holder = document.createElement('div');
            holder.append(renderMarkdown(text.slice(0, end), document));
            for (const element of Array.from(holder.querySelectorAll('*')))
              seen.add(element.tagName);
          }
          return [...seen];
        },
        { text: ANSWER },
      );
      expect(tags.filter((t) => !allowed.has(t))).toEqual([]);
    });
  }, 60_000);
});

/** A longer answer for the streaming view: blocks whose extent depends on the line after them. */
const LONG = [
  ANSWER,
  '',
  '- loose item',
  '',
  '- second',
  '  continued',
  'lazy line',
  '',
  '> quoted',
  '> more',
  'lazy quote',
  '',
  '1. one',
  '   ```js',
  '   let a;',
  '',
  '   a = 1;',
  '   ```',
  '2. two',
  '',
  '---',
  '# Title',
  'para\r\nwith CRLF',
  '',
  '```',
  'code',
  '',
  'after a blank line, still code',
  '```',
  'text right after',
  '',
  '~~~',
  'still open',
].join('\n');

describe('the streaming view in Chromium', () => {
  it('shows what a whole render shows after every character, building again only open blocks', async () => {
    await withChromiumPage(async (page) => {
      await openRenderer(page);
      const result = await page.evaluate((text) => {
        const { markdownView, renderMarkdown } = window as unknown as Renderer;
        const shown = document.createElement('div');
        const whole = document.createElement('div');
        const view = markdownView(shown, document);
        const differences: string[] = [];
        let first: Node | null = null;
        // Once the list has begun on a line that ended, the heading cannot change.
        const settledAt = text.indexOf('- it retries') + '- it retries\n'.length;
        for (let end = 0; end <= text.length; end++) {
          const prefix = text.slice(0, end);
          view.update(prefix);
          whole.replaceChildren(renderMarkdown(prefix, document));
          if (shown.innerHTML !== whole.innerHTML) differences.push(JSON.stringify(prefix));
          if (end === settledAt) first = shown.firstChild;
        }
        const reused = first !== null && shown.firstChild === first;
        // A text that does not extend the last one is shown whole.
        view.update('*other*');
        return { differences, reused, replaced: shown.innerHTML };
      }, LONG);
      expect(result.differences).toEqual([]);
      // The heading was not built again after it settled.
      expect(result.reused).toBe(true);
      expect(result.replaced).toBe('<p><em>other</em></p>');
    });
  }, 60_000);

  it('shows what a whole render shows for 500 random texts of block markers, at every prefix', async () => {
    await withChromiumPage(async (page) => {
      await openRenderer(page);
      const differences = await page.evaluate(() => {
        const { markdownView, renderMarkdown } = window as unknown as Renderer;
        const pieces = ['\n', '\n\n', '- a', '1. b', '2. c', '  ', '    ', '```', '~~~', '> '];
        pieces.push('# h', 'text', '**', '`', '---', '\r\n', '* ', 'x');
        let seed = 7; // a fixed sequence (Park–Miller), the same texts every run
        const next = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
        const found: string[] = [];
        for (let doc = 0; doc < 500; doc++) {
          let text = '';
          for (let n = 3 + next(25); n > 0; n--) text += pieces[next(pieces.length)];
          const shown = document.createElement('div');
          const whole = document.createElement('div');
          const view = markdownView(shown, document);
          for (let end = 0; end <= text.length; end++) {
            view.update(text.slice(0, end));
            whole.replaceChildren(renderMarkdown(text.slice(0, end), document));
            if (shown.innerHTML !== whole.innerHTML) {
              found.push(JSON.stringify(text.slice(0, end)));
              break;
            }
          }
        }
        return found;
      });
      expect(differences).toEqual([]);
    });
  }, 60_000);
});

describe('the chat page', () => {
  it('renders a streamed answer as Markdown, keeps the question plain, and a reload renders it again', async () => {
    await withChromiumPage(async (page) => {
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const dialogs = await open(page);
      // Whether the answer showed a rendered element while it was still streaming.
      await page.evaluate(() => {
        const w = window as unknown as { renderedMidStream: boolean };
        w.renderedMidStream = false;
        const tick = (): void => {
          const streaming = document.querySelector('.message.assistant[data-status="streaming"]');
          if (streaming?.querySelector('.text strong, .text ul li')) w.renderedMidStream = true;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const question = `How do I retry a stream? **now** ${XSS}`;
      await page.fill('#prompt', question);
      await page.click('#send');
      await page.waitForSelector('.message.assistant[data-status="done"]', { timeout: 30_000 });

      // The question as typed: no element in it.
      expect(await page.textContent('.message.user .text')).toBe(question);
      expect(await count(page, '.message.user .text *')).toBe(0);

      const answer = '.message.assistant .text';
      expect(await page.textContent(answer)).not.toContain('**');
      const shown = await page.$eval(answer, (text) => {
        const all = (selector: string): string[] =>
          Array.from(text.querySelectorAll(selector)).map((e) => e.textContent ?? '');
        return {
          h2: all('h2'),
          strongCode: all('strong > code'),
          em: all('em'),
          links: Array.from(text.querySelectorAll('a')).map((a) => a.getAttribute('href')),
          ul: all('ul > li'),
          ol: all('ol > li'),
          code: all('pre > code.language-ts'),
          last: text.lastElementChild?.outerHTML,
        };
      });
      expect(shown).toEqual({
        h2: ['Retrying a stream'],
        strongCode: ['withRetry'],
        em: ['first'],
        links: ['https://example.com/retry'],
        ul: ['it retries', 'it gives up'],
        ol: ['call it', 'read it'],
        code: [`const a = '${XSS}';`],
        last: '<p>Text with &lt;img src=x onerror=alert(1)&gt; and &lt;script&gt;alert(1)&lt;/script&gt; stays text.</p>',
      });
      expect(await count(page, 'img, script:not([src])')).toBe(0);
      expect(
        await page.evaluate(
          () => (window as unknown as { renderedMidStream: boolean }).renderedMidStream,
        ),
      ).toBe(true);

      // The history shows the same rendered answer.
      const rendered = await page.innerHTML(answer);
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.innerHTML(answer)).toBe(rendered);
      expect(await page.textContent('.message.user .text')).toBe(question);
      expect(await count(page, 'img, script:not([src])')).toBe(0);
      expect(dialogs).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  }, 90_000);
});
