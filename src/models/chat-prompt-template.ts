/**
 * A chat prompt: message templates with `{variables}`, placeholders and partials.
 * @module
 */
import { map, mergeMap } from 'rxjs';
import type { Observable } from 'rxjs';
import { AIMessage, HumanMessage, SystemMessage } from '../chunks';
import type { BaseMessage, ContentBlock, MessageContent, MessageLike } from '../chunks';
import { Runnable, collect } from '../core';
import type { RunContext } from '../core';
import { toEntry } from './chat-prompt-entries';
import type { Entry } from './chat-prompt-entries';
import type { MessagesPlaceholder } from './messages-placeholder';
import { ChatPromptValue } from './prompt-value';
import {
  asValues,
  blockVariables,
  render,
  renderBlocks,
  resolveVariables,
  resolveVariablesAsync,
  variablesOf,
} from './template-internals';
import type { PromptValues } from './template-internals';
import { keepClassName } from '../core/class-name';

const NO_PARTIALS: PromptValues = Object.freeze({});

/** Roles accepted in `[role, template]` entries (`user`/`assistant`/`developer` are aliases). */
export type ChatPromptRole =
  'system' | 'developer' | 'human' | 'user' | 'ai' | 'assistant' | 'placeholder';

/**
 * A message template's content: a template string, or a list of content blocks whose strings
 * are templates (`[{ type: 'text', text: 'Hi {name}' }, { type: 'image_url', image_url: { url: '{u}' } }]`).
 */
export type ChatPromptContent = string | readonly (string | ContentBlock)[];

/**
 * One entry of {@link ChatPromptTemplate.fromMessages}: a `[role, template]` pair, a template
 * string (a human message), a `{ role, content }` object (a template of its role), a fixed
 * message (ours or LangChain's), a {@link MessagesPlaceholder}, or a {@link ChatPromptTemplate}
 * whose entries are spliced in. `['placeholder', '{history}']` is an optional placeholder.
 */
export type ChatPromptEntry =
  | readonly [ChatPromptRole, ChatPromptContent]
  | string
  | { readonly role: ChatPromptRole; readonly content: ChatPromptContent }
  | BaseMessage
  | MessageLike
  | MessagesPlaceholder
  | ChatPromptTemplate;

/** Options of {@link ChatPromptTemplate.fromMessages}. */
export interface ChatPromptTemplateOptions {
  /** Values filled in ahead of time; a function value is called at each render. */
  partialVariables?: PromptValues;
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
    const parsed: Entry[] = [];
    let partials: PromptValues = {};
    entries.forEach((entry: unknown, index) => {
      if (entry instanceof ChatPromptTemplate) {
        // As LangChain.js does: its messages spliced in, its partial values shared.
        parsed.push(...entry.#entries);
        partials = { ...partials, ...entry.partialVariables };
      } else {
        parsed.push(toEntry(entry, index));
      }
    });
    return new ChatPromptTemplate(parsed, { ...partials, ...options.partialVariables });
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
          : 'blocks' in entry
            ? blockVariables(entry.blocks)
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
    return this.#render(resolveVariables(values, this.partialVariables, this.name));
  }

  /** Renders with variables already merged and resolved (no functions left to call). */
  #render(resolved: PromptValues): BaseMessage[] {
    const messages: BaseMessage[] = [];
    for (const entry of this.#entries) {
      if ('message' in entry) {
        messages.push(entry.message);
      } else if ('placeholder' in entry) {
        // `null` and `undefined` alike mean no messages, for an optional placeholder.
        const value = resolved[entry.placeholder.variableName];
        messages.push(...entry.placeholder.toMessages(value, this.name));
      } else {
        const content: MessageContent =
          'parts' in entry
            ? render(entry.parts, resolved, NO_PARTIALS, this.name)
            : renderBlocks(entry.blocks, resolved, NO_PARTIALS, this.name);
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

  /**
   * Renders the prompt as one string, the transcript LangChain.js's `format` returns (see
   * {@link ChatPromptValue}). Synchronous here; `await prompt.format(values)` works as well.
   *
   * @example
   * ```ts
   * import { ChatPromptTemplate } from 'rx-runnables/models';
   *
   * ChatPromptTemplate.fromMessages([['system', 'Be brief.'], ['human', '{q}']]).format({ q: 'Why?' });
   * // 'System: Be brief.\nHuman: Why?'
   * ```
   */
  format(values: PromptValues): string {
    return this.formatPromptValue(values).toString();
  }

  protected override transform(
    input$: Observable<PromptValues>,
    _ctx: RunContext,
  ): Observable<ChatPromptValue> {
    return collect(input$).pipe(
      mergeMap((input) => resolveVariablesAsync(asValues(input, this.name), this.partialVariables)),
      map((resolved) => new ChatPromptValue(this.#render(resolved))),
    );
  }
}

keepClassName(ChatPromptTemplate, 'ChatPromptTemplate');
