/**
 * Fakes for testing your own pipelines: the scripted demo model, a fake retriever and an
 * OpenAI-compatible server on loopback. Loads no `@langchain/*` package.
 * @module
 */
export { startOpenAICompatibleServer, DEFAULT_SCRIPTED_REPLY } from './openai-compatible-server';
export type {
  OpenAICompatibleServer,
  OpenAICompatibleServerOptions,
  ScriptedResponse,
  ScriptedToolCall,
  ScriptedUsage,
  ScriptedFailure,
  ScriptedHttpFailure,
  ScriptedRole,
  RecordedRequest,
  RecordedConnection,
  ChatCompletionRequestBody,
  ResponsesRequestBody,
  RespondFn,
} from './openai-server-types';
export { DemoChatModel } from '../models';
export type { DemoChatModelOptions, DemoReply, DemoScriptStep, DemoToolCall } from '../models';
