/**
 * How the demo model answers: it mirrors the context found in its prompt.
 * @internal
 * @module
 */
import type { BaseMessage } from '../chunks';
import { isProse, isTableRow, looksLikeCode, sentencesOf, termsOf } from './demo-text';

/** How much a passage's value is divided by per place down the retriever's ranking. */
const RANK_PENALTY = 0.5;

/** The answer when the prompt carries no context. */
export const NO_CONTEXT_ANSWER = "I don't have any information about that.";
/** The answer when the context has nothing on the question. */
export const NOT_IN_CONTEXT_ANSWER = "I don't have information about that in the provided context.";

const TAGGED = /<context>([\s\S]*?)<\/context>/gi;
const LABEL =
  /^[ \t]*(?:#+[ \t]*)?(?:retrieved[ \t]+)?(?:context|documents|sources)[ \t]*:[ \t]*/im;
const END_LABEL = /^[ \t]*(?:#+[ \t]*)?(?:question|query|answer|user question)[ \t]*:/im;
const QUESTION = /^[ \t]*(?:#+[ \t]*)?(?:question|query|user question)[ \t]*:[ \t]*(.*)$/gim;

/**
 * The last `Question:` line of a text: a prompt puts the question after the context, which may
 * itself quote `Question:` lines (a retrieved prompt template, say).
 */
function lastQuestion(text: string): RegExpExecArray | undefined {
  return [...text.matchAll(QUESTION)].at(-1);
}

/** The context section of one message's text, if it has one. */
function contextIn(text: string): string | undefined {
  const tagged = [...text.matchAll(TAGGED)];
  const label = LABEL.exec(text);
  // Whichever comes first frames the context: a retrieved text may quote the other form.
  if (tagged.length > 0 && (!label || (tagged[0]?.index ?? 0) < label.index)) {
    return tagged.map((m) => m[1] ?? '').join('\n');
  }
  if (!label) return undefined;
  const rest = text.slice(label.index + label[0].length);
  const end = lastQuestion(rest) ?? END_LABEL.exec(rest);
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
  const labelled = lastQuestion(text)?.[1]?.trim();
  if (labelled) return labelled;
  const context = contextIn(text);
  return (context === undefined ? text : text.replace(context, '')).trim();
}

/** One context sentence, the question's words in it, and what they are worth. */
interface Scored {
  sentence: string;
  passage: number;
  order: number;
  terms: string[];
  score: number;
}

/**
 * The retrieved passages of a context: the `[1] …`, `[2] …` blocks a RAG prompt numbers, best
 * first, or the whole context as one passage when it has no markers.
 */
export function passagesOf(context: string): string[] {
  const parts = context.split(/^[ \t]*(?=\[\d+\][ \t])/m).filter((p) => p.trim() !== '');
  return parts.length > 0 ? parts : [context];
}

/**
 * Scores every sentence of the context (each said once, at its first occurrence): the weight of
 * the question's words it contains, a word weighing more the fewer sentences contain it.
 */
function scoreSentences(
  passages: readonly string[],
  question: ReadonlySet<string>,
): { sentences: Scored[]; weight: (term: string) => number } {
  const seen = new Set<string>();
  const sentences: Scored[] = [];
  passages.forEach((text, passage) => {
    for (const sentence of sentencesOf(text)) {
      if (seen.has(sentence)) continue;
      seen.add(sentence);
      const terms = [...termsOf(sentence)].filter((t) => question.has(t));
      sentences.push({ sentence, passage, order: sentences.length, terms, score: 0 });
    }
  });
  const frequency = new Map<string, number>();
  for (const { terms } of sentences) {
    for (const t of terms) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  }
  const weight = (t: string): number => Math.log(1 + sentences.length / (frequency.get(t) ?? 1));
  for (const s of sentences) s.score = s.terms.reduce((sum, t) => sum + weight(t), 0);
  return { sentences, weight };
}

/**
 * Composes the demo model's answer from the context in `messages`. It answers from one passage
 * (a `[n]` block of a RAG prompt; the whole context when there are none): the passage whose
 * text (table rows included) covers the most of the question — each question word weighs more the
 * rarer it is in the context, and a passage's value is divided by `1 + 0.5 × its place` in the
 * retriever's ranking — among those with a sentence to say. From it, it says the `maxSentences`
 * sentences of prose that match the question best, in their documented order. Fragments and code
 * lines are used only when no prose matches; table rows and lead-ins ending with a colon never.
 */
export function composeAnswer(messages: readonly BaseMessage[], maxSentences: number): string {
  const context = findContext(messages);
  if (context === undefined) return NO_CONTEXT_ANSWER;
  const passages = passagesOf(context);
  const { sentences, weight } = scoreSentences(
    passages,
    termsOf(findQuestion(messages), { splitAll: true }),
  );
  const matching = sentences.filter((s) => s.score > 0);
  // Prefer whole prose sentences; fall back to fragments, then to code, only when nothing better matches.
  const prose = matching.filter((s) => isProse(s.sentence));
  const usable = matching.filter((s) => !isTableRow(s.sentence));
  const notCode = matching.filter((s) => !looksLikeCode(s.sentence) && !/:\s*$/.test(s.sentence));
  const pool = prose.length > 0 ? prose : notCode.length > 0 ? notCode : usable;
  if (pool.length === 0) return NOT_IN_CONTEXT_ANSWER;
  const limit = Math.max(1, maxSentences);
  const pick = (passage: number): Scored[] =>
    pool
      .filter((s) => s.passage === passage)
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, limit);
  let best: { value: number; sentences: Scored[] } | undefined;
  for (let passage = 0; passage < passages.length; passage++) {
    const sentences = pick(passage);
    // The passage's topic: the question words in any of its sentences, table rows included.
    const covered = new Set(matching.filter((s) => s.passage === passage).flatMap((s) => s.terms));
    let value = 0;
    for (const term of covered) value += weight(term);
    value /= 1 + RANK_PENALTY * passage;
    if (sentences.length > 0 && (best === undefined || value > best.value))
      best = { value, sentences };
  }
  return (best?.sentences ?? [])
    .sort((a, b) => a.order - b.order)
    .map((s) => s.sentence)
    .join(' ');
}
