/**
 * How the demo model answers: it mirrors the context found in its prompt.
 * @internal
 * @module
 */
import type { BaseMessage } from '../chunks';

/** The answer when the prompt carries no context. */
export const NO_CONTEXT_ANSWER = "I don't have any information about that.";
/** The answer when the context has nothing on the question. */
export const NOT_IN_CONTEXT_ANSWER = "I don't have information about that in the provided context.";

const TAGGED = /<context>([\s\S]*?)<\/context>/gi;
const LABEL =
  /^[ \t]*(?:#+[ \t]*)?(?:retrieved[ \t]+)?(?:context|documents|sources)[ \t]*:[ \t]*/im;
const END_LABEL = /^[ \t]*(?:#+[ \t]*)?(?:question|query|answer|user question)[ \t]*:/im;
const QUESTION = /^[ \t]*(?:#+[ \t]*)?(?:question|query|user question)[ \t]*:[ \t]*(.+)$/im;

const STOPWORDS = new Set(
  (
    'a an the and or but of to in on at by for with from as is are was were be been being do does ' +
    'did what which who whom whose when where why how this that these those it its i you he she we ' +
    'they me my your our their about into than then there here can could would should will shall ' +
    'may might must not no yes so if tell please give explain describe'
  ).split(' '),
);

/** The context section of one message's text, if it has one. */
function contextIn(text: string): string | undefined {
  const tagged = [...text.matchAll(TAGGED)].map((m) => m[1] ?? '');
  if (tagged.length > 0) return tagged.join('\n');
  const label = LABEL.exec(text);
  if (!label) return undefined;
  const rest = text.slice(label.index + label[0].length);
  const end = END_LABEL.exec(rest);
  return end ? rest.slice(0, end.index) : rest;
}

/** The context found in the prompt's messages (all sections joined), if any. */
export function findContext(messages: readonly BaseMessage[]): string | undefined {
  const sections = messages
    .filter((m) => m.type !== 'ai')
    .map((m) => contextIn(m.text))
    .filter((s): s is string => s !== undefined && s.trim() !== '');
  return sections.length > 0 ? sections.join('\n') : undefined;
}

/** The question: a `Question:` line, else the last human message without its context. */
export function findQuestion(messages: readonly BaseMessage[]): string {
  const human = [...messages].reverse().find((m) => m.type === 'human');
  const text = human?.text ?? '';
  const labelled = QUESTION.exec(text);
  if (labelled?.[1]) return labelled[1].trim();
  const context = contextIn(text);
  return (context === undefined ? text : text.replace(context, '')).trim();
}

/** Splits text into sentences and list items, without bullets or `[1]` markers. */
export function sentencesOf(text: string): string[] {
  // Lines wrapped inside a paragraph belong to one sentence; list items and table rows do not.
  // Code blocks are not sentences (a chunk may also begin or end inside one).
  const prose = text.replace(/```[^\n]*\n[\s\S]*?```/g, '\n');
  const unwrapped = prose.replace(/([^\n])\n(?![ \t]*(?:[-*•|#>]|\d+[.)]|\n))/gu, '$1 ');
  return unwrapped
    .split(/\n+|(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])/u)
    .map((s) => s.replace(/^\s*(?:[-*•]|\[\d+\]|\d+[.)])\s*/, '').trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Content words of a text, lowercased and lightly stemmed. */
export function termsOf(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => !STOPWORDS.has(w)).map(stem));
}

const CODE_TOKENS = /=>|[;{}]|\w\(|\)\.|^\s*(?:import|export|const|let|await|for|return)\b|```/g;

/** True for a line of code (or a table row) rather than a sentence. */
function looksLikeCode(sentence: string): boolean {
  if (/^\s*\||\|\s*$/.test(sentence)) return true;
  return (sentence.match(CODE_TOKENS)?.length ?? 0) >= 2;
}

/**
 * True for a sentence of prose: a few words ending like a sentence, not a line of code or a
 * table row. Prose is preferred; code and fragments are used only when nothing else matches.
 */
export function isProse(sentence: string): boolean {
  const words = sentence.split(/\s+/).filter(Boolean).length;
  return words >= 4 && /[.!?:)"'\u00bb]$/u.test(sentence.trim()) && !looksLikeCode(sentence);
}

/**
 * Composes the demo model's answer: the `maxSentences` context sentences sharing the most
 * content words with the question, in their original order.
 */
export function composeAnswer(messages: readonly BaseMessage[], maxSentences: number): string {
  const context = findContext(messages);
  if (context === undefined) return NO_CONTEXT_ANSWER;
  const question = termsOf(findQuestion(messages));
  const scored = [...new Set(sentencesOf(context))].map((sentence, order) => {
    let score = 0;
    for (const term of termsOf(sentence)) if (question.has(term)) score++;
    return { sentence, order, score };
  });
  const matching = scored.filter((s) => s.score > 0);
  // Prefer whole prose sentences; fall back to fragments, then to code, only when nothing better matches.
  const prose = matching.filter((s) => isProse(s.sentence));
  const notCode = matching.filter((s) => !looksLikeCode(s.sentence));
  const pool = prose.length > 0 ? prose : notCode.length > 0 ? notCode : matching;
  const best = pool
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, Math.max(1, maxSentences))
    .sort((a, b) => a.order - b.order);
  if (best.length === 0) return NOT_IN_CONTEXT_ANSWER;
  return best.map((s) => s.sentence).join(' ');
}
