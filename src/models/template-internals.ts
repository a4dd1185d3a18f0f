/**
 * Parsing and rendering `{variable}` templates (f-string syntax, `{{` and `}}` escape braces).
 * @internal
 * @module
 */
import { BaseMessage } from '../chunks';
import type { ContentBlock } from '../chunks';
import { RxRunnablesError } from '../core';

/** A parsed template: literal text and variable names, alternating. */
export type TemplatePart = { readonly text: string } | { readonly variable: string };

/** Prompt variables: values by name. A function value is called when the prompt renders. */
export type PromptValues = Readonly<Record<string, unknown>>;

/** Parses `Hello {name}!`; unbalanced braces throw `INVALID_CONFIG`. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    const next = template[i + 1];
    if ((ch === '{' && next === '{') || (ch === '}' && next === '}')) {
      text += ch;
      i++;
    } else if (ch === '{') {
      const end = template.indexOf('}', i + 1);
      const name = end === -1 ? '' : template.slice(i + 1, end).trim();
      if (end === -1 || name === '' || name.includes('{')) {
        throw new RxRunnablesError('INVALID_CONFIG', `Unclosed or empty "{" at ${i} in template`, {
          position: i,
          template,
        });
      }
      if (text !== '') parts.push({ text });
      text = '';
      parts.push({ variable: name });
      i = end;
    } else if (ch === '}') {
      throw new RxRunnablesError('INVALID_CONFIG', `Single "}" at ${i} in template (use "}}")`, {
        position: i,
        template,
      });
    } else {
      text += ch;
    }
  }
  if (text !== '') parts.push({ text });
  return parts;
}

/** The distinct variable names of parsed templates, in order of appearance. */
export function variablesOf(parts: readonly TemplatePart[]): string[] {
  const names: string[] = [];
  for (const part of parts) {
    if ('variable' in part && !names.includes(part.variable)) names.push(part.variable);
  }
  return names;
}

/** Looks a variable up (partials under values); missing throws `PROMPT_MISSING_VARIABLE`. */
export function lookup(
  name: string,
  values: PromptValues,
  partials: PromptValues,
  step: string,
): unknown {
  let value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
  if (value === undefined && Object.prototype.hasOwnProperty.call(partials, name)) {
    value = partials[name];
  }
  if (typeof value === 'function') value = (value as () => unknown)();
  if (value === undefined || value === null) {
    const given = Object.keys(values);
    throw new RxRunnablesError(
      'PROMPT_MISSING_VARIABLE',
      `Missing value for prompt variable "${name}" (got: ${given.length ? given.join(', ') : 'none'})`,
      { variable: name, step },
    );
  }
  return value;
}

function mergeVariables(values: PromptValues, partials: PromptValues): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(partials)) out[key] = partials[key];
  for (const key of Object.keys(values)) {
    if (values[key] !== undefined || !(key in out)) out[key] = values[key];
  }
  return out;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';

/**
 * The variables one render reads: `values` over `partials`, each function value called once
 * (as LangChain.js does per format), so `{today}` used twice renders the same value. An async
 * function cannot be awaited by a synchronous render: it throws `INVALID_INPUT`.
 */
export function resolveVariables(
  values: PromptValues,
  partials: PromptValues,
  step: string,
): PromptValues {
  const out = mergeVariables(values, partials);
  for (const key of Object.keys(out)) {
    const value = out[key];
    if (typeof value !== 'function') continue;
    const result: unknown = (value as () => unknown)();
    if (isThenable(result)) {
      result.then(undefined, () => undefined); // reported below, not as an unhandled rejection
      throw new RxRunnablesError(
        'INVALID_INPUT',
        `Prompt variable "${key}" is an async function: render the prompt with invoke() or ` +
          'stream(), which await it (format and formatMessages are synchronous)',
        { variable: key, step },
      );
    }
    out[key] = result;
  }
  return out;
}

/** {@link resolveVariables} for `invoke` and `stream`: async function values are awaited. */
export async function resolveVariablesAsync(
  values: PromptValues,
  partials: PromptValues,
): Promise<PromptValues> {
  const out = mergeVariables(values, partials);
  for (const key of Object.keys(out)) {
    const value = out[key];
    if (typeof value === 'function') out[key] = await (value as () => unknown)();
  }
  return out;
}

/** Renders a value into template text: strings as is, messages as their text, objects as JSON. */
export function toTemplateText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (BaseMessage.isInstance(value)) return value.text;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Renders parsed template parts with `values` (then `partials`). */
export function render(
  parts: readonly TemplatePart[],
  values: PromptValues,
  partials: PromptValues,
  step: string,
): string {
  let out = '';
  for (const part of parts) {
    out +=
      'text' in part ? part.text : toTemplateText(lookup(part.variable, values, partials, step));
  }
  return out;
}

/** Checks that a prompt's input is a values object. */
export function asValues(input: unknown, step: string): PromptValues {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    return input as PromptValues;
  }
  throw new RxRunnablesError(
    'INVALID_INPUT',
    'A prompt takes an object of variable values, e.g. { question: "…" }',
    { step },
  );
}

/** A JSON-like value whose strings are templates (a content block, a nested field of one). */
export type ValueTemplate =
  | { readonly parts: readonly TemplatePart[] }
  | { readonly record: readonly (readonly [string, ValueTemplate])[] }
  | { readonly list: readonly ValueTemplate[] }
  | { readonly literal: unknown };

/** One block of a content-block template. */
export type BlockTemplate =
  /** A string item or a `{ text }`-only item: a text block, left out when it renders empty. */
  | { readonly text: readonly TemplatePart[] }
  /** An `image_url` given as a string: rendered into `{ url }`, as LangChain.js does. */
  | { readonly imageUrl: readonly TemplatePart[]; readonly rest: ValueTemplate }
  /** Any other block: every string in it is a template. */
  | { readonly block: ValueTemplate };

const MAX_DEPTH = 64;

/** Parses every string inside a JSON-like value as a template. */
export function parseValueTemplate(value: unknown, depth = 0): ValueTemplate {
  if (depth > MAX_DEPTH) {
    throw new RxRunnablesError('INVALID_CONFIG', `Template nested deeper than ${MAX_DEPTH}`);
  }
  if (typeof value === 'string') return { parts: parseTemplate(value) };
  if (Array.isArray(value)) return { list: value.map((v) => parseValueTemplate(v, depth + 1)) };
  if (typeof value === 'object' && value !== null) {
    return {
      record: Object.entries(value).map(([k, v]) => [k, parseValueTemplate(v, depth + 1)] as const),
    };
  }
  return { literal: value };
}

const isOnlyText = (item: object): item is { text: string } =>
  Object.keys(item).length === 1 && typeof (item as { text?: unknown }).text === 'string';

/** Parses a content-block template (`[{ type: 'text', text: 'Hi {name}' }, …]`). */
export function parseBlockTemplates(items: readonly unknown[]): BlockTemplate[] {
  return items.map((item): BlockTemplate => {
    if (typeof item === 'string') return { text: parseTemplate(item) };
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        'A content-block template holds strings and content-block objects',
        { item },
      );
    }
    if (isOnlyText(item)) return { text: parseTemplate(item.text) };
    const { image_url: imageUrl, ...rest } = item as Record<string, unknown>;
    if (typeof imageUrl === 'string') {
      return { imageUrl: parseTemplate(imageUrl), rest: parseValueTemplate(rest) };
    }
    return { block: parseValueTemplate(item) };
  });
}

function valueVariables(template: ValueTemplate, names: string[]): void {
  if ('parts' in template) {
    for (const name of variablesOf(template.parts)) if (!names.includes(name)) names.push(name);
  } else if ('record' in template) {
    for (const [, v] of template.record) valueVariables(v, names);
  } else if ('list' in template) {
    for (const v of template.list) valueVariables(v, names);
  }
}

/** The distinct variable names of a content-block template. */
export function blockVariables(blocks: readonly BlockTemplate[]): string[] {
  const names: string[] = [];
  for (const b of blocks) {
    if ('text' in b) valueVariables({ parts: b.text }, names);
    else if ('imageUrl' in b) valueVariables({ list: [{ parts: b.imageUrl }, b.rest] }, names);
    else valueVariables(b.block, names);
  }
  return names;
}

function renderValue(t: ValueTemplate, values: PromptValues, partials: PromptValues, step: string) {
  if ('parts' in t) return render(t.parts, values, partials, step);
  if ('list' in t) return t.list.map((v): unknown => renderValue(v, values, partials, step));
  if ('literal' in t) return t.literal;
  const out: Record<string, unknown> = {};
  for (const [key, v] of t.record) out[key] = renderValue(v, values, partials, step);
  return out;
}

/** Renders a content-block template into content blocks. */
export function renderBlocks(
  blocks: readonly BlockTemplate[],
  values: PromptValues,
  partials: PromptValues,
  step: string,
): ContentBlock[] {
  const out: ContentBlock[] = [];
  for (const b of blocks) {
    if ('text' in b) {
      const text = render(b.text, values, partials, step);
      if (text !== '') out.push({ type: 'text', text });
    } else if ('imageUrl' in b) {
      const rest = renderValue(b.rest, values, partials, step) as Record<string, unknown>;
      const url = render(b.imageUrl, values, partials, step);
      out.push({ ...rest, type: 'image_url', image_url: { url } });
    } else {
      out.push(renderValue(b.block, values, partials, step) as ContentBlock);
    }
  }
  return out;
}
