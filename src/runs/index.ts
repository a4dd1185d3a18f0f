/**
 * Tool-calling runs with an Assistants-style event stream: `createRun`, pauses for tool outputs
 * and approvals (`requires_action`), serializable state, cancel, and the handler API.
 * @module
 */
export { createRun, DEFAULT_MAX_STEPS } from './create-run';
export type { CreateRunOptions } from './create-run';
export { Run } from './run';
export type { RunHandlerMap } from './run-handlers';
export { RunState } from './run-state';
export type { PendingCalls, PendingToolCall, RunStateData } from './run-state';
export { resumeRun, submitToolApprovals, submitToolOutputs } from './resume-run';
export type { ResumeRunOptions, ToolApproval, ToolOutput } from './resume-run';
export type { RunTool, ToolExecuteContext } from './run-tool';
export type {
  AssistantStreamEvent,
  AssistantStreamEventName,
  MessageDeltaObject,
  MessageEventName,
  MessageObject,
  RequiredAction,
  RunError,
  RunEventName,
  RunFunctionTool,
  RunObject,
  RunStatus,
  RunStepDeltaObject,
  RunStepObject,
  RunToolCall,
  RunUsage,
  StepDetails,
  StepEventName,
  StepToolCall,
  TextContent,
  ToolCallDelta,
} from './run-objects';
export { runToUIMessageInput } from './run-ui-message-input';
export { continueRunFromUIMessages } from './continue-run-from-ui-messages';
export type { UIMessageLike } from './continue-run-from-ui-messages';
export type { RunUIMessageInput, RunUIPart } from './run-ui-message-input';
export { toResponsesEvents } from './to-responses-events';
export { fromResponsesEvents } from './from-responses-events';
export type {
  ResponseFunctionTool,
  ResponseObject,
  ResponseOutputItem,
  ResponseOutputText,
  ResponseStreamEvent,
  ResponseUsage,
} from './responses-types';
export { serializeAssistantEvent } from './serialize-assistant-event';
export { toChatCompletionChunks, toChatCompletionsSSE } from './to-chat-completion-chunks';
export type { ChatCompletionChunk, ChatCompletionToolCallDelta } from './to-chat-completion-chunks';
