/**
 * The Responses API streaming events a run is mapped to (the fields of OpenAI's Responses API).
 * @module
 */

/** An output text part of a message item. */
export interface ResponseOutputText {
  type: 'output_text';
  text: string;
  /** Always empty (the run cites nothing). */
  annotations: never[];
}

/** An output item: an assistant message, a function call, or (for tools the run ran) its output. */
export type ResponseOutputItem =
  | {
      type: 'message';
      id: string;
      role: 'assistant';
      status: 'in_progress' | 'completed' | 'incomplete';
      content: ResponseOutputText[];
    }
  | {
      type: 'function_call';
      id: string;
      call_id: string;
      name: string;
      arguments: string;
      status: 'in_progress' | 'completed' | 'incomplete';
    }
  | {
      type: 'function_call_output';
      id: string;
      call_id: string;
      output: string;
      status: 'completed';
    };

/** The response object (`object: 'response'`) carried by lifecycle events. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'failed' | 'incomplete';
  model: string;
  output: ResponseOutputItem[];
  error: { code: string; message: string } | null;
  /** The library's reasons (a run's `maxSteps`, a cancel, its expiry). */
  incomplete_details: { reason: 'max_steps' | 'cancelled' | 'expired' } | null;
  /** The run's instructions, or null. */
  instructions: string | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  temperature: number | null;
  tool_choice: 'auto';
  /** The run's tools, as Responses function tools. */
  tools: ResponseFunctionTool[];
  top_p: number | null;
  usage: ResponseUsage | null;
}

/** A function tool in a response object. */
export interface ResponseFunctionTool {
  type: 'function';
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  strict: boolean | null;
}

/** Token usage of a response (the details are 0: the run has no cache or reasoning counts). */
export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/**
 * One Responses API streaming event. `sequence_number` counts from 0 in each stream.
 *
 * @example
 * ```ts
 * const e: ResponseStreamEvent = { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi', sequence_number: 4 };
 * ```
 */
export type ResponseStreamEvent =
  | {
      type: 'response.created' | 'response.in_progress' | 'response.completed';
      response: ResponseObject;
      sequence_number: number;
    }
  | {
      type: 'response.failed' | 'response.incomplete';
      response: ResponseObject;
      sequence_number: number;
    }
  | {
      type: 'response.output_item.added' | 'response.output_item.done';
      output_index: number;
      item: ResponseOutputItem;
      sequence_number: number;
    }
  | {
      type: 'response.content_part.added' | 'response.content_part.done';
      item_id: string;
      output_index: number;
      content_index: number;
      part: ResponseOutputText;
      sequence_number: number;
    }
  | {
      type: 'response.output_text.delta';
      item_id: string;
      output_index: number;
      content_index: number;
      delta: string;
      logprobs: never[];
      sequence_number: number;
    }
  | {
      type: 'response.output_text.done';
      item_id: string;
      output_index: number;
      content_index: number;
      text: string;
      logprobs: never[];
      sequence_number: number;
    }
  | {
      type: 'response.function_call_arguments.delta';
      item_id: string;
      output_index: number;
      delta: string;
      sequence_number: number;
    }
  | {
      type: 'response.function_call_arguments.done';
      item_id: string;
      output_index: number;
      name: string;
      arguments: string;
      sequence_number: number;
    }
  | {
      type: 'error';
      code: string | null;
      message: string;
      param: string | null;
      sequence_number: number;
    };
