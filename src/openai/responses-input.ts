/**
 * Messages, tools and tool choice in the shapes of the OpenAI Responses API request body.
 * @module
 */
import type { BaseMessage, ToolCall } from '../chunks';
import type { ToolChoice } from '../models/chat-model';
import type { ToolDefinition } from '../models/tool-definition';

/** One item of a Responses API request's `input`. */
export type ResponsesInputItem =
  | { role: 'system' | 'user' | 'assistant'; content: string }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string };

const ROLES = { system: 'system', human: 'user', ai: 'assistant' } as const;

/**
 * Messages as Responses API input items: a system message → a `system` message, a human message
 * → `user`, an AI message → an `assistant` message with its text (when it has any) and one
 * `function_call` item per tool call (`call_id`, `name`, `arguments` as a JSON string), a tool
 * message → a `function_call_output` item (`call_id`, `output`). Content is sent as text.
 * @internal
 *
 * @example
 * ```ts
 * toResponsesInput([new HumanMessage('Hi')]); // [{ role: 'user', content: 'Hi' }]
 * ```
 */
export function toResponsesInput(messages: readonly BaseMessage[]): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  for (const message of messages) {
    if (message.type === 'tool') {
      const callId = (message as { toolCallId?: unknown }).toolCallId;
      items.push({ type: 'function_call_output', call_id: String(callId), output: message.text });
      continue;
    }
    // AIMessage and AIMessageChunk both carry `toolCalls`.
    const calls =
      message.type === 'ai'
        ? ((message as { toolCalls?: readonly ToolCall[] }).toolCalls ?? [])
        : [];
    if (message.text !== '' || calls.length === 0) {
      items.push({ role: ROLES[message.type], content: message.text });
    }
    calls.forEach((call, index) => {
      items.push({
        type: 'function_call',
        call_id: call.id ?? `call_${index + 1}`,
        name: call.name,
        arguments: JSON.stringify(call.args),
      });
    });
  }
  return items;
}

/**
 * The `tools` and `tool_choice` fields of a Responses API request (none when there are no
 * tools). Tools are sent with `strict: false`: the Responses API would otherwise hold every
 * schema to its strict subset.
 * @internal
 *
 * @example
 * ```ts
 * toResponsesTools([{ name: 'weather', parameters: { type: 'object' } }], 'weather');
 * // { tools: [{ type: 'function', name: 'weather', parameters: {...}, strict: false }],
 * //   tool_choice: { type: 'function', name: 'weather' } }
 * ```
 */
export function toResponsesTools(
  tools: readonly ToolDefinition[],
  choice?: ToolChoice,
): Record<string, unknown> {
  if (tools.length === 0) return {};
  return {
    tools: tools.map((tool) => ({
      type: 'function',
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: { ...tool.parameters },
      strict: false,
    })),
    ...(choice === undefined
      ? {}
      : {
          tool_choice:
            choice === 'auto' || choice === 'none' || choice === 'required'
              ? choice
              : { type: 'function', name: choice },
        }),
  };
}
