// The chat page: sends a question to POST /api/chat and reads the StreamingRAG events with the
// library's browser client (fromSSE, bundled by the server at /lib/transport.js). No build step.
/* global document, localStorage, fetch, AbortController, requestAnimationFrame, cancelAnimationFrame */
import { fromSSE } from '/lib/transport.js';
import { markdownView, renderMarkdown } from '/markdown.js';

const $ = (id) => document.getElementById(id);
const messages = $('messages');
const prompt = $('prompt');
const send = $('send');
const stop = $('stop');
const errorBox = $('error');
const statusLine = $('status');
const sources = $('sources');
const timeline = $('timeline');
const metrics = $('metrics');
const STORAGE_KEY = 'rx-runnables-chat:conversation';

let conversationId = localStorage.getItem(STORAGE_KEY) ?? undefined;
let running;

const ms = (seconds) => `${(seconds * 1000).toFixed(1)} ms`;

function setStatus(text) {
  statusLine.textContent = text;
}

function showError(error) {
  const code = error?.code ?? 'ERROR';
  errorBox.textContent = `${code}: ${error?.message ?? String(error)}`;
  errorBox.dataset.code = code;
  errorBox.hidden = false;
}

function clearError() {
  errorBox.hidden = true;
  errorBox.textContent = '';
  delete errorBox.dataset.code;
}

/** Shows an answer's Markdown in `element`: elements built one by one, never parsed as HTML. */
function showMarkdown(element, markdown) {
  element.replaceChildren(renderMarkdown(markdown, document));
}

/**
 * The answer as it streams: `append` keeps the text and shows it as Markdown at the next
 * animation frame, once however many chunks came (the view builds again only the blocks still
 * open); `flush` shows it now.
 */
function streamedAnswer(element) {
  const view = markdownView(element, document);
  let markdown = '';
  let frame;
  const render = () => {
    frame = undefined;
    view.update(markdown);
  };
  return {
    append(delta) {
      markdown += delta;
      frame ??= requestAnimationFrame(render);
    },
    flush() {
      if (frame === undefined) return;
      cancelAnimationFrame(frame);
      render();
    },
  };
}

function addMessage(role, content = '', status) {
  const item = document.createElement('li');
  item.className = `message ${role}`;
  // The user's words are shown as typed; the answer's Markdown is rendered.
  const text = document.createElement(role === 'assistant' ? 'div' : 'span');
  text.className = 'text';
  if (role === 'assistant') showMarkdown(text, content);
  else text.textContent = content;
  item.append(text);
  if (role === 'assistant') {
    const label = document.createElement('span');
    label.className = 'status';
    item.append(label);
    setMessageStatus(item, status ?? 'streaming');
  }
  messages.append(item);
  return item;
}

function setMessageStatus(item, status) {
  item.dataset.status = status;
  item.querySelector('.status').textContent = status === 'done' ? '' : status;
}

function showSources(list) {
  sources.replaceChildren(
    ...list.map(({ source, heading, score }) => {
      const item = document.createElement('li');
      item.textContent = [source, heading].filter(Boolean).join(' › ');
      if (typeof score === 'number') item.title = `BM25 score ${score}`;
      return item;
    }),
  );
}

function addTimeline(name, detail) {
  const item = document.createElement('li');
  item.dataset.event = name;
  item.textContent = `${name}  ${detail}`;
  timeline.append(item);
}

function showMetrics(entries) {
  metrics.replaceChildren(
    ...entries.flatMap(([name, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset.metric = name;
      return [dt, dd];
    }),
  );
}

/** Reads the server's typed JSON error `{ error: { code, message, details } }`. */
async function httpError(response) {
  try {
    const body = await response.json();
    if (body?.error?.code) return body.error;
  } catch {
    // not JSON: fall through
  }
  return { code: `HTTP_${response.status}`, message: response.statusText };
}

async function ask(message) {
  clearError();
  const controller = new AbortController();
  let answer;
  let text;
  const run = { controller, stopped: false };
  running = run;
  send.disabled = true;
  stop.disabled = false;
  setStatus('sending');
  timeline.replaceChildren();
  metrics.replaceChildren();
  sources.replaceChildren();
  try {
    const response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message, conversationId }),
      signal: controller.signal,
    });
    if (!response.ok) {
      showError(await httpError(response));
      setStatus('failed');
      return;
    }
    addMessage('user', message);
    answer = addMessage('assistant');
    text = streamedAnswer(answer.querySelector('.text'));
    setStatus('streaming');
    let chunks = 0;
    let firstToken;
    let lastToken;
    let retrieval;
    for await (const event of fromSSE(response, { signal: controller.signal })) {
      const { type, data, latency } = JSON.parse(event.data);
      if (type === 'conversation') {
        conversationId = data.conversationId;
        localStorage.setItem(STORAGE_KEY, conversationId);
      } else if (type === 'chunk') {
        text.append(data);
        chunks += 1;
        lastToken = latency;
        if (firstToken === undefined) {
          firstToken = latency;
          addTimeline('first token', ms(latency));
        }
      } else if (type === 'retrieval_start') {
        addTimeline('retrieval start', ms(latency));
      } else if (type === 'retrieval_done') {
        retrieval = latency;
        addTimeline(
          'retrieval done',
          `${ms(latency)} · ${data.numDocs} found, ${data.docs.length} used`,
        );
        showSources(
          data.docs.map((doc) => ({
            source: doc.metadata.source,
            heading: doc.metadata.heading,
            score: doc.metadata.score,
          })),
        );
      } else if (type === 'generation_start') {
        addTimeline('generation start', `${ms(latency)} · prompt ${data.promptChars} chars`);
      } else if (type === 'generation_done') {
        text.flush();
        addTimeline('generation done', ms(data.totalLatency));
        const span = (lastToken ?? 0) - (firstToken ?? 0);
        showMetrics([
          ['retrieval', ms(retrieval ?? 0)],
          ['first token', ms(firstToken ?? latency)],
          ['tokens', String(chunks)],
          ['tokens/s', span > 0 ? (chunks / span).toFixed(0) : '–'],
          ['total', ms(data.totalLatency)],
        ]);
        setMessageStatus(answer, 'done');
      } else if (type === 'error') {
        text.flush();
        addTimeline('error', `${ms(latency)} · ${data.stage}: ${data.msg}`);
        showError({ code: data.stage.toUpperCase(), message: data.msg });
        setMessageStatus(answer, 'error');
      }
    }
    text.flush();
    setStatus(run.stopped ? 'stopped' : 'done');
  } catch (error) {
    text?.flush();
    if (run.stopped) setStatus('stopped');
    else {
      showError(error);
      setStatus('failed');
    }
    if (answer && answer.dataset.status === 'streaming') {
      setMessageStatus(answer, run.stopped ? 'stopped' : 'error');
    }
  } finally {
    if (running === run) running = undefined;
    send.disabled = false;
    stop.disabled = true;
  }
}

async function loadHistory() {
  if (conversationId === undefined) return;
  const response = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}`);
  if (response.status === 404) {
    // The server restarted: its conversations were in memory.
    localStorage.removeItem(STORAGE_KEY);
    conversationId = undefined;
    return;
  }
  if (!response.ok) {
    showError(await httpError(response));
    return;
  }
  const conversation = await response.json();
  for (const m of conversation.messages) {
    addMessage(m.role, m.content, m.status);
    if (m.role === 'assistant' && m.sources) showSources(m.sources);
  }
  setStatus(`loaded ${conversation.messages.length} messages`);
}

$('ask').addEventListener('submit', (event) => {
  event.preventDefault();
  if (running) return;
  const message = prompt.value;
  prompt.value = '';
  void ask(message);
});

prompt.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('ask').requestSubmit();
  }
});

stop.addEventListener('click', () => {
  if (!running) return;
  running.stopped = true;
  running.controller.abort();
});

$('new-chat').addEventListener('click', () => {
  running?.controller.abort();
  localStorage.removeItem(STORAGE_KEY);
  conversationId = undefined;
  messages.replaceChildren();
  sources.replaceChildren();
  timeline.replaceChildren();
  metrics.replaceChildren();
  clearError();
  setStatus('idle');
});

void loadHistory().then(() => document.body.setAttribute('data-ready', 'true'));
