/**
 * The Chat Completions half of `ChatOpenAI`, reading a role-less delta as the assistant's.
 * @internal
 * @module
 */
import { ChatOpenAICompletions } from '@langchain/openai';

type DeltaConverter = ChatOpenAICompletions['_convertCompletionsDeltaToBaseMessageChunk'];

/**
 * `ChatOpenAICompletions` whose streamed deltas default to the `assistant` role. OpenAI sends
 * `role` on the first delta only; some compatible servers send it on none, send `role: null`, or
 * send it late, and stock `ChatOpenAI` then yields role-less `ChatMessageChunk`s that drop the
 * deltas' tool calls. Here such a delta becomes an `AIMessageChunk` with its tool-call chunks.
 * A delta that names another role keeps it.
 * @internal
 */
export class AssistantDeltaCompletions extends ChatOpenAICompletions {
  protected override _convertCompletionsDeltaToBaseMessageChunk(
    ...[delta, rawResponse, defaultRole]: Parameters<DeltaConverter>
  ): ReturnType<DeltaConverter> {
    return super._convertCompletionsDeltaToBaseMessageChunk(
      delta,
      rawResponse,
      defaultRole ?? 'assistant',
    );
  }
}
