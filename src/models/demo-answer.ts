/**
 * How the demo model answers: it mirrors the context found in its prompt.
 * @internal
 * @module
 */
import type { BaseMessage } from '../chunks';
import { codeStatementsOf, withoutStrings } from './demo-code';
import {
  isProse,
  isTableRow,
  looksLikeCode,
  namesApi,
  sentencesOf,
  tableRowSentence,
  termsOf,
} from './demo-text';

/** How much a passage's value is divided by per place down the retriever's ranking. */
const RANK_PENALTY = 0.5;
/** How much more a sentence that names an API in inline code (`withRetry`, `run.cancel()`) is worth. */
const API_BONUS = 1.25;
/** How much of the best passage's value a passage that names an API needs to answer instead. */
const NAMING_MIN_SHARE = 0.5;
/** The share of the answer's question words a line of code must hold to be said with it. */
const CODE_MIN_SHARE = 1 / 3;

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

/** One context sentence (or code statement), the question's words in it, and what they are worth. */
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
 * Scores every sentence of the context (each said once, at its first occurrence) and every code
 * statement that calls something: the weight of the question's words it contains, a word weighing
 * more the fewer of them contain it.
 */
function scoreSentences(
  passages: readonly string[],
  question: ReadonlySet<string>,
): { sentences: Scored[]; statements: Scored[]; weight: (term: string) => number } {
  const seen = new Set<string>();
  const sentences: Scored[] = [];
  const statements: Scored[] = [];
  passages.forEach((text, passage) => {
    const add = (list: Scored[], sentence: string, code: boolean): void => {
      if (seen.has(sentence)) return;
      seen.add(sentence);
      // In code, only names count: the words of a string literal are data, not the call to make.
      const text = code ? withoutStrings(sentence) : sentence;
      const terms = [...termsOf(text, { splitAll: code })].filter((t) => question.has(t));
      list.push({
        sentence,
        passage,
        order: sentences.length + statements.length,
        terms,
        score: 0,
      });
    };
    // A row of an API table is said as a sentence; other rows still show what a passage is about.
    for (const sentence of sentencesOf(text))
      add(sentences, tableRowSentence(sentence) ?? sentence, false);
    // A passage's `[n]` marker may stand before an opening fence.
    const code = text.replace(/^\s*\[\d+\][ \t]*/, '');
    for (const statement of codeStatementsOf(code)) add(statements, statement, true);
  });
  const all = [...sentences, ...statements];
  const frequency = new Map<string, number>();
  for (const { terms } of all) {
    for (const t of terms) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  }
  const weight = (t: string): number => Math.log(1 + all.length / (frequency.get(t) ?? 1));
  for (const s of all) s.score = s.terms.reduce((sum, t) => sum + weight(t), 0);
  return { sentences, statements, weight };
}

/** A passage the answer may come from: its value, the sentences it would say, whether it names an API. */
interface Choice {
  value: number;
  passage: number;
  sentences: Scored[];
  names: boolean;
}

/**
 * The line of code to say with the answer: a statement that holds at least a third of the weight of the
 * question words the answer's sentences hold, from the answer's passage or, worth less the
 * further down the ranking it is, from another; none when no statement qualifies.
 */
function pickStatement(
  statements: readonly Scored[],
  answer: readonly Scored[],
  passage: number,
  weight: (term: string) => number,
): Scored | undefined {
  let covered = 0;
  for (const term of new Set(answer.flatMap((s) => s.terms))) covered += weight(term);
  let best: { value: number; statement: Scored } | undefined;
  for (const statement of statements) {
    if (statement.score < CODE_MIN_SHARE * covered || statement.sentence.includes('`')) continue;
    const value = statement.score / (1 + RANK_PENALTY * Math.abs(statement.passage - passage));
    if (best === undefined || value > best.value) best = { value, statement };
  }
  return best?.statement;
}

/**
 * Composes the demo model's answer from the context in `messages`. It answers from one passage
 * (a `[n]` block of a RAG prompt; the whole context when there are none): the passage whose
 * text (table rows and code included) covers the most of the question — each question word weighs
 * more the rarer it is in the context, and a passage's value is divided by `1 + 0.5 × its place`
 * in the retriever's ranking — among those with a sentence or a line of code to say. When it names
 * no API (in inline code or code), the best passage that does answers instead, if it is worth at
 * least half as much. From it, it says the `maxSentences` sentences of prose that match the
 * question best (a sentence naming an API counts 1.25 times), in their documented order; a row of
 * a two-column API table counts as a sentence (`` `timeoutMs` — a deadline for the run. ``).
 * Fragments and code lines are used only when no prose matches; other table rows and lead-ins
 * ending with a colon never. Then, when a fenced code block has a statement that calls something
 * and holds at least a third of what the sentences matched, it ends with the best such statement
 * on one line — the call to make: `For example: \`model.withRetry({ attempts: 3 })\``; a passage
 * with only code to say answers with that line alone.
 */
export function composeAnswer(messages: readonly BaseMessage[], maxSentences: number): string {
  const context = findContext(messages);
  if (context === undefined) return NO_CONTEXT_ANSWER;
  const passages = passagesOf(context);
  const { sentences, statements, weight } = scoreSentences(
    passages,
    termsOf(findQuestion(messages), { splitAll: true }),
  );
  const matching = sentences.filter((s) => s.score > 0);
  // Prefer whole prose sentences; fall back to fragments, then to code, only when nothing better matches.
  const prose = matching.filter((s) => isProse(s.sentence));
  const usable = matching.filter((s) => !isTableRow(s.sentence));
  const notCode = matching.filter((s) => !looksLikeCode(s.sentence) && !/:\s*$/.test(s.sentence));
  const pool = prose.length > 0 ? prose : notCode.length > 0 ? notCode : usable;
  const code = statements.filter((s) => s.score > 0);
  const limit = Math.max(1, maxSentences);
  const worth = (s: Scored): number => s.score * (namesApi(s.sentence) ? API_BONUS : 1);
  const pick = (passage: number): Scored[] =>
    pool
      .filter((s) => s.passage === passage)
      .sort((a, b) => worth(b) - worth(a) || a.order - b.order)
      .slice(0, limit);
  let best: Choice | undefined;
  let bestNaming: Choice | undefined;
  for (let passage = 0; passage < passages.length; passage++) {
    const said = pick(passage);
    const examples = code.filter((s) => s.passage === passage);
    if (said.length === 0 && examples.length === 0) continue;
    // The passage's topic: the question words in any of its sentences, table rows and code included.
    const covered = new Set(
      [...matching, ...examples].filter((s) => s.passage === passage).flatMap((s) => s.terms),
    );
    let value = 0;
    for (const term of covered) value += weight(term);
    value /= 1 + RANK_PENALTY * passage;
    const names = examples.length > 0 || said.some((s) => namesApi(s.sentence));
    const choice = { value, passage, sentences: said, names };
    if (best === undefined || value > best.value) best = choice;
    if (names && (bestNaming === undefined || value > bestNaming.value)) bestNaming = choice;
  }
  if (best === undefined) return NOT_IN_CONTEXT_ANSWER;
  // An answer says which call to make: a passage that names an API wins over a better one that
  // names none, as long as it covers at least half as much of the question.
  if (!best.names && bestNaming && bestNaming.value >= NAMING_MIN_SHARE * best.value)
    best = bestNaming;
  const { passage } = best;
  const chosen = [...best.sentences].sort((a, b) => a.order - b.order);
  if (chosen.length === 0) {
    // Only code of this passage matches (an example under its heading): its best line.
    const own = code.filter((s) => s.passage === passage);
    const only = pickStatement(own, own, passage, weight);
    return only ? `For example: \`${only.sentence}\`` : NOT_IN_CONTEXT_ANSWER;
  }
  const text = chosen.map((s) => s.sentence).join(' ');
  const example = pickStatement(code, chosen, passage, weight);
  return example ? `${text} For example: \`${example.sentence}\`` : text;
}
