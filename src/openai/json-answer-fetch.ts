/**
 * A `fetch` wrapper that turns a plain JSON answer to a stream request into an event stream.
 * @internal
 * @module
 */

/** The `fetch` signature the OpenAI SDK calls. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

type Rec = Record<string, unknown>;
const isRecord = (value: unknown): value is Rec => typeof value === 'object' && value !== null;

function asksForStream(init: RequestInit | undefined): boolean {
  if (typeof init?.body !== 'string' || !init.body.includes('"stream"')) return false;
  try {
    const body: unknown = JSON.parse(init.body);
    return isRecord(body) && body.stream === true;
  } catch {
    return false;
  }
}

/** The `chat.completion.chunk` events that say what one `chat.completion` object says. */
function completionToSse(completion: Rec): string {
  const { choices, usage, object: _object, ...meta } = completion;
  const base = { ...meta, object: 'chat.completion.chunk' };
  const events: Rec[] = [];
  for (const [i, choice] of (Array.isArray(choices) ? (choices as unknown[]) : []).entries()) {
    if (!isRecord(choice)) continue;
    const message = isRecord(choice.message) ? choice.message : {};
    const delta: Rec = { ...message, role: message.role ?? 'assistant' };
    if (Array.isArray(message.tool_calls)) {
      delta.tool_calls = (message.tool_calls as unknown[]).map((call, index) =>
        isRecord(call) ? { index, ...call } : call,
      );
    }
    const index = typeof choice.index === 'number' ? choice.index : i;
    events.push({ ...base, choices: [{ index, delta, finish_reason: null }] });
    events.push({
      ...base,
      choices: [{ index, delta: {}, finish_reason: choice.finish_reason ?? 'stop' }],
    });
  }
  if (isRecord(usage)) events.push({ ...base, choices: [], usage });
  return `${events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`;
}

/**
 * Wraps `fetch` so that a server answering a `stream: true` chat completions request with one
 * plain `chat.completion` JSON object (some proxies and servers do) still yields the message: the
 * object is replayed as the equivalent `chat.completion.chunk` events (a delta with the whole
 * content and tool calls, the `finish_reason`, the usage) and `[DONE]`. Every other answer, and
 * every request that does not ask for a stream, passes through untouched.
 * @internal
 */
export function jsonAnswerFetch(inner: FetchLike = (input, init) => fetch(input, init)): FetchLike {
  return async (input, init) => {
    const response = await inner(input, init);
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !/\bjson\b/i.test(type) || !asksForStream(init)) return response;
    const text = await response.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    const completion = isRecord(value) && value.object === 'chat.completion' ? value : undefined;
    if (completion === undefined) {
      return new Response(text, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }
    headers.set('content-type', 'text/event-stream; charset=utf-8');
    return new Response(completionToSse(completion), {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
