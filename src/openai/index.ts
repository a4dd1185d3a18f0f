/**
 * `OpenAIChatModel`: a chat model on `ChatOpenAI` from `@langchain/openai` (optional peer).
 * @module
 */
export { OpenAIChatModel } from './openai-chat-model';
export { DEFAULT_OPENAI_MODEL } from './openai-env';
export type { OpenAIChatModelOptions } from './openai-chat-model';
export { toOpenAIModelError } from './openai-errors';
export type { OpenAIFailureContext } from './openai-errors';
export { retryAfterMs } from '../models/retry-after';
export { OpenAIResponsesModel } from './openai-responses-model';
export type { OpenAIResponsesModelOptions } from './openai-responses-model';
