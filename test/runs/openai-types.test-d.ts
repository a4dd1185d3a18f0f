/**
 * The objects the runs module emits, type-checked (tsc --strict, the vitest typecheck project)
 * against the official `openai` SDK's own types: `ChatCompletionChunk`, `ResponseStreamEvent`
 * and `AssistantStreamEvent`. The only differences allowed are the library's additions listed
 * in docs/runs.md, spelled out below; any other missing or mistyped field fails the check.
 */
import type { AssistantStreamEvent as SDKAssistantStreamEvent } from 'openai/resources/beta/assistants';
import type {
  RequiredActionFunctionToolCall,
  Run as SDKRun,
} from 'openai/resources/beta/threads/runs/runs';
import type { RunStep as SDKRunStep } from 'openai/resources/beta/threads/runs/steps';
import type { ChatCompletionChunk as SDKChatCompletionChunk } from 'openai/resources/chat/completions';
import type {
  Response as SDKResponse,
  ResponseStreamEvent as SDKResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { expectTypeOf, test } from 'vitest';
import type {
  AssistantStreamEvent,
  ChatCompletionChunk,
  MessageObject,
  RunObject,
  RunStepObject,
  ResponseStreamEvent,
} from '../../src/runs';

/** The library's error codes (`GENERATION`, `TOOL_ARGUMENTS`, …) in `last_error` / `error`. */
type LibraryError = { code: string; message: string } | null;

/** An SDK run with the library's additions: approvals, `max_steps`, its error codes. */
type RunWithAdditions = Omit<SDKRun, 'incomplete_details' | 'last_error' | 'required_action'> & {
  incomplete_details: SDKRun['incomplete_details'] | { reason: 'max_steps' };
  last_error: LibraryError;
  required_action:
    | SDKRun['required_action']
    | { type: 'tool_approval'; tool_approval: { tool_calls: RequiredActionFunctionToolCall[] } };
};
type StepWithAdditions = Omit<SDKRunStep, 'last_error'> & { last_error: LibraryError };

/** The SDK's Assistants events, their objects widened by the additions above. */
type WithAdditions<T> = T extends { event: infer N; data: infer D }
  ? {
      event: N;
      data: D extends SDKRun ? RunWithAdditions : D extends SDKRunStep ? StepWithAdditions : D;
    }
  : never;

/**
 * A response as sent on the wire: `output_text` is computed by the SDK's stream helper, `usage`
 * is `null` until the run has counts (as OpenAI sends it; the SDK types it optional).
 */
type WireResponse = Omit<SDKResponse, 'output_text' | 'error' | 'usage' | 'incomplete_details'> & {
  error: LibraryError;
  incomplete_details:
    SDKResponse['incomplete_details'] | { reason: 'max_steps' | 'cancelled' | 'expired' };
  usage: SDKResponse['usage'] | null;
};
type WireResponseEvent<T> = T extends { response: SDKResponse }
  ? Omit<T, 'response'> & { response: WireResponse }
  : T;

/** Our events one `type` literal at a time (a member may stand for several types). */
type OneTypeEach<T> = T extends { type: infer K }
  ? K extends unknown
    ? Omit<T, 'type'> & { type: K }
    : never
  : never;

test('Chat Completions chunks are the SDK ChatCompletionChunk', () => {
  expectTypeOf<ChatCompletionChunk>().toExtend<SDKChatCompletionChunk>();
});

test('Responses events are the SDK ResponseStreamEvent (output_text left to the SDK)', () => {
  expectTypeOf<OneTypeEach<ResponseStreamEvent>>().toExtend<
    WireResponseEvent<SDKResponseStreamEvent>
  >();
});

test('Assistants events are the SDK AssistantStreamEvent (done is the bare [DONE] line)', () => {
  // The SDK has no event type for `done`: it reads the bare `[DONE]` data line as the end.
  type Emitted = Exclude<AssistantStreamEvent, { event: 'done' }>;
  expectTypeOf<Emitted>().toExtend<WithAdditions<SDKAssistantStreamEvent>>();
  // The objects on their own, without the additions where the SDK has none.
  expectTypeOf<Omit<RunObject, 'incomplete_details' | 'last_error' | 'required_action'>>().toExtend<
    Omit<SDKRun, 'incomplete_details' | 'last_error' | 'required_action'>
  >();
  expectTypeOf<Omit<RunStepObject, 'last_error'>>().toExtend<Omit<SDKRunStep, 'last_error'>>();
  expectTypeOf<MessageObject>().toExtend<
    Extract<SDKAssistantStreamEvent, { event: 'thread.message.created' }>['data']
  >();
});
