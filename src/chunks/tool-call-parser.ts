/**
 * Turns streamed tool-call chunks into tool calls, never throwing.
 * @module
 */
import { parsePartialJson } from '../json/parse-partial-json';
import type { InvalidToolCall, ToolCall, ToolCallChunk } from './types';

/** Tool calls parsed from tool-call chunks: the well-formed ones and the rest. */
export interface ParsedToolCalls {
  readonly toolCalls: readonly ToolCall[];
  readonly invalidToolCalls: readonly InvalidToolCall[];
}

function sameCall(a: ToolCallChunk, b: ToolCallChunk): boolean {
  if (b.id && b.index !== undefined) return a.id === b.id && a.index === b.index;
  if (b.id) return a.id === b.id;
  if (b.index !== undefined) return a.index === b.index;
  return false;
}

function parseArgs(text: string): Record<string, unknown> | string {
  try {
    // Partial JSON: a call whose arguments are still streaming shows the arguments so far.
    const parsed: unknown = parsePartialJson(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    return 'Tool call arguments must be a JSON object';
  } catch (error) {
    return `Malformed tool call arguments: ${(error as Error).message}`;
  }
}

/**
 * Groups tool-call chunks by `index` (and `id`), joins their `args` text and parses it with the
 * partial-JSON parser of `rx-runnables/json` (a leaf module), as LangChain.js does: arguments
 * still streaming show what has arrived (`'{"q": "rx'` → `{ q: 'rx' }`). Arguments that are not
 * a JSON object, or that are malformed, become an {@link InvalidToolCall} carrying the raw text
 * and the reason; nothing throws. Empty arguments mean `{}`. A call without an `id` (whatever
 * its `index`) is never a tool call, as in LangChain.js: it is reported as invalid. Chunks
 * marked `isCustomTool` carry a custom tool's raw text input: the call's `args` are
 * `{ input }` with that text exactly as sent.
 *
 * @example
 * ```ts
 * parseToolCallChunks([
 *   { index: 0, id: 'call_1', name: 'search', args: '{"q":' },
 *   { index: 0, args: '"rxjs"}' },
 * ]).toolCalls; // [{ name: 'search', args: { q: 'rxjs' }, id: 'call_1', type: 'tool_call' }]
 * ```
 */
export function parseToolCallChunks(chunks: readonly ToolCallChunk[]): ParsedToolCalls {
  const groups: ToolCallChunk[][] = [];
  for (const chunk of chunks) {
    const group = groups.find(([first]) => first !== undefined && sameCall(first, chunk));
    if (group) group.push(chunk);
    else groups.push([chunk]);
  }
  const toolCalls: ToolCall[] = [];
  const invalidToolCalls: InvalidToolCall[] = [];
  for (const group of groups) {
    const name = group.find((c) => c.name)?.name ?? '';
    const id = group.find((c) => c.id)?.id;
    // A custom (free-form) tool's input is raw text: kept as sent, whitespace included.
    const raw = group.some((c) => c.isCustomTool === true);
    const joined = group.map((c) => c.args ?? '').join('');
    const kept = raw ? joined : joined.trim();
    const text = kept === '' ? '{}' : kept;
    const invalid = (error: string): void => {
      invalidToolCalls.push({
        name,
        args: text,
        ...(id === undefined ? {} : { id }),
        error,
        type: 'invalid_tool_call',
      });
    };
    if (id === undefined) {
      // As in LangChain.js: a call no tool result could answer (no id) is never a tool call.
      invalid('Tool call has no id');
      continue;
    }
    if (raw) {
      toolCalls.push({ name, args: { input: kept }, id, type: 'tool_call' });
      continue;
    }
    const args = parseArgs(text);
    if (typeof args === 'string') invalid(args);
    else toolCalls.push({ name, args, id, type: 'tool_call' });
  }
  return { toolCalls, invalidToolCalls };
}
