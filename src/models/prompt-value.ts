/**
 * Prompt values: what prompt templates emit, readable as messages or as one string.
 * @module
 */
import { HumanMessage, coerceMessageLike } from '../chunks';
import type { BaseMessage, ContentBlock, MessageLike, ToolCall } from '../chunks';

const ROLE_LABELS: Record<string, string> = {
  human: 'Human',
  system: 'System',
  ai: 'AI',
  tool: 'Tool',
};

/** How a content block reads in a transcript: its text, or a short `[image]`-like mark. */
function blockText(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text ?? '';
    case 'text-plain':
      return block.text ?? '[text-plain file]';
    case 'image':
    case 'image_url':
      return '[image]';
    case 'audio':
    case 'input_audio':
      return '[audio]';
    case 'video':
      return '[video]';
    case 'file':
      return '[file]';
    case 'reasoning':
    case 'tool_call':
    case 'tool_call_chunk':
    case 'invalid_tool_call':
    case 'server_tool_call':
    case 'server_tool_call_chunk':
    case 'server_tool_call_result':
    case 'non_standard':
      return '';
    default:
      return block.type ? `[${block.type}]` : '';
  }
}

const ID_LIMIT = 64;

/** Tool calls as a transcript shows them, very long ids cut (as LangChain.js does). */
function toolCallsText(calls: readonly ToolCall[]): string {
  const long = calls.some((call) => (call.id?.length ?? 0) > ID_LIMIT);
  const shown = long
    ? calls.map((call) =>
        call.id && call.id.length > ID_LIMIT
          ? { ...call, id: `${call.id.slice(0, ID_LIMIT)}...` }
          : call,
      )
    : calls;
  return JSON.stringify(shown);
}

/** One transcript line: `Role: name, content`, plus an AI message's tool calls as JSON. */
function transcriptLine(message: BaseMessage): string {
  const role = ROLE_LABELS[message.type] ?? message.type;
  const name = message.name ? `${message.name}, ` : '';
  const content =
    typeof message.content === 'string' ? message.content : message.content.map(blockText).join('');
  let line = `${role}: ${name}${content}`;
  if (message.type === 'ai') {
    const calls = (message as BaseMessage & { toolCalls: readonly ToolCall[] }).toolCalls;
    if (calls.length > 0) line += toolCallsText(calls);
    else if ('function_call' in message.additionalKwargs) {
      line += JSON.stringify(message.additionalKwargs.function_call);
    }
  }
  return line;
}

/**
 * The output of a {@link PromptTemplate}: one string, or one human message for a chat model.
 *
 * @example
 * ```ts
 * const value = new StringPromptValue('Tell me a joke');
 * value.toString(); // 'Tell me a joke'
 * value.toChatMessages(); // [HumanMessage { content: 'Tell me a joke' }]
 * ```
 */
export class StringPromptValue {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }

  toChatMessages(): BaseMessage[] {
    return [new HumanMessage(this.value)];
  }
}

/**
 * The output of a {@link ChatPromptTemplate}: a list of messages (built from message-likes:
 * `{ role, content }` objects, `[role, content]` tuples and strings are read as a chat model
 * reads them). As a string it is a transcript, exactly as LangChain.js's `getBufferString`
 * writes one: a line per message, `System: …`, `Human: name, …`, `AI: …` followed by its tool
 * calls as JSON; non-text blocks show as `[image]`, `[audio]`, ….
 *
 * @example
 * ```ts
 * import { SystemMessage } from 'rx-runnables/chunks';
 * import { ChatPromptValue } from 'rx-runnables/models';
 *
 * const value = new ChatPromptValue([new SystemMessage('Be brief'), ['human', 'Hi']]);
 * value.toString(); // 'System: Be brief\nHuman: Hi'
 * ```
 */
export class ChatPromptValue {
  readonly messages: readonly BaseMessage[];

  constructor(messages: readonly MessageLike[]) {
    this.messages = messages.map((message: unknown, index) =>
      coerceMessageLike(message, { index }),
    );
  }

  toString(): string {
    return this.messages.map(transcriptLine).join('\n');
  }

  toChatMessages(): BaseMessage[] {
    return [...this.messages];
  }
}
