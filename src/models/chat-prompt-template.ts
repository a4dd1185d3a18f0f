/**
 * A chat prompt: message templates with `{variables}`, placeholders and partials.
 * @module
 */
import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { AIMessage, BaseMessage, HumanMessage, SystemMessage } from '../chunks';
import { Runnable, RxRunnablesError, collect } from '../core';
import type { RunContext } from '../core';
import { MessagesPlaceholder } from './messages-placeholder';
import { ChatPromptValue } from './prompt-value';
import { asValues, lookup, parseTemplate, render, variablesOf } from './template-internals';
import type { PromptValues, TemplatePart } from './template-internals';

/** Roles accepted in `[role, template]` entries (`user`/`assistant` are aliases). */
export type ChatPromptRole = 'system' | 'human' | 'user' | 'ai' | 'assistant' | 'placeholder';

/**
 * One entry of {@link ChatPromptTemplate.fromMessages}: a `[role, template]` pair, a template
 * string (a human message), a fixed message, or a {@link MessagesPlaceholder}.
 * `['placeholder', '{history}']` is an optional placeholder.
 */
export type ChatPromptEntry =
  readonly [ChatPromptRole, string] | string | BaseMessage | MessagesPlaceholder;

/** Options of {@link ChatPromptTemplate.fromMessages}. */
export interface ChatPromptTemplateOptions {
  /** Values filled in ahead of time; a function value is called at each render. */
  partialVariables?: PromptValues;
}

type Entry =
  | { readonly role: 'system' | 'human' | 'ai'; readonly parts: readonly TemplatePart[] }
  | { readonly message: BaseMessage }
  | { readonly placeholder: MessagesPlaceholder };

const ROLES: Record<string, 'system' | 'human' | 'ai'> = {
  system: 'system',
  human: 'human',
  user: 'human',
  ai: 'ai',
  assistant: 'ai',
};

function toEntry(entry: ChatPromptEntry): Entry {
  if (entry instanceof MessagesPlaceholder) return { placeholder: entry };
  if (BaseMessage.isInstance(entry)) return { message: entry };
  if (typeof entry === 'string') return { role: 'human', parts: parseTemplate(entry) };
  const [role, template] = entry;
  if (role === 'placeholder') {
    const name = /^\{\s*([^{}]+?)\s*\}$/.exec(template)?.[1] ?? template;
    return { placeholder: new MessagesPlaceholder({ variableName: name, optional: true }) };
  }
  const normalized = ROLES[role];
  if (normalized === undefined) {
    throw new RxRunnablesError('INVALID_CONFIG', `Unknown chat prompt role "${String(role)}"`);
  }
  return { role: normalized, parts: parseTemplate(template) };
}

const MESSAGE_CLASSES = { system: SystemMessage, human: HumanMessage, ai: AIMessage };

/**
 * A chat prompt: a list of message templates rendered with the input's variables into a
 * {@link ChatPromptValue}. A missing variable fails with `PROMPT_MISSING_VARIABLE` naming it.
 *
 * @example
 * ```ts
 * const prompt = ChatPromptTemplate.fromMessages([
 *   ['system', 'Answer as {persona}.'],
 *   ['placeholder', '{history}'],
 *   ['human', '{question}'],
 * ]).partial({ persona: 'a pirate' });
 * const chain = prompt.pipe(new DemoChatModel()).pipe(new StringOutputParser());
 * await chain.invoke({ question: 'Where is the treasure?' });
 * ```
 */
export class ChatPromptTemplate extends Runnable<PromptValues, ChatPromptValue> {
  override readonly eventKind = 'prompt';
  readonly partialVariables: PromptValues;
  readonly #entries: readonly Entry[];

  private constructor(entries: readonly Entry[], partialVariables: PromptValues) {
    super();
    this.#entries = entries;
    this.partialVariables = partialVariables;
  }

  /**
   * Creates a chat prompt from message entries.
   *
   * @example
   * ```ts
   * ChatPromptTemplate.fromMessages([['system', 'Be brief.'], ['human', '{question}']]);
   * ```
   */
  static fromMessages(
    entries: readonly ChatPromptEntry[],
    options: ChatPromptTemplateOptions = {},
  ): ChatPromptTemplate {
    return new ChatPromptTemplate(entries.map(toEntry), options.partialVariables ?? {});
  }

  /**
   * A chat prompt of one human message.
   *
   * @example
   * ```ts
   * ChatPromptTemplate.fromTemplate('Tell me about {topic}');
   * ```
   */
  static fromTemplate(
    template: string,
    options: ChatPromptTemplateOptions = {},
  ): ChatPromptTemplate {
    return ChatPromptTemplate.fromMessages([['human', template]], options);
  }

  /** Variables the prompt still needs (placeholders included, partials excluded). */
  get inputVariables(): string[] {
    const names: string[] = [];
    for (const entry of this.#entries) {
      const found =
        'parts' in entry
          ? variablesOf(entry.parts)
          : 'placeholder' in entry
            ? [entry.placeholder.variableName]
            : [];
      for (const name of found) {
        if (!names.includes(name) && !(name in this.partialVariables)) names.push(name);
      }
    }
    return names;
  }

  /**
   * A copy with some variables filled in (values or functions called at render time).
   *
   * @example
   * ```ts
   * const dated = prompt.partial({ today: () => new Date().toDateString() });
   * ```
   */
  partial(values: PromptValues): ChatPromptTemplate {
    return new ChatPromptTemplate(this.#entries, { ...this.partialVariables, ...values });
  }

  /**
   * Renders the messages (synchronously).
   *
   * @example
   * ```ts
   * prompt.formatMessages({ question: 'Why?' }); // [SystemMessage, HumanMessage]
   * ```
   */
  formatMessages(values: PromptValues): BaseMessage[] {
    const messages: BaseMessage[] = [];
    for (const entry of this.#entries) {
      if ('message' in entry) {
        messages.push(entry.message);
      } else if ('placeholder' in entry) {
        const { placeholder } = entry;
        const name = placeholder.variableName;
        const present = values[name] !== undefined || this.partialVariables[name] !== undefined;
        const value = present ? lookup(name, values, this.partialVariables, this.name) : undefined;
        messages.push(...placeholder.toMessages(value, this.name));
      } else {
        const content = render(entry.parts, values, this.partialVariables, this.name);
        messages.push(new MESSAGE_CLASSES[entry.role](content));
      }
    }
    return messages;
  }

  /**
   * Renders the prompt value (messages, readable as a string too).
   *
   * @example
   * ```ts
   * prompt.formatPromptValue({ question: 'Why?' }).toString(); // 'System: …\nHuman: Why?'
   * ```
   */
  formatPromptValue(values: PromptValues): ChatPromptValue {
    return new ChatPromptValue(this.formatMessages(values));
  }

  protected override transform(
    input$: Observable<PromptValues>,
    _ctx: RunContext,
  ): Observable<ChatPromptValue> {
    return collect(input$).pipe(map((input) => this.formatPromptValue(asValues(input, this.name))));
  }
}
