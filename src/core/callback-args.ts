/**
 * The argument shapes LangChain's callback manager passes to handlers (and its log stream
 * records), built from our events' data without importing LangChain.
 * @module
 */

/** LangChain's serialized form of a step that cannot be serialized (`not_implemented`). */
export interface SerializedStep {
  readonly lc: 1;
  readonly type: 'not_implemented';
  readonly id: readonly string[];
}

/** The `serialized` argument of a start callback for the step named `name`. @internal */
export function serialized(name: string): SerializedStep {
  return { lc: 1, type: 'not_implemented', id: ['rx_runnables', name] };
}

/**
 * LangChain's `_coerceToDict`: an object stays as it is; anything else (a string, an array,
 * undefined) becomes `{ [key]: value }`. @internal
 */
export function coerceToDict(value: unknown, key: string): unknown {
  return value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date)
    ? value
    : { [key]: value };
}

/** Chain steps that report their own input and output, not through LangChain's transform tap. */
const OWN_REPORTING: ReadonlySet<string> = new Set([
  'RunnableSequence',
  'RunnableBranch',
  'RunnableWithFallbacks',
  'RunnableRetry',
  'RunnableRouter',
]);

/**
 * True for the steps whose streamed run LangChain starts with `{ input: '' }` and ends with the
 * raw output and `{ inputs }` (steps that stream their input: parsers, lambdas, passthroughs,
 * maps). @internal
 */
export function deferredStart(kind: string, name: string): boolean {
  return kind === 'parser' || (kind === 'chain' && !OWN_REPORTING.has(name));
}

/** The text of a chunk or message: a string, its `text`, or its string `content`. @internal */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return '';
  const { text, content } = value as { text?: unknown; content?: unknown };
  if (typeof text === 'string') return text;
  return typeof content === 'string' ? content : '';
}

const ROLES: Readonly<Record<string, string>> = {
  human: 'Human',
  ai: 'AI',
  system: 'System',
  tool: 'Tool',
  function: 'Function',
};

/** LangChain's `getBufferString` of one list of messages (`Human: hi\nAI: …`). @internal */
export function promptText(messages: readonly unknown[]): string {
  return messages
    .map((message) => {
      const type = (message as { type?: unknown }).type;
      const role = typeof type === 'string' ? (ROLES[type] ?? type) : 'Human';
      return `${role}: ${textOf(message)}`;
    })
    .join('\n');
}

/** A chat generation chunk as LangChain's handlers get it: `{ text, message }`. @internal */
export function chatGeneration(chunk: unknown): { text: string; message: unknown } {
  return { text: textOf(chunk), message: chunk };
}

/** A model's whole output as an `LLMResult`: `{ generations: [[…]], llmOutput }`. @internal */
export function llmResult(output: unknown, chat: boolean): { generations: unknown[][] } {
  const text = textOf(output);
  const generation = chat
    ? { text, generationInfo: {}, message: output }
    : { text, generationInfo: {} };
  return { generations: [[generation]], llmOutput: undefined } as { generations: unknown[][] };
}

/** A retriever's query: its input, or the `query` its start event reports. @internal */
export function queryOf(input: unknown): string {
  if (typeof input === 'string') return input;
  const query = (input as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' ? query : textOf(input);
}

/**
 * The message lists a chat model's start reports (`[[…]]`): its `{ messages }` below the root,
 * or, at the root, the messages of its input (a prompt value, a list, a string as a human turn).
 * @internal
 */
export function messageGroups(input: unknown): unknown[][] {
  if (typeof input === 'string') return [[{ type: 'human', content: input, text: input }]];
  if (Array.isArray(input)) return [input];
  if (input === null || typeof input !== 'object') return [[]];
  const { messages, toChatMessages } = input as { messages?: unknown; toChatMessages?: unknown };
  if (typeof toChatMessages === 'function')
    return [(toChatMessages as () => unknown[]).call(input)];
  if (Array.isArray(messages)) {
    return messages.every(Array.isArray) ? (messages as unknown[][]) : [messages as unknown[]];
  }
  return [[input]];
}
