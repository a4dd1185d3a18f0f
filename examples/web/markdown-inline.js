// Inline Markdown for the chat page: `code spans`, **strong** / __strong__, *em* / _em_, links
// ([text](url), <url> and bare http(s) URLs) and line breaks, built as DOM nodes. Nothing here
// parses HTML: a `<tag>` in the text stays text. A link is made only for an http:, https: or
// mailto: URL, set through the `href` property; any other target (javascript:, data:, …) is shown
// as the text it was written as.
/* global URL */

const PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/;
/** The characters a backslash escapes (CommonMark: ASCII punctuation). */
const ESCAPABLE = /[!-/:-@[-`{-~]/;
/** A bare URL; trailing punctuation is trimmed off after the match. */
const BARE_URL = /https?:\/\/[^\s<>()[\]`*]+/iy;
/** An autolink, `<https://…>`. */
const AUTOLINK = /<(https?:\/\/[^\s<>]+)>/iy;

/** The protocols a link may have. */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** `href` for a link target when it is an absolute http(s) or mailto URL, else `undefined`. */
export function safeHref(raw) {
  if (!/^(?:https?:\/\/|mailto:)/i.test(raw)) return undefined;
  try {
    const url = new URL(raw);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The match of the sticky `pattern` at `at`, or `undefined`. */
function matchAt(pattern, src, at) {
  pattern.lastIndex = at;
  return pattern.exec(src) ?? undefined;
}

function runLength(src, at, char) {
  let end = at;
  while (src[end] === char) end++;
  return end - at;
}

/** Where the backtick run closing a code span opened by `length` backticks starts, or -1. */
function codeSpanEnd(src, from, length) {
  for (let at = src.indexOf('`', from); at >= 0; at = src.indexOf('`', at)) {
    const run = runLength(src, at, '`');
    if (run === length) return at;
    at += run;
  }
  return -1;
}

/** The longest link text looked for, so a text of many `[` takes linear time, not quadratic. */
const MAX_LABEL = 1000;

/**
 * Where the `]` matching the `[` at `open` is (escapes and code spans skipped), or -1 (also when
 * it is more than {@link MAX_LABEL} characters away).
 */
function closingBracket(src, open) {
  let depth = 0;
  const end = Math.min(src.length, open + MAX_LABEL);
  for (let at = open; at < end; at++) {
    const char = src[at];
    if (char === '\\') at++;
    else if (char === '`') {
      const run = runLength(src, at, '`');
      const end = codeSpanEnd(src, at + run, run);
      at = end < 0 ? at + run - 1 : end + run - 1;
    } else if (char === '[') depth++;
    else if (char === ']' && --depth === 0) return at;
  }
  return -1;
}

/** `[label](target)` at `at`: its label, target and end, or `undefined`. */
function linkAt(src, at) {
  const close = closingBracket(src, at);
  if (close < 0 || src[close + 1] !== '(') return undefined;
  const target = /^\(\s*(<[^<>\n]*>|[^\s()<>]*)\s*\)/.exec(src.slice(close + 1));
  if (target === null) return undefined;
  const raw = target[1].startsWith('<') ? target[1].slice(1, -1) : target[1];
  return { label: src.slice(at + 1, close), raw, end: close + 1 + target[0].length };
}

/** A delimiter run of `*` or `_` and whether it may open and close emphasis (CommonMark). */
function delimiter(src, at, char, count) {
  const before = src[at - 1];
  const after = src[at + count];
  const space = (c) => c === undefined || WHITESPACE.test(c);
  const punct = (c) => c !== undefined && PUNCTUATION.test(c);
  const left = !space(after) && (!punct(after) || space(before) || punct(before));
  const right = !space(before) && (!punct(before) || space(after) || punct(after));
  const canOpen = char === '*' ? left : left && (!right || punct(before));
  const canClose = char === '*' ? right : right && (!left || punct(after));
  return { kind: 'delimiter', char, count, length: count, canOpen, canClose };
}

/**
 * Splits inline source into tokens: text, code, break, link and delimiter runs. Inside a link's
 * text (`inLink`) no other link is made.
 */
function tokenize(src, inLink = false) {
  const tokens = [];
  let text = '';
  const flush = () => {
    if (text !== '') tokens.push({ kind: 'text', text });
    text = '';
  };
  let link;
  for (let at = 0; at < src.length;) {
    const char = src[at];
    if (char === '\\' && src[at + 1] === '\n') {
      at += 1; // a backslash hard break: the newline below is the break
    } else if (char === '\\' && ESCAPABLE.test(src[at + 1] ?? '')) {
      text += src[at + 1];
      at += 2;
    } else if (char === '\n') {
      flush();
      tokens.push({ kind: 'break' });
      at += 1;
    } else if (char === '`') {
      const run = runLength(src, at, '`');
      const end = codeSpanEnd(src, at + run, run);
      if (end < 0) {
        text += src.slice(at, at + run);
        at += run;
        continue;
      }
      let code = src.slice(at + run, end).replace(/\n/g, ' ');
      if (/^ .*[^ ].* $/s.test(code)) code = code.slice(1, -1);
      flush();
      tokens.push({ kind: 'code', text: code });
      at = end + run;
    } else if (char === '*' || char === '_') {
      const run = runLength(src, at, char);
      flush();
      tokens.push(delimiter(src, at, char, run));
      at += run;
    } else if (char === '[' && !inLink && (link = linkAt(src, at)) !== undefined) {
      const href = safeHref(link.raw);
      if (href === undefined) {
        text += src.slice(at, link.end); // not http(s): shown as written, not clickable
      } else {
        flush();
        tokens.push({ kind: 'link', href, children: emphasize(tokenize(link.label, true)) });
      }
      at = link.end;
    } else if (char === '<' && !inLink && matchAt(AUTOLINK, src, at) !== undefined) {
      const raw = matchAt(AUTOLINK, src, at)[1];
      const href = safeHref(raw);
      if (href === undefined) text += `<${raw}>`;
      else {
        flush();
        tokens.push({ kind: 'link', href, children: [{ kind: 'text', text: raw }] });
      }
      at += raw.length + 2;
    } else if (
      (char === 'h' || char === 'H') &&
      !inLink &&
      !/[\p{L}\p{N}]/u.test(src[at - 1] ?? ' ') &&
      // the target of a link whose `)` has not come yet: text until it does
      src.slice(at - 2, at) !== ']('
    ) {
      const raw = matchAt(BARE_URL, src, at)?.[0].replace(/[.,;:!?'"]+$/, '');
      const href = raw === undefined ? undefined : safeHref(raw);
      if (href === undefined || raw === undefined) {
        text += char;
        at += 1;
      } else {
        flush();
        tokens.push({ kind: 'link', href, children: [{ kind: 'text', text: raw }] });
        at += raw.length;
      }
    } else {
      text += char;
      at += 1;
    }
  }
  flush();
  return tokens;
}

/**
 * Pairs delimiter runs into emphasis (CommonMark's "process emphasis", rule of 3 included): each
 * closer takes the nearest opener of its character; what lies between becomes the span's children.
 * Runs left unpaired stay literal text. As in CommonMark, a search that found no opener is not
 * made again below where it stopped (`bottom`), so many closers without openers take linear time.
 */
function emphasize(tokens) {
  const list = [...tokens];
  /** Per kind of closer: below this index, no opener matches it. */
  const bottom = new Map();
  for (let c = 0; c < list.length;) {
    const closer = list[c];
    if (closer.kind !== 'delimiter' || !closer.canClose || closer.count === 0) {
      c++;
      continue;
    }
    const key = `${closer.char}${closer.canOpen}${closer.length % 3}`;
    const floor = bottom.get(key) ?? 0;
    let o = c - 1;
    for (; o >= floor; o--) {
      const opener = list[o];
      if (opener.kind !== 'delimiter' || opener.char !== closer.char) continue;
      if (!opener.canOpen || opener.count === 0) continue;
      const odd = (opener.canClose || closer.canOpen) && (opener.length + closer.length) % 3 === 0;
      if (odd && !(opener.length % 3 === 0 && closer.length % 3 === 0)) continue;
      break;
    }
    if (o < floor) {
      bottom.set(key, c);
      c++;
      continue;
    }
    const opener = list[o];
    const use = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
    opener.count -= use;
    closer.count -= use;
    const span = { kind: use === 2 ? 'strong' : 'em', children: list.slice(o + 1, c) };
    list.splice(o + 1, c - o - 1, span);
    // The tokens between became one span: a floor among them now stands at the span.
    for (const [k, at] of bottom) if (at > o + 1) bottom.set(k, o + 1);
    c = o + 2; // the closer, which may have characters left for an outer span
  }
  return list;
}

function build(tokens, doc, parent) {
  for (const token of tokens) {
    if (token.kind === 'text') parent.append(doc.createTextNode(token.text));
    else if (token.kind === 'break') parent.append(doc.createElement('br'));
    else if (token.kind === 'delimiter') {
      if (token.count > 0) parent.append(doc.createTextNode(token.char.repeat(token.count)));
    } else if (token.kind === 'code') {
      const code = doc.createElement('code');
      code.textContent = token.text;
      parent.append(code);
    } else {
      const element = doc.createElement(token.kind === 'link' ? 'a' : token.kind);
      if (token.kind === 'link') {
        element.href = token.href;
        element.rel = 'noopener noreferrer';
        element.target = '_blank';
      }
      build(token.children, doc, element);
      parent.append(element);
    }
  }
  parent.normalize();
}

/** Appends the inline Markdown `src` to `parent`, as DOM nodes made with `doc`. */
export function renderInline(src, doc, parent) {
  build(emphasize(tokenize(src)), doc, parent);
}
