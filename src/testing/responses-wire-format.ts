/**
 * Builds the OpenAI Responses API wire format (`POST /v1/responses`: the streamed events as
 * `event:`/`data:` SSE, or one `response` object) from a scripted reply. Internal to the
 * loopback server (not re-exported).
 * @internal
 * @module
 */
import type {
  ResponseObject,
  ResponseOutputItem,
  ResponseStreamEvent,
} from '../runs/responses-types';
import type { ResponsesRequestBody, ScriptedResponse } from './openai-server-types';
import {
  argsFragments,
  contentDeltas,
  countWords,
  scriptedSteps,
  scriptedUsage,
  toolCallId,
} from './openai-wire-format';
import type { ModelWireFormat, StreamStep, WireMeta } from './openai-wire-format';

/** An event before its `sequence_number` is given (numbers count from 0 over the stream). */
type Unnumbered<E> = E extends unknown ? Omit<E, 'sequence_number'> : never;
type Event = Unnumbered<ResponseStreamEvent>;

/** Words of the request's instructions and input text (the stand-in for input tokens). */
function inputWords(body: ResponsesRequestBody): number {
  let words = typeof body.instructions === 'string' ? countWords(body.instructions) : 0;
  const input = body.input;
  if (typeof input === 'string') return words + countWords(input);
  for (const item of input ?? []) {
    const content: unknown = item.content;
    if (typeof content === 'string') words += countWords(content);
    else if (Array.isArray(content)) {
      for (const part of content as { text?: unknown }[]) {
        if (typeof part.text === 'string') words += countWords(part.text);
      }
    }
  }
  return words;
}

/** The output items of a reply, each with the events that stream it. */
function outputOf(reply: ScriptedResponse, meta: WireMeta) {
  const items: ResponseOutputItem[] = [];
  const events: Event[] = [];
  let deltas = 0;
  const text = contentDeltas(reply.content);
  if (text.length > 0) {
    const whole = text.join('');
    const id = `msg_${meta.id}`;
    const at = { item_id: id, output_index: 0, content_index: 0 };
    const part = { type: 'output_text' as const, text: whole, annotations: [] };
    const item: ResponseOutputItem = {
      type: 'message',
      id,
      role: 'assistant',
      status: 'completed',
      content: [part],
    };
    events.push(
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { ...item, status: 'in_progress', content: [] },
      },
      { type: 'response.content_part.added', ...at, part: { ...part, text: '' } },
      ...text.map((delta): Event => ({
        type: 'response.output_text.delta',
        ...at,
        delta,
        logprobs: [],
      })),
      { type: 'response.output_text.done', ...at, text: whole, logprobs: [] },
      { type: 'response.content_part.done', ...at, part },
      { type: 'response.output_item.done', output_index: 0, item },
    );
    items.push(item);
    deltas += text.length;
  }
  (reply.toolCalls ?? []).forEach((call, n) => {
    const fragments = argsFragments(call, reply.argsFragments ?? 3);
    const callId = toolCallId(call, n);
    const index = items.length;
    const item: ResponseOutputItem = {
      type: 'function_call',
      id: `fc_${callId}`,
      call_id: callId,
      name: call.name,
      arguments: fragments.join(''),
      status: 'completed',
    };
    const at = { item_id: item.id, output_index: index };
    events.push(
      {
        type: 'response.output_item.added',
        output_index: index,
        item: { ...item, arguments: '', status: 'in_progress' },
      },
      ...fragments.map((delta): Event => ({
        type: 'response.function_call_arguments.delta',
        ...at,
        delta,
      })),
      {
        type: 'response.function_call_arguments.done',
        ...at,
        name: call.name,
        arguments: item.arguments,
      },
      { type: 'response.output_item.done', output_index: index, item },
    );
    items.push(item);
    deltas += fragments.length + 1;
  });
  return { items, events, deltas };
}

/**
 * The `response` object of a reply: `status: 'completed'` with its output items and usage
 * (the answer to a request without `stream`, and the payload of `response.completed`).
 */
export function buildResponse(
  reply: ScriptedResponse,
  body: ResponsesRequestBody,
  meta: WireMeta,
): ResponseObject {
  const { items, deltas } = outputOf(reply, meta);
  const usage = scriptedUsage(reply, inputWords(body), deltas);
  return {
    ...responseHead(meta, 'completed'),
    output: items,
    usage: {
      input_tokens: usage.promptTokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: usage.completionTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.promptTokens + usage.completionTokens,
    },
  };
}

function responseHead(meta: WireMeta, status: ResponseObject['status']): ResponseObject {
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.created,
    status,
    model: meta.model,
    output: [],
    error: null,
    incomplete_details: null,
    // OpenAI's values for a request that sets none of them.
    instructions: null,
    metadata: {},
    parallel_tool_calls: true,
    temperature: 1,
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    usage: null,
  };
}

/** One event as OpenAI sends it: `event: <type>` and its JSON (`sequence_number` set). */
function frame(event: Event, sequence: number): string {
  return `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence })}\n\n`;
}

/**
 * The steps of a streamed reply: `response.created`, `response.in_progress`, the items' events
 * (text deltas, then each tool call's argument fragments), `response.completed`; the scripted
 * failure applied (`failAfterChunks` counts the item events).
 */
export function buildResponsesStreamSteps(
  reply: ScriptedResponse,
  body: ResponsesRequestBody,
  meta: WireMeta,
): StreamStep[] {
  const { events } = outputOf(reply, meta);
  const open = responseHead(meta, 'in_progress');
  const all: Event[] = [
    { type: 'response.created', response: open },
    { type: 'response.in_progress', response: open },
    ...events,
    { type: 'response.completed', response: buildResponse(reply, body, meta) },
  ];
  const frames = all.map(frame);
  const broken = `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n`;
  return scriptedSteps(reply, {
    head: frames.slice(0, 2),
    body: frames.slice(2, -1),
    tail: frames.slice(-1),
    broken,
  });
}

/** The Responses API route (`POST /v1/responses`). */
export const RESPONSES_WIRE: ModelWireFormat = {
  idPrefix: 'resp_rx',
  streamSteps: buildResponsesStreamSteps,
  object: buildResponse,
};
