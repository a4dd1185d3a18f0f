/**
 * The Responses API response object of a run, with what OpenAI sends for unset settings.
 * @internal
 * @module
 */
import type { RunObject, RunUsage } from './run-objects';
import type { ResponseObject, ResponseUsage } from './responses-types';

/** A new `in_progress` response for `run`: its model, instructions and tools, OpenAI's defaults. */
export function responseObjectOf(run: RunObject): ResponseObject {
  return {
    id: run.id,
    object: 'response',
    created_at: run.created_at,
    status: 'in_progress',
    model: run.model,
    output: [],
    error: null,
    incomplete_details: null,
    // What OpenAI sends for a request that sets none of these.
    instructions: run.instructions === '' ? null : run.instructions,
    metadata: {},
    parallel_tool_calls: run.parallel_tool_calls,
    temperature: run.temperature,
    tool_choice: 'auto',
    tools: run.tools.map(({ function: f }) => ({
      type: 'function' as const,
      name: f.name,
      ...(f.description === undefined ? {} : { description: f.description }),
      parameters: f.parameters,
      strict: f.strict,
    })),
    top_p: run.top_p,
    usage: null,
  };
}

/** A run's usage as Responses usage (no cache or reasoning counts: their details are 0). */
export function responseUsageOf(u: RunUsage | null): ResponseUsage | null {
  return u === null
    ? null
    : {
        input_tokens: u.prompt_tokens,
        input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        output_tokens: u.completion_tokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: u.total_tokens,
      };
}
