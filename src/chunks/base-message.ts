/**
 * The base class of chat messages.
 * @module
 */
import { formatMessage } from './format-message';
import type { ContentBlock, MessageContent, MessageType, Metadata } from './types';

const MESSAGE_BRAND = Symbol.for('rx-runnables.message');
const EMPTY: Metadata = Object.freeze({});

/** Fields shared by every message. */
export interface BaseMessageFields {
  /** Text, or a list of content blocks. Defaults to `''`. */
  content?: MessageContent;
  /** A provider- or caller-assigned message id. */
  id?: string;
  /** An optional participant name. */
  name?: string;
  /** Provider-specific extras that are part of the message (raw, snake_case as received). */
  additionalKwargs?: Metadata;
  /** Provider-specific data about the response (model name, finish reason, …). */
  responseMetadata?: Metadata;
}

/** Input accepted by message constructors: content alone, or a fields object. */
export type MessageInit<F extends BaseMessageFields> = MessageContent | F;

/**
 * The text of message content: the string itself, or its text blocks joined.
 *
 * @example
 * ```ts
 * contentText([{ type: 'text', text: 'a' }, { type: 'image', url: 'u' }, { type: 'text', text: 'b' }]); // 'ab'
 * ```
 */
export function contentText(content: MessageContent): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const block of content as readonly ContentBlock[]) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
  }
  return text;
}

/** Normalises constructor input into a fields object. */
export function toFields<F extends BaseMessageFields>(init: MessageInit<F> | undefined): F {
  if (init === undefined) return {} as F;
  if (typeof init === 'string' || Array.isArray(init)) return { content: init } as F;
  return init as F;
}

/**
 * A chat message: `content` plus metadata, with a `type` naming its role
 * (`'human' | 'system' | 'ai' | 'tool'`). Messages are immutable values.
 *
 * @example
 * ```ts
 * const m = new HumanMessage('What is RxJS?');
 * m.type; // 'human'
 * m.text; // 'What is RxJS?'
 * BaseMessage.isInstance(m); // true
 * ```
 */
export abstract class BaseMessage {
  abstract get type(): MessageType;
  readonly content: MessageContent;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly additionalKwargs: Metadata;
  readonly responseMetadata: Metadata;

  constructor(fields: BaseMessageFields) {
    this.content = fields.content ?? '';
    this.id = fields.id;
    this.name = fields.name;
    this.additionalKwargs = fields.additionalKwargs ?? EMPTY;
    this.responseMetadata = fields.responseMetadata ?? EMPTY;
  }

  /** The text of the message: `content` if a string, else its text blocks joined. */
  get text(): string {
    return contentText(this.content);
  }

  /** Read-only LangChain.js alias of {@link BaseMessage.additionalKwargs}. */
  get additional_kwargs(): Metadata {
    return this.additionalKwargs;
  }

  /** Read-only LangChain.js alias of {@link BaseMessage.responseMetadata}. */
  get response_metadata(): Metadata {
    return this.responseMetadata;
  }

  /**
   * The message as readable text (LangChain's `toFormattedString()`): a title line such as
   * `=== Human Message ===` (80 characters), an AI message's tool calls or a tool message's
   * name, then the text. `'json'` gives `JSON.stringify(message)`.
   *
   * @example
   * ```ts
   * import { HumanMessage } from 'rx-runnables/chunks';
   * console.log(new HumanMessage('Hi').toFormattedString());
   * ```
   */
  toFormattedString(format: 'pretty' | 'json' = 'pretty'): string {
    return format === 'json' ? JSON.stringify(this) : formatMessage(this);
  }

  /** The role, as LangChain's `_getType()` returns it. */
  getType(): MessageType {
    return this.type;
  }

  /** A plain JSON form (`type` included) that {@link messageFromJSON} turns back into a message. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { type: this.type, content: this.content };
    if (this.id !== undefined) out.id = this.id;
    if (this.name !== undefined) out.name = this.name;
    if (Object.keys(this.additionalKwargs).length > 0) out.additionalKwargs = this.additionalKwargs;
    if (Object.keys(this.responseMetadata).length > 0) out.responseMetadata = this.responseMetadata;
    return out;
  }

  /**
   * True for any rx-runnables message, even one from another copy of the package.
   *
   * @example
   * ```ts
   * BaseMessage.isInstance(new AIMessage('hi')); // true
   * BaseMessage.isInstance({ content: 'hi' }); // false
   * ```
   */
  static isInstance(value: unknown): value is BaseMessage {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [MESSAGE_BRAND]?: unknown })[MESSAGE_BRAND] === true
    );
  }

  declare readonly [MESSAGE_BRAND]: true;
}

Object.defineProperty(BaseMessage.prototype, MESSAGE_BRAND, { value: true });
