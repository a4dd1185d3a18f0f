/**
 * Types of the OpenAI-compatible loopback server: scripted replies and what the server recorded.
 * @module
 */

/** A tool call the scripted model makes; its arguments are streamed in fragments. */
export interface ScriptedToolCall {
  /** The tool call id sent to the client (default `call_<n>`). */
  id?: string;
  /** The name of the function to call. */
  name: string;
  /**
   * The arguments: an object (serialized to JSON), a JSON string, or the exact fragments to send.
   * A string or object is cut into `argsFragments` pieces.
   */
  args: Record<string, unknown> | string | string[];
}

/** Token counts reported in the usage chunk (or the `usage` field of a non-streamed reply). */
export interface ScriptedUsage {
  promptTokens: number;
  completionTokens: number;
}

/** An HTTP error answer: the status and (optionally) the JSON body and a `Retry-After`. */
export interface ScriptedHttpFailure {
  status: number;
  /** The JSON body; default an OpenAI-shaped `{ error: { message, type, code } }`. */
  body?: unknown;
  /**
   * The `Retry-After` header: a number of seconds, or a string sent as is (an HTTP date such as
   * `new Date(Date.now() + 2_000).toUTCString()`).
   */
  retryAfter?: number | string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/**
 * How a scripted reply fails:
 * - an HTTP error before any chunk (a {@link ScriptedHttpFailure});
 * - `'cut-mid-stream'`: the connection is destroyed after `failAfterChunks` chunks;
 * - `'malformed-json'`: a `data:` line that is not JSON after `failAfterChunks` chunks;
 * - `'stall'`: the status and headers are sent, then (after `failAfterChunks` chunks, default
 *   none: not even the role chunk) nothing more, with the connection kept open;
 * - `'no-terminator'`: the chunks (all, or `failAfterChunks`) are sent and the response ends
 *   cleanly with no `finish_reason` chunk, no usage chunk and no `data: [DONE]`;
 * - `'empty-body'`: HTTP 200 with an empty body (`content-length: 0`);
 * - `'json-body'`: a plain `chat.completion` JSON object, even to a `stream: true` request.
 */
export type ScriptedFailure =
  | ScriptedHttpFailure
  | 'cut-mid-stream'
  | 'malformed-json'
  | 'stall'
  | 'no-terminator'
  | 'empty-body'
  | 'json-body';

/**
 * Where a streamed reply puts `delta.role`: `'first'` (default, OpenAI's way: on the first chunk
 * only), `'omitted'` (on no chunk), `'null'` (`role: null` on the first chunk and every content
 * or tool chunk) or `'later'` (not on the first chunk, on the second one). Servers that stream
 * role-less deltas exist.
 */
export type ScriptedRole = 'first' | 'omitted' | 'null' | 'later';

/**
 * One scripted answer of the server.
 *
 * @example
 * ```ts
 * const reply: ScriptedResponse = {
 *   content: ['Hel', 'lo'],
 *   toolCalls: [{ name: 'search', args: { query: 'rx' } }],
 *   usage: { promptTokens: 12, completionTokens: 3 },
 * };
 * ```
 */
export interface ScriptedResponse {
  /** The text; an array gives the exact deltas, a string is split into words. Default `''`. */
  content?: string | string[];
  /** Tool calls streamed after the content, each with fragmented arguments. */
  toolCalls?: ScriptedToolCall[];
  /** How many fragments a string or object `args` is cut into (default 3). */
  argsFragments?: number;
  /** Token usage (default: prompt words and the number of chunks). */
  usage?: ScriptedUsage;
  /** Milliseconds to wait before each chunk after the first (default 0). */
  delayMs?: number;
  /** The model name in the reply (default: the request's `model`). */
  model?: string;
  /** The `finish_reason` (default `tool_calls` when there are tool calls, else `stop`). */
  finishReason?: string;
  /** Where `delta.role` is sent (default `'first'`). */
  role?: ScriptedRole;
  /** Make this reply fail. */
  fail?: ScriptedFailure;
  /**
   * For `cut-mid-stream` and `malformed-json`: how many content/tool chunks are sent before the
   * failure (default: half of them, at least one when there are any). For `no-terminator`: how
   * many are sent (default all). For `stall`: how many are sent after the role chunk before the
   * stream stalls (default: none, and no role chunk either: only the headers). On
   * `/v1/responses` the chunks are the item events after `response.created` and
   * `response.in_progress` (which take the role chunk's place); `role` and `finishReason` apply
   * to chat completions only.
   */
  failAfterChunks?: number;
}

/** The parsed JSON body of a chat completions request (fields the server reads). */
export interface ChatCompletionRequestBody {
  model?: string;
  messages?: { role: string; content?: unknown; [key: string]: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  tools?: unknown[];
  [key: string]: unknown;
}

/**
 * The parsed JSON body of a Responses API request (`POST /v1/responses`; fields the server
 * reads). `messages` is never set, so `body.messages` reads the same on both routes.
 *
 * @example
 * ```ts
 * const body: ResponsesRequestBody = {
 *   model: 'gpt-4o-mini',
 *   stream: true,
 *   input: [{ role: 'user', content: 'Weather in Oslo?' }],
 *   tools: [{ type: 'function', name: 'weather', parameters: { type: 'object' } }],
 * };
 * ```
 */
export interface ResponsesRequestBody {
  model?: string;
  /** A string, or input items (messages, `function_call`, `function_call_output`, …). */
  input?: string | { type?: string; role?: string; content?: unknown; [key: string]: unknown }[];
  instructions?: string | null;
  stream?: boolean;
  tools?: unknown[];
  tool_choice?: unknown;
  messages?: undefined;
  [key: string]: unknown;
}

/**
 * A TCP connection accepted by the server.
 *
 * @example
 * ```ts
 * subscription.unsubscribe();
 * await server.requests[0]?.connection.whenClosed; // the client closed its HTTP request
 * ```
 */
export interface RecordedConnection {
  /** 1-based, in order of acceptance. */
  readonly id: number;
  /** True once the server-side socket has emitted `close`. */
  readonly closed: boolean;
  /** Resolves when the server-side socket emits `close`. */
  readonly whenClosed: Promise<void>;
}

/** A request the server received. */
export interface RecordedRequest {
  readonly method: string;
  /** The path, query string included. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body (`undefined` for an empty body; the raw text if it was not JSON). */
  readonly body: ChatCompletionRequestBody | string | undefined;
  /** The connection the request arrived on. */
  readonly connection: RecordedConnection;
  /** Resolves when the server has finished answering or the client went away. */
  readonly whenDone: Promise<void>;
}

/**
 * Chooses the reply to a chat completions or Responses API request (the body has `messages`
 * or `input`).
 */
export type RespondFn = (
  body: ChatCompletionRequestBody | ResponsesRequestBody,
  index: number,
) => ScriptedResponse | Promise<ScriptedResponse>;

/**
 * Options of {@link startOpenAICompatibleServer}.
 *
 * @example
 * ```ts
 * const options: OpenAICompatibleServerOptions = {
 *   responses: [{ fail: { status: 429 } }],
 *   respond: (body) => ({ content: `You said: ${String(body.messages?.at(-1)?.content)}` }),
 * };
 * ```
 */
export interface OpenAICompatibleServerOptions {
  /**
   * Replies used in order, one per model request (`/v1/chat/completions` and `/v1/responses`
   * share the queue), before `respond`/`reply`.
   */
  responses?: ScriptedResponse[];
  /** Computes a reply from the request body (used when the queue is empty). */
  respond?: RespondFn;
  /** The reply when neither the queue nor `respond` gives one (default: a short greeting). */
  reply?: ScriptedResponse;
  /** Model ids listed by `GET /v1/models` (default `['rx-loopback']`). */
  models?: string[];
}

/**
 * A running loopback server.
 *
 * @example
 * ```ts
 * const server = await startOpenAICompatibleServer({ responses: [{ content: 'Hi' }] });
 * const model = new OpenAIChatModel({ apiKey: 'test', baseURL: server.url });
 * await model.invoke('hello');
 * server.requests[0]?.body; // { model: 'gpt-4o-mini', stream: true, messages: [...], ... }
 * await server.close();
 * ```
 */
export interface OpenAICompatibleServer {
  /** The base URL, ending in `/v1` (pass it as `baseURL`). */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Every connection accepted, in order. */
  readonly connections: readonly RecordedConnection[];
  /** Appends scripted replies to the queue. */
  enqueue(...responses: ScriptedResponse[]): void;
  /** Resolves with the `n`-th (1-based) request once it has arrived. */
  waitForRequest(n?: number): Promise<RecordedRequest>;
  /** Stops listening, destroys open sockets and clears every timer. */
  close(): Promise<void>;
}
