// A small Markdown renderer for the chat page. It builds DOM nodes only (createElement,
// createTextNode, textContent, append): no HTML is ever parsed, so `<img onerror=…>` or `<script>`
// in an answer is shown as the text it is. Pure: renderMarkdown(text, document) returns a new
// DocumentFragment, the same nodes for the same text; a marker not closed yet (`**bold`) shows as
// text until it is. markdownView(element) shows a growing text (a streamed answer) as
// renderMarkdown would, building again only its last, still open blocks.
//
// Blocks: paragraphs (each newline a <br>, as in chat apps), ATX headings (# … ######), fenced
// code blocks (``` or ~~~, optional language; unclosed, the block runs to the end), bullet and
// ordered lists (nested by indentation, tight or loose), block quotes and thematic breaks.
// Inline: see markdown-inline.js. Not rendered: raw HTML and entities (shown as written), images
// (their link is shown instead of an <img>), tables, indented code blocks, setext headings.
/* global document */
import { renderInline } from './markdown-inline.js';

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const ITEM = /^( {0,3})([-*+]|(\d{1,9})[.)])([ \t]+)(\S.*)$/;
const BLANK = /^[ \t]*$/;

/** An opening code fence: its indent, fence and language, or `undefined`. */
function fenceOf(line) {
  const match = FENCE.exec(line);
  if (match === null) return undefined;
  const [, indent, fence, info] = match;
  if (fence[0] === '`' && info.includes('`')) return undefined;
  const language = /^[\w#+.-]+/.exec(info.trim())?.[0];
  return { indent: indent.length, fence, language };
}

/** The line that closes the code block `fence` opened. */
function closingFence(fence) {
  return new RegExp(`^ {0,3}${fence.fence[0]}{${fence.fence.length},}[ \\t]*$`);
}

/** A list item's marker: its kind (`-`, `*`, `+`, `.` or `)`), start, and content column. */
function itemOf(line) {
  const match = ITEM.exec(line);
  if (match === null) return undefined;
  const [, indent, marker, digits, spaces, content] = match;
  const width = indent.length + marker.length;
  return {
    kind: digits === undefined ? marker : marker.slice(-1),
    start: digits === undefined ? undefined : Number(digits),
    column: width + (spaces.length > 4 ? 1 : spaces.length),
    first: spaces.length > 4 ? `${spaces.slice(1)}${content}` : content,
  };
}

/** Whether `line` starts a block that ends a paragraph. */
function interrupts(line) {
  if (fenceOf(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
  const item = itemOf(line);
  return item !== undefined && (item.start === undefined || item.start === 1);
}

function indentOf(line) {
  return /^[ \t]*/.exec(line)[0].replace(/\t/g, '    ').length;
}

/** `line` without its first `columns` columns of indentation. */
function dedent(line, columns) {
  let removed = 0;
  let at = 0;
  while (removed < columns && (line[at] === ' ' || line[at] === '\t')) {
    removed += line[at] === '\t' ? 4 : 1;
    at++;
  }
  return line.slice(at);
}

/**
 * Whether a blank line in a list item's `body` lies between two of the item's own blocks, which
 * makes its list loose: a blank line inside a code block, or between the items of a list nested
 * in it, does not.
 */
function separatesBlocks(body) {
  let fence;
  let nested; // the content column of the last item of a list nested in it
  let blank = false;
  for (const line of body) {
    if (fence !== undefined) {
      if (fence.test(line)) fence = undefined;
    } else if (line === '') {
      blank = true;
    } else {
      const item = itemOf(line);
      const inNested = nested !== undefined && (item !== undefined || indentOf(line) >= nested);
      if (blank && !inNested) return true;
      blank = false;
      if (item !== undefined) nested = item.column;
      const open = fenceOf(line);
      if (open !== undefined) fence = closingFence(open);
    }
  }
  return false;
}

/** Reads the list starting at `lines[from]`; returns its element and the line after it. */
function list(lines, from, doc, depth) {
  const head = itemOf(lines[from]);
  const element = doc.createElement(head.start === undefined ? 'ul' : 'ol');
  if (head.start !== undefined && head.start !== 1) element.start = head.start;
  const items = [];
  let at = from;
  let loose = false;
  while (at < lines.length) {
    const item = itemOf(lines[at]);
    if (item === undefined || item.kind !== head.kind) break;
    const body = [item.first];
    at++;
    while (at < lines.length) {
      const line = lines[at];
      const blank = BLANK.test(line);
      if (!blank && indentOf(line) < item.column) {
        // Less indented: the next item (of this list or another), a lazy line, or the end.
        if (itemOf(line) !== undefined || body[body.length - 1] === '' || interrupts(line)) break;
        body.push(line.trim());
      } else body.push(blank ? '' : dedent(line, item.column));
      at++;
    }
    let trailing = 0;
    while (body.length > 1 && body[body.length - 1] === '') {
      body.pop();
      trailing++;
    }
    if (separatesBlocks(body)) loose = true;
    const continues = at < lines.length && itemOf(lines[at])?.kind === head.kind;
    if (trailing > 0 && continues) loose = true;
    items.push(body);
  }
  for (const body of items) {
    const li = doc.createElement('li');
    blocks(body, doc, li, depth + 1);
    if (!loose) {
      for (const child of [...li.children]) {
        if (child.tagName === 'P') child.replaceWith(...child.childNodes);
      }
    }
    element.append(li);
  }
  return { element, next: at };
}

/**
 * How deep lists and quotes nest; past it, a `>` or `-` line is a paragraph's text. It bounds the
 * recursion (and the time) for an answer of thousands of `> > > …`.
 */
const MAX_DEPTH = 16;

/**
 * Appends the blocks of `lines` to `parent`, `depth` lists or quotes deep; `starts` (when given)
 * gets the line where each block begins.
 */
function blocks(lines, doc, parent, depth = 0, starts = undefined) {
  const nests = depth < MAX_DEPTH;
  let at = 0;
  while (at < lines.length) {
    const line = lines[at];
    if (BLANK.test(line)) {
      at++;
      continue;
    }
    starts?.push(at);
    const fence = fenceOf(line);
    if (fence !== undefined) {
      const body = [];
      at++;
      const closing = closingFence(fence);
      while (at < lines.length && !closing.test(lines[at])) {
        body.push(dedent(lines[at], fence.indent));
        at++;
      }
      at++; // the closing fence, or past the end when the block is still open
      const pre = doc.createElement('pre');
      const code = doc.createElement('code');
      if (fence.language !== undefined) {
        code.className = `language-${fence.language}`;
        pre.dataset.language = fence.language;
      }
      code.textContent = body.join('\n');
      pre.append(code);
      parent.append(pre);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading !== null) {
      const element = doc.createElement(`h${heading[1].length}`);
      renderInline(heading[2] ?? '', doc, element);
      parent.append(element);
      at++;
      continue;
    }
    if (RULE.test(line)) {
      parent.append(doc.createElement('hr'));
      at++;
      continue;
    }
    if (nests && QUOTE.test(line)) {
      const body = [];
      while (at < lines.length && QUOTE.test(lines[at])) body.push(QUOTE.exec(lines[at++])[1]);
      const quote = doc.createElement('blockquote');
      blocks(body, doc, quote, depth + 1);
      parent.append(quote);
      continue;
    }
    if (nests && itemOf(line) !== undefined) {
      const { element, next } = list(lines, at, doc, depth);
      parent.append(element);
      at = next;
      continue;
    }
    const body = [line.trim()];
    at++;
    while (at < lines.length && !BLANK.test(lines[at]) && !interrupts(lines[at])) {
      body.push(lines[at].trim());
      at++;
    }
    const paragraph = doc.createElement('p');
    renderInline(body.join('\n'), doc, paragraph);
    parent.append(paragraph);
  }
}

/**
 * Renders Markdown `text` as a DocumentFragment of elements made with `doc`. Never parses HTML.
 *
 * @example
 * ```js
 * answer.replaceChildren(renderMarkdown('Use `withRetry` **before** the first chunk.', document));
 * ```
 */
export function renderMarkdown(text, doc = document) {
  const fragment = doc.createDocumentFragment();
  blocks(normalize(text).split('\n'), doc, fragment);
  return fragment;
}

function normalize(text) {
  return String(text).replace(/\r\n?/g, '\n');
}

/**
 * Shows a Markdown text that grows (a streamed answer) in `element`: `update(text)` makes the
 * element show `renderMarkdown(text)`, building again only the blocks that more text could still
 * change. A block is kept once a later block has begun on a line that has ended: which lines a
 * block takes is decided by its own lines and the first line after it, so text appended after
 * that line cannot change it. A text that does not extend the last one is rendered whole.
 *
 * @example
 * ```js
 * const view = markdownView(answer);
 * view.update('Use **with');
 * view.update('Use **withRetry**.\n\nThen');
 * ```
 */
export function markdownView(element, doc = document) {
  let kept = ''; // the text of the kept blocks (and the blank lines after them)
  let keptNodes = 0;
  return {
    update(text) {
      const source = normalize(text);
      if (!source.startsWith(kept)) {
        kept = '';
        keptNodes = 0;
      }
      while (element.childNodes.length > keptNodes) element.lastChild.remove();
      const lines = source.slice(kept.length).split('\n');
      const starts = [];
      const fragment = doc.createDocumentFragment();
      blocks(lines, doc, fragment, 0, starts);
      // The last block whose first line has ended: the blocks before it are settled.
      let settled = starts.length - 1;
      while (settled > 0 && starts[settled] >= lines.length - 1) settled--;
      if (settled > 0) {
        kept += `${lines.slice(0, starts[settled]).join('\n')}\n`;
        keptNodes += settled;
      }
      element.append(fragment);
    },
  };
}
