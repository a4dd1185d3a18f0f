/**
 * The entries of a chat prompt: what `ChatPromptTemplate.fromMessages` accepts, parsed.
 * @internal
 * @module
 */
import { BaseMessage, fromForeignMessage } from '../chunks';
import type { ContentBlock } from '../chunks';
import { RxRunnablesError } from '../core';
import { MessagesPlaceholder } from './messages-placeholder';
import { parseBlockTemplates, parseTemplate } from './template-internals';
import type { BlockTemplate, TemplatePart } from './template-internals';

/** A parsed entry: a message template, a fixed message or a placeholder. */
export type Entry =
  | { readonly role: TemplateRole; readonly parts: readonly TemplatePart[] }
  | { readonly role: TemplateRole; readonly blocks: readonly BlockTemplate[] }
  | { readonly message: BaseMessage }
  | { readonly placeholder: MessagesPlaceholder };

/** The roles a message template can have. */
export type TemplateRole = 'system' | 'human' | 'ai';

const ROLES: Readonly<Record<string, TemplateRole>> = {
  system: 'system',
  developer: 'system',
  human: 'human',
  user: 'human',
  ai: 'ai',
  assistant: 'ai',
};

const STEP = 'ChatPromptTemplate.fromMessages';

const isPlainObject = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

function fromTuple(role: unknown, template: unknown, index: number): Entry {
  if (role === 'placeholder') {
    const name =
      typeof template === 'string' ? /^\{\s*([^{}]+?)\s*\}$/.exec(template)?.[1] : undefined;
    if (name === undefined) {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        `Entry ${index}: a placeholder names its variable in braces, ['placeholder', '{history}'] ` +
          `(got ${JSON.stringify(template)}); or use new MessagesPlaceholder('history')`,
        { step: STEP, index },
      );
    }
    return { placeholder: new MessagesPlaceholder({ variableName: name, optional: true }) };
  }
  const normalized = typeof role === 'string' ? ROLES[role] : undefined;
  if (normalized === undefined) {
    throw new RxRunnablesError(
      'INVALID_CONFIG',
      `Entry ${index}: unknown chat prompt role ${JSON.stringify(role)} (expected system, human, ` +
        'user, ai, assistant, developer or placeholder)',
      { step: STEP, index },
    );
  }
  if (typeof template === 'string') return { role: normalized, parts: parseTemplate(template) };
  if (Array.isArray(template)) {
    return { role: normalized, blocks: parseBlockTemplates(template as readonly unknown[]) };
  }
  throw new RxRunnablesError(
    'INVALID_INPUT',
    `Entry ${index}: a ${role} template must be a string or a list of content blocks`,
    { step: STEP, index },
  );
}

/**
 * Parses one entry of `fromMessages` (nested chat prompts are spliced in by the caller). A
 * `{ role, content }` or `{ type, content }` object is a template of its role, as in LangChain.js;
 * a message (ours or LangChain's) is fixed text.
 */
export function toEntry(entry: unknown, index: number): Entry {
  if (entry instanceof MessagesPlaceholder) return { placeholder: entry };
  if (BaseMessage.isInstance(entry)) return { message: entry };
  if (typeof entry === 'string') return { role: 'human', parts: parseTemplate(entry) };
  if (Array.isArray(entry) && entry.length === 2) return fromTuple(entry[0], entry[1], index);
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
    const like = entry as { role?: unknown; type?: unknown; content?: unknown };
    if (isPlainObject(entry) && (typeof like.role === 'string' || typeof like.type === 'string')) {
      return fromTuple(like.role ?? like.type, like.content as string | ContentBlock[], index);
    }
    const foreign = fromForeignMessage(entry); // a LangChain message: fixed, as a message of ours
    if (foreign) return { message: foreign };
  }
  throw new RxRunnablesError(
    'INVALID_INPUT',
    `Entry ${index} of a chat prompt is not a message template: got ${
      entry === null ? 'null' : Array.isArray(entry) ? `a list of ${entry.length}` : typeof entry
    }; expected a [role, template] pair, a template string, a message, a { role, content } ` +
      'object, a MessagesPlaceholder or a ChatPromptTemplate',
    { step: STEP, index },
  );
}
