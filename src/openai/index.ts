/**
 * `OpenAIChatModel`: a chat model on `ChatOpenAI` from `@langchain/openai` (optional peer).
 * @module
 */
export { DEFAULT_OPENAI_MODEL, OpenAIChatModel } from './openai-chat-model';
export type { OpenAIChatModelOptions } from './openai-chat-model';
export { toOpenAIModelError } from './openai-errors';
export type { OpenAIFailureContext } from './openai-errors';
export { retryAfterMs } from '../models/retry-after';
export { OpenAIResponsesModel } from './openai-responses-model';
export type { OpenAIResponsesModelOptions } from './openai-responses-model';
