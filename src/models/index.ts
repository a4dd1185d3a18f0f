/**
 * Prompts, chat models and the demo model: `prompt.pipe(model).pipe(new StringOutputParser())`.
 * @module
 */
export { ChatModel, DEFAULT_IDLE_TIMEOUT_MS } from './chat-model';
export type {
  BindToolsOptions,
  ChatModelCallContext,
  ChatModelInput,
  ChatModelOptions,
  ToolChoice,
} from './chat-model';
export { ChatPromptTemplate } from './chat-prompt-template';
export type {
  ChatPromptContent,
  ChatPromptEntry,
  ChatPromptRole,
  ChatPromptTemplateOptions,
} from './chat-prompt-template';
export { DemoChatModel } from './demo-chat-model';
export type { DemoChatModelOptions } from './demo-chat-model';
export type { DemoReply, DemoScriptStep, DemoToolCall } from './demo-script';
export { MessagesPlaceholder } from './messages-placeholder';
export type { MessagesPlaceholderOptions } from './messages-placeholder';
export { PromptTemplate } from './prompt-template';
export type { PromptTemplateFields, PromptTemplateOptions, PromptValues } from './prompt-template';
export { ChatPromptValue, StringPromptValue } from './prompt-value';
export { StringOutputParser } from './string-output-parser';
export type { StringParserInput } from './string-output-parser';
export { toChatMessages } from './to-chat-messages';
export type { PromptValueLike } from './to-chat-messages';
export { toJSONSchema, toToolDefinition } from './tool-definition';
export type { JSONSchema, ToolDefinition, ToolLike } from './tool-definition';
