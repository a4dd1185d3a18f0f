/**
 * serializeAssistantEvent: the `data:` text of a run event in an Assistants API SSE stream.
 * @module
 */
import type { AssistantStreamEvent } from './run-objects';

/**
 * The `data:` text of one run event as the Assistants API streams it, for transport's
 * `encodeSSE(run, { event: (e) => e.event, serialize: serializeAssistantEvent })`: the event's
 * object as JSON; `done` as a bare `[DONE]` (what openai-node's `AssistantStream` takes for the
 * end of the stream); `error` as OpenAI's error object (`code`, `message`, `param`, `type`, plus
 * the library's `details`) that also carries itself under `error`, which openai-node turns into
 * an `APIError` with that code and message.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { createRun, serializeAssistantEvent } from 'rx-runnables/runs';
 * import { encodeSSE } from 'rx-runnables/transport';
 *
 * const run = createRun({ model: new DemoChatModel(), messages: 'Hi' });
 * const frames = encodeSSE(run, { event: (e) => e.event, serialize: serializeAssistantEvent });
 * ```
 */
export function serializeAssistantEvent(event: AssistantStreamEvent): string {
  switch (event.event) {
    case 'done':
      return '[DONE]';
    case 'error': {
      const { code, message, param, type } = event.data;
      return JSON.stringify({ ...event.data, error: { code, message, param, type } });
    }
    default:
      return JSON.stringify(event.data);
  }
}
