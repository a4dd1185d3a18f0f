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
 * and the reason; nothing throws. Empty arguments mean `{}`.
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
    const joined = group
      .map((c) => c.args ?? '')
      .join('')
      .trim();
    const text = joined === '' ? '{}' : joined;
    const args = parseArgs(text);
    const idField = id === undefined ? {} : { id };
    if (typeof args === 'string') {
      invalidToolCalls.push({
        name,
        args: text,
        ...idField,
        error: args,
        type: 'invalid_tool_call',
      });
    } else {
      toolCalls.push({ name, args, ...idField, type: 'tool_call' });
    }
  }
  return { toolCalls, invalidToolCalls };
}
