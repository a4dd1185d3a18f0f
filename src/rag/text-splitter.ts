/**
 * Splits Markdown or plain text into retrieval-sized chunks along headings and paragraphs.
 * @module
 */
import { RxRunnablesError } from '../core/errors';

/** How {@link splitText} sizes its chunks. */
export interface TextSplitterOptions {
  /** Largest chunk, in characters (default 1000). A longer paragraph is cut at sentence or word breaks. */
  chunkSize?: number;
  /**
   * Characters of the previous chunk repeated at the start of the next chunk of the same section
   * (default 150, cut at a word break; must be smaller than `chunkSize`).
   */
  chunkOverlap?: number;
}

/** One chunk produced by {@link splitText}. */
export interface TextChunk {
  /** The chunk text, without the heading lines (they are in `headings`). */
  text: string;
  /** The heading path of the section, outermost first (`['Guide', 'Cancellation']`); `[]` before any heading. */
  headings: string[];
}

interface Section {
  headings: string[];
  blocks: string[];
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/;
const FENCE = /^[ \t]*(```|~~~)/;

/** Cuts the text into sections at ATX headings (`#` … `######`) outside fenced code blocks. */
function toSections(text: string): Section[] {
  const sections: Section[] = [];
  const stack: string[] = [];
  let current: Section = { headings: [], blocks: [] };
  let paragraph: string[] = [];
  let fence: string | undefined;
  const flush = (): void => {
    const block = paragraph.join('\n').trim();
    if (block) current.blocks.push(block);
    paragraph = [];
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      paragraph.push(line);
      if (fenceMatch && fenceMatch[1] === fence) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      paragraph.push(line);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      if (current.blocks.length > 0) sections.push(current);
      const level = heading[1]!.length;
      stack.length = Math.min(stack.length, level - 1);
      stack[level - 1] = heading[2]!;
      const headings = stack.filter((h) => h !== undefined);
      current = { headings, blocks: [] };
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  if (current.blocks.length > 0) sections.push(current);
  return sections;
}

/**
 * A sentence or a list item, table row or quote line: text up to a sentence end followed by a
 * space, or up to a line that starts an item. Lines wrapped inside a sentence stay in it.
 */
const UNIT =
  /(?:[^.!?。؟\n]|[.!?。؟]+(?!\s|$)|\n(?![ \t]*(?:[-*+•>][ \t]|\d+[.)][ \t]|\||\n)))*(?:[.!?。؟]+|\n|$)\s*/gu;

/**
 * Cuts an over-long fenced code block at line breaks into pieces that are fenced code blocks
 * themselves (each reopens with the opening line and closes with the fence), so no chunk holds
 * half a fence; `undefined` when a line or the fences alone do not fit.
 */
function cutFence(block: string, size: number): string[] | undefined {
  const lines = block.split('\n');
  const open = lines.shift() ?? '';
  const fence = FENCE.exec(open)?.[1] ?? '```';
  if (lines.length > 0 && FENCE.test(lines[lines.length - 1] ?? '')) lines.pop();
  const room = size - open.length - fence.length - 2;
  const pieces: string[] = [];
  let body: string[] = [];
  let length = -1;
  for (const line of lines) {
    if (line.length + 1 > room) return undefined;
    if (length + 1 + line.length > room && body.length > 0) {
      pieces.push([open, ...body, fence].join('\n'));
      body = [];
      length = -1;
    }
    body.push(line);
    length += 1 + line.length;
  }
  if (body.length > 0) pieces.push([open, ...body, fence].join('\n'));
  return pieces;
}

/** Cuts one over-long block into pieces of at most `size` characters at sentence, then word breaks. */
function cutBlock(block: string, size: number): string[] {
  if (block.length <= size) return [block];
  if (FENCE.test(block)) {
    const pieces = cutFence(block, size);
    if (pieces) return pieces;
  }
  const pieces: string[] = [];
  const units = (block.match(UNIT) ?? [block]).filter((unit) => unit !== '');
  let piece = '';
  for (const unit of units) {
    if (piece.length + unit.length <= size) {
      piece += unit;
      continue;
    }
    if (piece.trim()) pieces.push(piece.trim());
    piece = '';
    if (unit.length <= size) {
      piece = unit;
      continue;
    }
    for (const word of unit.split(/(?<=\s)/u)) {
      if (piece.length + word.length > size && piece.trim()) {
        pieces.push(piece.trim());
        piece = '';
      }
      // A single word longer than the chunk is cut hard.
      let rest = word;
      while (rest.length > size) {
        pieces.push(rest.slice(0, size));
        rest = rest.slice(size);
      }
      piece += rest;
    }
  }
  if (piece.trim()) pieces.push(piece.trim());
  return pieces;
}

/**
 * The end of `text`, at most `overlap` characters, starting at a sentence start when the window
 * holds one, else at a word break, and never inside a fenced code block.
 */
function tail(text: string, overlap: number): string {
  if (overlap <= 0) return '';
  if (text.length <= overlap) return text;
  let from = text.length - overlap;
  const atBreak = /\s/u.test(text[from - 1] ?? ' ');
  // A window that reaches into a code block holds its closing fence: carry only what follows it.
  for (const fence of text.matchAll(/^[ \t]*(?:```|~~~).*$/gm)) {
    const end = fence.index + fence[0].length;
    if (end > from) from = end;
  }
  const cut = text.slice(from);
  const sentence = /[.!?。؟]\s+(?=\S)/u.exec(cut);
  if (sentence) return cut.slice(sentence.index + sentence[0].length);
  if (from > text.length - overlap) return cut.trimStart();
  const space = cut.search(/\s/u);
  // A window inside one word carries it only when it is the whole word.
  if (space === -1) return atBreak ? cut : '';
  return cut.slice(space).trimStart();
}

/**
 * Splits text into chunks for retrieval. Markdown headings (outside code fences) start a new
 * section; inside a section, paragraphs (blank-line separated; a fenced code block stays whole) are
 * packed into chunks of at most `chunkSize` characters, and each chunk after a section's first
 * repeats the last `chunkOverlap` characters of the previous one. Heading lines are not part of
 * the text: each chunk carries its heading path in `headings` (the loader puts it in
 * `metadata.heading`, which the in-memory retriever indexes too). Plain text is one section
 * without a heading; a heading with no text under it yields no chunk.
 *
 * @example
 * ```ts
 * const chunks = splitText('# Intro\n\nHello.\n\n## Usage\n\nCall it.', { chunkSize: 200 });
 * chunks.map((c) => [c.headings, c.text]); // [[['Intro'], 'Hello.'], [['Intro', 'Usage'], 'Call it.']]
 * ```
 */
export function splitText(text: string, options: TextSplitterOptions = {}): TextChunk[] {
  const chunkSize = options.chunkSize ?? 1000;
  const chunkOverlap = options.chunkOverlap ?? Math.min(150, Math.floor(chunkSize / 5));
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RxRunnablesError(
      'INVALID_CONFIG',
      `chunkSize must be a positive integer, got ${chunkSize}`,
    );
  }
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
    throw new RxRunnablesError(
      'INVALID_CONFIG',
      `chunkOverlap must be an integer in [0, chunkSize), got ${chunkOverlap}`,
    );
  }
  const chunks: TextChunk[] = [];
  for (const section of toSections(text)) {
    let body = '';
    for (const piece of section.blocks.flatMap((block) => cutBlock(block, chunkSize))) {
      if (!body) {
        body = piece;
      } else if (body.length + 2 + piece.length <= chunkSize) {
        body += `\n\n${piece}`;
      } else {
        chunks.push({ text: body, headings: section.headings });
        const carried = tail(body, Math.min(chunkOverlap, chunkSize - piece.length - 2));
        body = carried ? `${carried}\n\n${piece}` : piece;
      }
    }
    if (body) chunks.push({ text: body, headings: section.headings });
  }
  return chunks;
}
