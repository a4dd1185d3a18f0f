/**
 * Builds the OpenAI chat completions wire format (`chat.completion.chunk`, `chat.completion`,
 * error bodies) from a scripted reply. Internal to the loopback server (not re-exported).
 * @internal
 * @module
 */
import type {
  ChatCompletionRequestBody,
  ResponsesRequestBody,
  ScriptedResponse,
  ScriptedToolCall,
  ScriptedUsage,
} from './openai-server-types';

/** A JSON object as sent on the wire. */
export type WireObject = Record<string, unknown>;

/** A step of a streamed answer: SSE text to write, or how the answer ends. */
export type StreamStep = string | { end: 'done' | 'cut' | 'stall' };

/** Everything a streamed reply is made of, split so the server can fail between the parts. */
export interface WireStream {
  /** The first chunk: `delta.role = 'assistant'` (unless the reply's `role` says otherwise). */
  head: WireObject;
  /** Content deltas, then tool-call fragments. */
  body: WireObject[];
  /** The chunk carrying `finish_reason`. */
  finish: WireObject;
  /** The usage-only chunk (`choices: []`), sent when `stream_options.include_usage` is set. */
  usage: WireObject;
}

/** Identity fields shared by every chunk of one reply. */
export interface WireMeta {
  id: string;
  created: number;
  model: string;
}

/** How one route of the server answers: the id prefix, the streamed steps, the JSON object. */
export interface ModelWireFormat {
  /** The prefix of reply ids (`chatcmpl-rx`, `resp_rx`), followed by the request number. */
  idPrefix: string;
  /** The steps of a streamed reply (`stream: true`), failure included. */
  streamSteps(
    reply: ScriptedResponse,
    body: ChatCompletionRequestBody | ResponsesRequestBody,
    meta: WireMeta,
  ): StreamStep[];
  /** The one JSON object answering a request without `stream`. */
  object(
    reply: ScriptedResponse,
    body: ChatCompletionRequestBody | ResponsesRequestBody,
    meta: WireMeta,
  ): unknown;
}

/** Splits `text` into `count` pieces of near-equal length (no empty piece unless text is ''). */
export function splitIntoFragments(text: string, count: number): string[] {
  const n = Math.max(1, Math.min(Math.floor(count), text.length || 1));
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

/** The content deltas of a reply: an array as is, a string split after each space. */
export function contentDeltas(content: string | string[] | undefined): string[] {
  if (content === undefined || content === '') return [];
  if (Array.isArray(content)) return content;
  return content.match(/\S+\s*|\s+/g) ?? [content];
}

/** The argument fragments of a scripted tool call (an array as is, else `count` pieces). */
export function argsFragments(call: ScriptedToolCall, count: number): string[] {
  if (Array.isArray(call.args)) return call.args;
  const json = typeof call.args === 'string' ? call.args : JSON.stringify(call.args);
  return splitIntoFragments(json, count);
}

/** The id of the `index`-th scripted tool call (`call_<n>` unless scripted). */
export function toolCallId(call: ScriptedToolCall, index: number): string {
  return call.id ?? `call_${index + 1}`;
}

/** The number of words in `text` (the loopback server's stand-in for tokens). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The reply's usage, else prompt words and the number of output chunks. */
export function scriptedUsage(
  reply: ScriptedResponse,
  promptWords: number,
  chunks: number,
): ScriptedUsage {
  return reply.usage ?? { promptTokens: promptWords, completionTokens: chunks };
}

function usageOf(
  reply: ScriptedResponse,
  body: ChatCompletionRequestBody,
  chunks: number,
): WireObject {
  let words = 0;
  for (const message of body.messages ?? []) {
    if (typeof message.content === 'string') words += countWords(message.content);
  }
  const usage = scriptedUsage(reply, words, chunks);
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

function finishReasonOf(reply: ScriptedResponse): string {
  return reply.finishReason ?? ((reply.toolCalls?.length ?? 0) > 0 ? 'tool_calls' : 'stop');
}

function chunk(
  meta: WireMeta,
  choices: WireObject[],
  usage: WireObject | null | undefined,
): WireObject {
  const out: WireObject = {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    system_fingerprint: 'fp_rx_loopback',
    choices,
  };
  if (usage !== undefined) out.usage = usage;
  return out;
}

function choice(delta: WireObject, finishReason: string | null = null): WireObject {
  return { index: 0, delta, logprobs: null, finish_reason: finishReason };
}

/** The deltas with `role` placed as the reply's `role` says (the head is `deltas[0]`). */
function placeRole(deltas: WireObject[], role: ScriptedResponse['role']): WireObject[] {
  if (role === undefined || role === 'first') return deltas;
  return deltas.map((delta, i) => {
    const { role: _role, ...rest } = delta;
    if (role === 'null') return { role: null, ...rest };
    if (role === 'later' && i === 1) return { role: 'assistant', ...rest };
    return rest;
  });
}

/** Builds the chunks of a streamed reply. */
export function buildWireStream(
  reply: ScriptedResponse,
  body: ChatCompletionRequestBody,
  meta: WireMeta,
): WireStream {
  const includeUsage = body.stream_options?.include_usage === true;
  // With include_usage, OpenAI sends `usage: null` on every chunk but the last one.
  const noUsage = includeUsage ? null : undefined;
  const deltas: WireObject[] = contentDeltas(reply.content).map((content) => ({ content }));
  (reply.toolCalls ?? []).forEach((call, index) => {
    const fragments = argsFragments(call, reply.argsFragments ?? 3);
    deltas.push({
      tool_calls: [
        {
          index,
          id: toolCallId(call, index),
          type: 'function',
          function: { name: call.name, arguments: '' },
        },
      ],
    });
    for (const fragment of fragments) {
      deltas.push({ tool_calls: [{ index, function: { arguments: fragment } }] });
    }
  });
  const [head, ...rest] = placeRole(
    [{ role: 'assistant', content: '', refusal: null }, ...deltas],
    reply.role,
  ) as [WireObject, ...WireObject[]];
  return {
    head: chunk(meta, [choice(head)], noUsage),
    body: rest.map((delta) => chunk(meta, [choice(delta)], noUsage)),
    finish: chunk(meta, [choice({}, finishReasonOf(reply))], noUsage),
    usage: chunk(meta, [], usageOf(reply, body, deltas.length)),
  };
}

/** Builds the `chat.completion` object of a non-streamed reply. */
export function buildCompletion(
  reply: ScriptedResponse,
  body: ChatCompletionRequestBody,
  meta: WireMeta,
): WireObject {
  const deltas = contentDeltas(reply.content);
  const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
    id: toolCallId(call, index),
    type: 'function',
    function: { name: call.name, arguments: argsFragments(call, 1).join('') },
  }));
  const message: WireObject = { role: 'assistant', content: deltas.join(''), refusal: null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    system_fingerprint: 'fp_rx_loopback',
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasonOf(reply) }],
    usage: usageOf(reply, body, deltas.length + toolCalls.length),
  };
}

/** An OpenAI-shaped error body for an HTTP status. */
export function errorBody(status: number, message?: string): WireObject {
  const kinds: Record<number, [string, string]> = {
    400: ['invalid_request_error', 'invalid_request'],
    401: ['invalid_request_error', 'invalid_api_key'],
    404: ['invalid_request_error', 'not_found'],
    429: ['requests', 'rate_limit_exceeded'],
  };
  const [type, code] = kinds[status] ?? ['server_error', 'server_error'];
  return {
    error: {
      message: message ?? `Scripted failure with HTTP ${status}`,
      type,
      param: null,
      code,
    },
  };
}

/** Serializes one SSE `data:` event. */
export function sseData(payload: WireObject | string): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
}

/** The SSE frames of a streamed reply, before any failure is applied. */
export interface StreamFrames {
  /** Sent first (the role chunk; the Responses API's `response.created`, `.in_progress`). */
  head: string[];
  /** The content and tool-call frames: the "chunks" `failAfterChunks` counts. */
  body: string[];
  /** Sent after the body when nothing fails (the finish, usage and `[DONE]` frames). */
  tail: string[];
  /** The frame a `malformed-json` failure sends: a `data:` line that is not JSON. */
  broken: string;
}

/** The steps of a streamed reply made of `frames`, the reply's scripted failure applied. */
export function scriptedSteps(reply: ScriptedResponse, frames: StreamFrames): StreamStep[] {
  const { head, body, tail, broken } = frames;
  const fail = reply.fail;
  if (fail === 'stall') {
    const n = Math.max(0, reply.failAfterChunks ?? 0);
    if (n === 0) return [{ end: 'stall' }];
    return [...head, ...body.slice(0, n), { end: 'stall' }];
  }
  if (fail === 'no-terminator') {
    const sent = body.slice(0, Math.max(0, reply.failAfterChunks ?? body.length));
    return [...head, ...sent, { end: 'done' }];
  }
  if (fail === 'cut-mid-stream' || fail === 'malformed-json') {
    const half = body.length === 0 ? 0 : Math.max(1, Math.floor(body.length / 2));
    const sent = body.slice(0, Math.max(0, reply.failAfterChunks ?? half));
    if (fail === 'cut-mid-stream') return [...head, ...sent, { end: 'cut' }];
    return [...head, ...sent, broken, { end: 'done' }];
  }
  return [...head, ...body, ...tail, { end: 'done' }];
}

/** The steps of a streamed reply, the scripted failure included. */
export function buildStreamSteps(
  reply: ScriptedResponse,
  body: ChatCompletionRequestBody,
  meta: WireMeta,
): StreamStep[] {
  const wire = buildWireStream(reply, body, meta);
  const includeUsage = body.stream_options?.include_usage === true;
  return scriptedSteps(reply, {
    head: [sseData(wire.head)],
    body: wire.body.map(sseData),
    tail: [sseData(wire.finish), ...(includeUsage ? [sseData(wire.usage)] : []), sseData('[DONE]')],
    broken: sseData(
      `{"id":"${meta.id}","object":"chat.completion.chunk","choices":[{"delta":{"content":`,
    ),
  });
}

/** The chat completions route (`POST /v1/chat/completions`). */
export const CHAT_COMPLETIONS_WIRE: ModelWireFormat = {
  idPrefix: 'chatcmpl-rx',
  streamSteps: buildStreamSteps,
  object: buildCompletion,
};
