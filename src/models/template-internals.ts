/**
 * Parsing and rendering `{variable}` templates (f-string syntax, `{{` and `}}` escape braces).
 * @internal
 * @module
 */
import { BaseMessage } from '../chunks';
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
