import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DemoChatModel } from '../src/models';
import type { InMemoryRetriever } from '../src/rag';
import { DOCS_DIR, docsRag, loadDocsRetriever } from '../examples/docs-rag';

/**
 * What `npm start -- "<question>"` answers with the demo model, over this repository's real docs/
 * (examples/docs-rag.ts is the index start.ts uses). The assertions name the API a user needs, not
 * the wording of the docs, which changes.
 */
const QUESTIONS: ReadonlyArray<{ question: string; apis: RegExp[] }> = [
  { question: 'How do I retry a stream?', apis: [/withRetry/] },
  { question: 'How do I serve a stream over SSE?', apis: [/toSSEResponse|pipeToNodeResponse/] },
  { question: 'What does JsonOutputParser do?', apis: [/JsonOutputParser/] },
  { question: 'How do I subscribe to the events of a run?', apis: [/streamEvents/] },
  { question: 'How do I get the running total of a chunk stream?', apis: [/accumulate\(\)/] },
  { question: 'How do I build a streaming RAG pipeline?', apis: [/StreamingRAG/] },
  { question: 'How do I use an OpenAI model?', apis: [/OpenAIChatModel/] },
  { question: 'How do I cancel a run?', apis: [/signal/, /unsubscrib/i] },
  { question: 'How do I write a chat prompt template?', apis: [/ChatPromptTemplate/] },
  { question: 'How do I bind tools to a chat model?', apis: [/bindTools/] },
  { question: 'How do I test without an API key?', apis: [/startOpenAICompatibleServer/] },
  { question: 'How do I test my pipeline with a fake model?', apis: [/DemoChatModel/] },
  { question: 'How do I load a folder of documents?', apis: [/loadDocuments/] },
  // The questions the issue asked, word for word.
  { question: 'How do I add a timeout to a chain?', apis: [/timeoutMs/] },
  { question: 'How do I use this with LangChain?', apis: [/fromLangChain/, /toLangChain/] },
];

const OFF_TOPIC = [
  'What is the capital of France?',
  'How do I bake sourdough bread?',
  'What is the best pizza in Naples?',
  'How do I change a flat tire on my bicycle?',
];

/** As `npm start` configures it, without the pause between tokens. */
const MAX_SENTENCES = 3;

/**
 * The rows of two-column tables whose first cell is inline code, as the demo model says them:
 * `` | `f(x)` | what it does | `` → `` `f(x)` — what it does. `` (cells split outside backticks).
 */
function tableRowsAsSentences(text: string): string[] {
  const rows: string[] = [];
  for (const line of text.split('\n')) {
    if (!/^\s*\|.*\|\s*$/.test(line)) continue;
    const cells = line
      .trim()
      .slice(1, -1)
      .split(/\|(?=(?:[^`]*`[^`]*`)*[^`]*$)/)
      .map((c) => c.trim());
    const [first = '', second = ''] = cells;
    if (cells.length !== 2 || !first.startsWith('`') || second === '') continue;
    const row = `${first} — ${second}`.replace(/\\\|/g, '|');
    rows.push(/[.!?]$/.test(row) ? row : `${row}.`);
  }
  return rows;
}

/** Text as compared: list bullets dropped, whitespace collapsed, API table rows also as sentences. */
const asProse = (text: string): string =>
  [text, ...tableRowsAsSentences(text)]
    .join('\n\n')
    .replace(/^[ \t]*(?:[-*•]|\d+[.)])[ \t]+/gm, '')
    .replace(/\s+/g, ' ');

/** Every docs/ page as one line of text (see `asProse`). */
async function docsText(): Promise<string> {
  const names = (await readdir(DOCS_DIR, { recursive: true })).filter((n) => n.endsWith('.md'));
  const pages = await Promise.all(names.map((n) => readFile(join(DOCS_DIR, n), 'utf8')));
  return pages.map(asProse).join(' ');
}

/** The answer cut at sentence ends (a period, `!` or `?` before a space and a capital, a backtick or `*`). */
const sentencesOf = (answer: string): string[] =>
  answer.split(/(?<=[.!?])\s+(?=[\p{Lu}`*"'(])/u).filter((s) => s.trim() !== '');

/** The demo model's answer: its sentences of prose, and the line of code it may end with. */
function partsOf(answer: string): { prose: string; example?: string } {
  const match = /\s*For example: `([^`]+)`$/.exec(answer);
  return match ? { prose: answer.slice(0, match.index), example: match[1] } : { prose: answer };
}

/** Code as compared: no whitespace, no trailing commas, no `;`. */
const squeeze = (code: string): string =>
  code.replace(/\s+/g, '').replace(/[,;]+(?=[)\]}]|$)/g, '');

/** The fenced code blocks of a text, each squeezed. */
const codeBlocksOf = (text: string): string[] =>
  [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => squeeze(m[1] ?? ''));

/** A line of code the demo model said is in `code` as written, apart from the spans it elided (`…`). */
function isQuotedFrom(example: string, code: readonly string[]): boolean {
  const pieces = example.split('…').map(squeeze).filter(Boolean);
  return code.some((block) => {
    let from = 0;
    for (const piece of pieces) {
      const at = block.indexOf(piece, from);
      if (at === -1) return false;
      from = at + piece.length;
    }
    return true;
  });
}

describe('npm start answers documented features from docs/ with the demo model', () => {
  let retriever: InMemoryRetriever;
  let docs: string;
  const ask = (question: string): Promise<string> =>
    docsRag(retriever, new DemoChatModel({ maxSentences: MAX_SENTENCES })).invoke(question);

  beforeAll(async () => {
    [retriever, docs] = await Promise.all([loadDocsRetriever(), docsText()]);
  });

  it.each(QUESTIONS)('$question', async ({ question, apis }) => {
    const answer = await ask(question);
    for (const api of apis) expect(answer).toMatch(api);
    // A passage of the docs, as written: each sentence is in docs/ word for word.
    const { prose } = partsOf(answer);
    for (const sentence of sentencesOf(prose)) expect(docs.includes(sentence), sentence).toBe(true);
    // Short, and never markup: no table row as such, no code fence, no heading.
    expect(sentencesOf(prose).length).toBeLessThanOrEqual(MAX_SENTENCES + 2);
    expect(answer).not.toMatch(/```|^\s*\||\|\s*$|^#/m);
  });

  it('asks about different features: the answers differ', async () => {
    const answers = await Promise.all(QUESTIONS.map(({ question }) => ask(question)));
    expect(new Set(answers).size).toBe(answers.length);
  });

  it.each(OFF_TOPIC)('says it has no information about "%s"', async (question) => {
    expect(retriever.search(question)).toEqual([]);
    expect(await ask(question)).toBe("I don't have any information about that.");
  });
});

/**
 * Questions about documented features, each with the headings of the docs sections that document
 * it. The issue's eight, then other phrasings the tests above do not use.
 */
interface Feature {
  question: string;
  /** Matches the heading path of the sections that document the feature. */
  about: RegExp;
}

const ISSUE_FEATURES: readonly Feature[] = [
  { question: 'How do I cancel a stream?', about: /cancel/i },
  { question: 'How do I retry a stream?', about: /retry/i },
  { question: 'How do I parse partial JSON?', about: /json/i },
  { question: 'How do I serve SSE?', about: /serving|sse|node `http`|web `response`/i },
  { question: 'How do I resume a stream?', about: /resum|over http/i },
  { question: 'How do I use this with LangChain?', about: /langchain/i },
  { question: 'How do I pause a run for a tool?', about: /tools|a run$/i },
  { question: 'How do I use useChat?', about: /usechat|ui-chat/i },
];

const HELD_OUT_FEATURES: readonly Feature[] = [
  { question: 'how can I stop a running chain', about: /cancel|stop/i },
  { question: 'reconnect after a dropped SSE connection', about: /sse|client|over http|resum/i },
  { question: 'how do I parse JSON while it streams', about: /json/i },
  { question: 'how to use my LangChain ChatOpenAI model', about: /langchain|openai/i },
  { question: 'how do I wait for a tool result from the client', about: /tool/i },
  { question: 'how do I make useChat work with this', about: /usechat/i },
  { question: 'how do I stream over JSONL', about: /json lines|jsonl|streaming messages/i },
  { question: 'how do I store events in Redis', about: /redis/i },
  { question: 'how do I retry when the model fails', about: /retry/i },
  { question: 'how do I add a fallback model', about: /fallback/i },
  { question: 'how do I serve the Responses API format', about: /responses api/i },
];

/** A docs section: its heading path (`Core > Retry and fallbacks`) and its text. */
interface Section {
  path: string;
  text: string;
}

async function docsSections(): Promise<Section[]> {
  const names = (await readdir(DOCS_DIR, { recursive: true })).filter((n) => n.endsWith('.md'));
  const sections: Section[] = [];
  for (const name of names) {
    const stack: string[] = [];
    let current: Section = { path: '', text: '' };
    let fenced = false;
    for (const line of (await readFile(join(DOCS_DIR, name), 'utf8')).split('\n')) {
      if (/^\s*```/.test(line)) fenced = !fenced;
      const heading = fenced ? null : /^(#{1,6})\s+(.+)$/.exec(line);
      if (!heading) {
        current.text += `${line}\n`;
        continue;
      }
      sections.push(current);
      stack.length = (heading[1] ?? '#').length - 1;
      stack.push(heading[2] ?? '');
      current = { path: stack.filter(Boolean).join(' > '), text: '' };
    }
    sections.push(current);
  }
  return sections;
}

/**
 * The API names in a text's inline code and code blocks: identifiers that are called (`withRetry(`),
 * reached through a dot (`options.signal`), or written in camelCase or PascalCase.
 */
function apiNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  const fenced = /```[^\n]*\n([\s\S]*?)```/g;
  const spans = [
    ...[...text.matchAll(fenced)].map((m) => m[1] ?? ''),
    ...[...text.replace(fenced, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? ''),
  ];
  for (const span of spans) {
    for (const m of span.matchAll(/(\.)?([A-Za-z_$][\w$]*)(\s*\()?/g)) {
      const name = m[2] ?? '';
      if (m[1] || m[3] || /[a-z][A-Z]|^[A-Z][a-z]+[A-Z]/.test(name)) names.add(name);
    }
  }
  return names;
}

describe('npm start says which call to make for a documented feature', () => {
  let retriever: InMemoryRetriever;
  let sections: Section[];
  const ask = (question: string): Promise<string> =>
    docsRag(retriever, new DemoChatModel({ maxSentences: MAX_SENTENCES })).invoke(question);

  beforeAll(async () => {
    [retriever, sections] = await Promise.all([loadDocsRetriever(), docsSections()]);
  });

  const check = async ({ question, about }: Feature): Promise<void> => {
    const answer = await ask(question);
    // The names the docs give the feature, where they document it — not the question's own words.
    const asked = question.toLowerCase();
    const documented = new Set(
      sections
        .filter((s) => about.test(s.path))
        .flatMap((s) => [...apiNamesIn(s.text)])
        .filter((name) => !asked.includes(name.toLowerCase())),
    );
    expect(documented.size).toBeGreaterThan(0);
    const named = [...apiNamesIn(answer)].filter((name) => documented.has(name));
    expect(named, answer).not.toEqual([]);
    // From the retrieved chunks, as written: each sentence, and the line of code it ends with.
    const chunks = retriever.search(question).map((d) => d.pageContent);
    const prose = chunks.map(asProse);
    const { prose: said, example } = partsOf(answer);
    for (const sentence of sentencesOf(said))
      expect(
        prose.some((p) => p.includes(sentence)),
        sentence,
      ).toBe(true);
    if (example !== undefined)
      expect(isQuotedFrom(example, chunks.flatMap(codeBlocksOf)), example).toBe(true);
  };

  it.each(ISSUE_FEATURES)('the issue: $question', check);
  it.each(HELD_OUT_FEATURES)('held out: $question', check);
});
