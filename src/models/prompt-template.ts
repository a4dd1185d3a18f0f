/**
 * A string prompt with `{variables}`.
 * @module
 */
import { map, mergeMap } from 'rxjs';
import type { Observable } from 'rxjs';
import { Runnable, RxRunnablesError, collect } from '../core';
import type { RunContext } from '../core';
import { StringPromptValue } from './prompt-value';
import {
  asValues,
  parseTemplate,
  render,
  resolveVariables,
  resolveVariablesAsync,
  variablesOf,
} from './template-internals';
import type { PromptValues, TemplatePart } from './template-internals';
import { keepClassName } from '../core/class-name';

const NO_PARTIALS: PromptValues = Object.freeze({});

export type { PromptValues } from './template-internals';

/** Options of {@link PromptTemplate.fromTemplate}. */
export interface PromptTemplateOptions {
  /** Values filled in ahead of time; a function value is called at each render. */
  partialVariables?: PromptValues;
}

/**
 * `new PromptTemplate({ template, inputVariables, partialVariables })`, as LangChain writes it.
 * `inputVariables`, when given, must name every variable of the template that no partial fills.
 */
export interface PromptTemplateFields extends PromptTemplateOptions {
  template: string;
  inputVariables?: readonly string[];
}

/**
 * A string prompt: `Tell me about {topic}` rendered with `{ topic: 'RxJS' }`. `{{` and `}}`
 * write literal braces. A missing variable fails with `PROMPT_MISSING_VARIABLE` naming it. The
 * prompt emits a {@link StringPromptValue}, which a chat model reads as one human message.
 *
 * @example
 * ```ts
 * const prompt = PromptTemplate.fromTemplate('Tell me about {topic}');
 * (await prompt.invoke({ topic: 'RxJS' })).toString(); // 'Tell me about RxJS'
 * ```
 */
export class PromptTemplate extends Runnable<PromptValues, StringPromptValue> {
  override readonly eventKind = 'prompt';
  readonly template: string;
  readonly partialVariables: PromptValues;
  readonly #parts: readonly TemplatePart[];
  readonly #declared: readonly string[] | undefined;

  constructor(template: string | PromptTemplateFields, options: PromptTemplateOptions = {}) {
    super();
    const fields = typeof template === 'string' ? { ...options, template } : template;
    if (typeof fields?.template !== 'string') {
      throw new RxRunnablesError('INVALID_CONFIG', 'A PromptTemplate needs a template string', {
        step: 'PromptTemplate',
        option: 'template',
      });
    }
    this.template = fields.template;
    this.#parts = parseTemplate(fields.template);
    this.partialVariables = fields.partialVariables ?? options.partialVariables ?? {};
    this.#declared = fields.inputVariables && [...fields.inputVariables];
    if (this.#declared)
      checkDeclared(variablesOf(this.#parts), this.#declared, this.partialVariables);
  }

  /**
   * Creates a prompt from a template string.
   *
   * @example
   * ```ts
   * PromptTemplate.fromTemplate('Translate {text} into {language}');
   * ```
   */
  static fromTemplate(template: string, options: PromptTemplateOptions = {}): PromptTemplate {
    return new PromptTemplate(template, options);
  }

  /** Variables still needed at render time (partials excluded). */
  get inputVariables(): string[] {
    const names = this.#declared ?? variablesOf(this.#parts);
    return names.filter((name) => !(name in this.partialVariables));
  }

  /**
   * A copy with some variables filled in.
   *
   * @example
   * ```ts
   * const french = prompt.partial({ language: 'French' });
   * ```
   */
  partial(values: PromptValues): PromptTemplate {
    return new PromptTemplate({
      template: this.template,
      partialVariables: { ...this.partialVariables, ...values },
      ...(this.#declared && { inputVariables: this.#declared }),
    });
  }

  /**
   * Renders the template to a string (synchronously).
   *
   * @example
   * ```ts
   * PromptTemplate.fromTemplate('Hi {name}').format({ name: 'Ada' }); // 'Hi Ada'
   * ```
   */
  format(values: PromptValues): string {
    return this.#render(resolveVariables(values, this.partialVariables, this.name));
  }

  #render(resolved: PromptValues): string {
    return render(this.#parts, resolved, NO_PARTIALS, this.name);
  }

  protected override transform(
    input$: Observable<PromptValues>,
    _ctx: RunContext,
  ): Observable<StringPromptValue> {
    return collect(input$).pipe(
      mergeMap((input) => resolveVariablesAsync(asValues(input, this.name), this.partialVariables)),
      map((resolved) => new StringPromptValue(this.#render(resolved))),
    );
  }
}

keepClassName(PromptTemplate, 'PromptTemplate');

/** Every variable of the template is declared or has a partial, else `INVALID_CONFIG`. */
function checkDeclared(
  used: readonly string[],
  declared: readonly string[],
  partials: PromptValues,
): void {
  const missing = used.filter((name) => !declared.includes(name) && !(name in partials));
  if (missing.length === 0) return;
  throw new RxRunnablesError(
    'INVALID_CONFIG',
    `The template uses ${missing.map((name) => `{${name}}`).join(', ')}, missing from inputVariables`,
    { step: 'PromptTemplate', option: 'inputVariables', missing },
  );
}
