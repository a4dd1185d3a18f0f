/**
 * Plain data types carried by messages: content blocks, tool calls, usage.
 * @module
 */

/** The role of a message. */
export type MessageType = 'human' | 'system' | 'ai' | 'tool';

/**
 * One block of multimodal or structured content (`{ type: 'text', text }`, an image, a reasoning
 * block, …). Streamed blocks carry an `index`; blocks with the same `index` merge on concat.
 */
export interface ContentBlock {
  readonly type: string;
  readonly text?: string;
  readonly index?: number | string;
  readonly [key: string]: unknown;
}

/** Message content: a string or a list of content blocks. */
export type MessageContent = string | readonly ContentBlock[];

/** A plain JSON-like record (`additionalKwargs`, `responseMetadata`). */
export type Metadata = Readonly<Record<string, unknown>>;

/** A complete tool call requested by the model. */
export interface ToolCall {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly id?: string;
  readonly type?: 'tool_call';
}

/** A tool call whose arguments could not be parsed; `args` keeps the raw text. */
export interface InvalidToolCall {
  readonly name?: string;
  readonly args?: string;
  readonly id?: string;
  readonly error?: string;
  readonly type?: 'invalid_tool_call';
}

/** A streamed piece of a tool call. Pieces with the same `index` merge; `args` text appends. */
export interface ToolCallChunk {
  readonly name?: string;
  readonly args?: string;
  readonly id?: string;
  readonly index?: number;
  readonly type?: 'tool_call_chunk';
  /**
   * Set on a custom (free-form) tool's chunks: `args` is raw text, not JSON, and the parsed call
   * carries it untouched as `args.input`.
   */
  readonly isCustomTool?: boolean;
}

/** Per-modality token counts; known keys are listed, providers may add more. */
export interface TokenDetails {
  readonly audio?: number;
  readonly image?: number;
  readonly video?: number;
  readonly document?: number;
  readonly text?: number;
  readonly [key: string]: number | undefined;
}

/** Input token details: modality counts plus prompt-cache reads and writes. */
export interface InputTokenDetails extends TokenDetails {
  readonly cacheRead?: number;
  readonly cacheCreation?: number;
}

/** Output token details: modality counts plus reasoning tokens. */
export interface OutputTokenDetails extends TokenDetails {
  readonly reasoning?: number;
}

/** Token usage of a model call. Usage of concatenated chunks is the sum. */
export interface UsageMetadata {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly inputTokenDetails?: InputTokenDetails;
  readonly outputTokenDetails?: OutputTokenDetails;
}

/**
 * Token usage in LangChain.js's snake_case shape, as the read-only `usage_metadata` alias of AI
 * messages returns it (details keys renamed too: `cacheRead` is `cache_read`).
 */
export interface SnakeCaseUsageMetadata {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly total_tokens: number;
  readonly input_token_details?: Readonly<Record<string, number | undefined>>;
  readonly output_token_details?: Readonly<Record<string, number | undefined>>;
}
