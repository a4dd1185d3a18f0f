/**
 * Plain message-likes — OpenAI `{ role, content }` objects, LangChain `{ type, content }`
 * objects, `[role, content]` tuples and serialized LangChain messages — read into LangChain's
 * snake_case message fields, which the foreign-message conversion turns into our classes.
 * @internal
 * @module
 */
import type { InvalidToolCall, ToolCall } from './types';

type Rec = Record<string, unknown>;

/** A plain message-like read: the LangChain message type and its snake_case fields. */
export interface PlainMessageLike {
  readonly role: string;
  readonly fields: Rec;
}

/** Roles as OpenAI and LangChain write them, mapped to LangChain's message types. */
const ROLE_TYPES: Readonly<Record<string, string>> = {
  human: 'human',
  user: 'human',
  ai: 'ai',
  assistant: 'ai',
  system: 'system',
  developer: 'developer',
  tool: 'tool',
};

/** Class names of serialized LangChain messages (`{ lc: 1, type: 'constructor', id, kwargs }`). */
const CLASS_TYPES: Readonly<Record<string, string>> = {
  HumanMessage: 'human',
  HumanMessageChunk: 'human',
  AIMessage: 'ai',
  AIMessageChunk: 'ai',
  SystemMessage: 'system',
  SystemMessageChunk: 'system',
  ToolMessage: 'tool',
  ToolMessageChunk: 'tool',
};

const ROLE_NAMES = 'user, assistant, system, developer, tool (or human, ai)';

const isRecord = (value: unknown): value is Rec =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An OpenAI tool call (`{ id, type: 'function', function: { name, arguments } }`) as ours, keys in
 * LangChain.js's order (transcripts print them).
 */
function fromOpenAIToolCall(call: Rec, fn: Rec): ToolCall | InvalidToolCall | string {
  if (typeof fn.name !== 'string') return 'its function has no name';
  const raw = fn.arguments;
  const id = typeof call.id === 'string' ? { id: call.id } : {};
  if (isRecord(raw)) return { ...id, args: raw, name: fn.name, type: 'tool_call' };
  if (typeof raw !== 'string') return 'its function.arguments is not a JSON string';
  let error: string;
  try {
    const args: unknown = JSON.parse(raw === '' ? '{}' : raw);
    if (isRecord(args)) return { ...id, args, name: fn.name, type: 'tool_call' };
    error = 'Tool call arguments are not a JSON object';
  } catch (cause) {
    error = `Tool call arguments are not valid JSON: ${(cause as Error).message}`;
  }
  return { name: fn.name, args: raw, ...id, error, type: 'invalid_tool_call' };
}

/** Splits `tool_calls` (OpenAI's or LangChain's shape) into valid and invalid calls. */
function readToolCalls(fields: Rec): string | undefined {
  const calls = fields.tool_calls;
  if (calls === undefined || calls === null) return undefined;
  if (!Array.isArray(calls)) return 'tool_calls is not a list';
  const valid: ToolCall[] = [];
  const invalid: InvalidToolCall[] = Array.isArray(fields.invalid_tool_calls)
    ? [...(fields.invalid_tool_calls as InvalidToolCall[])]
    : [];
  for (let i = 0; i < calls.length; i++) {
    const call: unknown = calls[i];
    if (!isRecord(call)) return `tool_calls[${i}] is not an object`;
    let read: ToolCall | InvalidToolCall | string;
    if (call.type === 'function' && isRecord(call.function)) {
      read = fromOpenAIToolCall(call, call.function);
    } else if (typeof call.name === 'string' && isRecord(call.args)) {
      read = { ...call, type: 'tool_call' } as ToolCall;
    } else {
      read =
        'it is neither an OpenAI tool call ({ id, type: "function", function: { name, arguments } })' +
        ' nor a LangChain one ({ name, args, id })';
    }
    if (typeof read === 'string') return `tool_calls[${i}]: ${read}`;
    if (read.type === 'invalid_tool_call') invalid.push(read);
    else valid.push(read as ToolCall);
  }
  fields.tool_calls = valid;
  fields.invalid_tool_calls = invalid;
  return undefined;
}

/** Checks and normalises the fields of a message-like of a known type (in place, on a copy). */
function normalise(type: string, fields: Rec): PlainMessageLike | string {
  const content = fields.content;
  if (content === undefined || content === null) {
    // OpenAI sends `content: null` on an assistant message that only calls tools.
    if (type !== 'ai') return `a ${type} message needs content (a string or content blocks)`;
    fields.content = '';
  } else if (typeof content !== 'string' && !Array.isArray(content)) {
    return 'content must be a string or a list of content blocks';
  }
  for (const key of ['additional_kwargs', 'response_metadata'] as const) {
    if (fields[key] !== undefined && !isRecord(fields[key])) return `${key} is not an object`;
  }
  if (type === 'tool' && typeof fields.tool_call_id !== 'string') {
    return 'a tool message needs a tool_call_id (the id of the call it answers)';
  }
  if (type === 'developer') {
    // As LangChain does: a system message that remembers it was OpenAI's developer role.
    fields.additional_kwargs = {
      ...(fields.additional_kwargs as Rec | undefined),
      __openai_role__: 'developer',
    };
  }
  if (type === 'ai') {
    const problem = readToolCalls(fields);
    if (problem !== undefined) return problem;
  }
  return { role: type, fields };
}

function fromTuple(tuple: readonly unknown[]): PlainMessageLike | string | undefined {
  if (tuple.length !== 2 || typeof tuple[0] !== 'string') return undefined;
  const type = ROLE_TYPES[tuple[0]];
  if (type === undefined) {
    return `unknown role ${JSON.stringify(tuple[0])} in a [role, content] tuple: expected ${ROLE_NAMES}`;
  }
  return normalise(type, { content: tuple[1] });
}

/**
 * Reads a plain message-like. Returns `undefined` when `value` does not look like a message at
 * all, a string describing the problem when it does but is malformed (unknown role, a tool
 * message without `tool_call_id`, …), else the LangChain type and snake_case fields (a copy).
 */
export function readPlainMessageLike(value: unknown): PlainMessageLike | string | undefined {
  if (Array.isArray(value)) return fromTuple(value);
  if (!isRecord(value)) return undefined;
  if (value.lc === 1 && value.type === 'constructor' && Array.isArray(value.id)) {
    const className = (value.id as unknown[]).at(-1);
    const type = typeof className === 'string' ? CLASS_TYPES[className] : undefined;
    if (type === undefined)
      return `serialized ${String(className)} has no rx-runnables counterpart`;
    if (!isRecord(value.kwargs)) return 'serialized message has no kwargs';
    return normalise(type, { ...value.kwargs });
  }
  const named =
    typeof value.role === 'string'
      ? value.role
      : typeof value.type === 'string' && 'content' in value
        ? value.type
        : undefined;
  if (named === undefined) return undefined;
  const type = ROLE_TYPES[named];
  if (type === undefined) {
    // An unknown `role` is a malformed message; an unknown `type` (a function message, or data
    // that merely has `type` and `content`) is no message of ours.
    if (typeof value.role !== 'string') return undefined;
    return `unknown role ${JSON.stringify(named)}: expected ${ROLE_NAMES}`;
  }
  const { role: _role, type: _type, ...fields } = value;
  return normalise(type, fields);
}
