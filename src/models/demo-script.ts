/**
 * Scripted replies of the demo model and how a reply becomes a stream of chunks.
 * @module
 */
import { AIMessageChunk } from '../chunks';
import type { BaseMessage, ToolCallChunk } from '../chunks';
import type { ChatModelCallContext } from './chat-model';

/** A tool call the demo model should make. `id` defaults to `call_<call>_<index>`. */
export interface DemoToolCall {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly id?: string;
}

/**
 * One scripted reply: text, tool calls, or a failure (`error`) raised after the text streamed.
 */
export interface DemoReply {
  readonly content?: string;
  readonly toolCalls?: readonly DemoToolCall[];
  readonly error?: string | Error;
}

/** A scripted reply: its text, a {@link DemoReply}, or a function of the prompt returning one. */
export type DemoScriptStep =
  | string
  | DemoReply
  | ((messages: readonly BaseMessage[], ctx: ChatModelCallContext) => string | DemoReply);

/** Splits text into tokens, each word with the whitespace before it. */
export function tokenize(text: string): string[] {
  return text.match(new RegExp(TOKEN.source, 'g')) ?? [];
}

/** A token: a word with the whitespace before it, or the whitespace at the end. */
const TOKEN = /\s*\S+|\s+$/;

/** Splits tool-call arguments JSON into pieces of about `size` characters. */
function argPieces(json: string, size = 8): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < json.length; i += size) pieces.push(json.slice(i, i + size));
  return pieces;
}

/** Settings of {@link replyToChunks}. */
export interface ReplyChunkSettings {
  readonly callIndex: number;
  readonly modelName: string;
  readonly inputTokens: number;
}

/**
 * The chunks of one reply, as a streaming API sends them: one per token, then each tool call
 * (name first, then its arguments in pieces), then a last empty chunk carrying the finish
 * reason and usage (left out when the reply is a scripted failure).
 */
export function* replyToChunks(
  reply: DemoReply,
  settings: ReplyChunkSettings,
): Generator<AIMessageChunk, void, undefined> {
  // Made one at a time as they are read, so an answer waiting on a slow reader holds its text,
  // not a chunk object per token.
  const id = `demo-${settings.callIndex}`;
  const responseMetadata = { model_name: settings.modelName };
  // Tokens are cut from the text as they are read, like the chunks.
  const text = reply.content ?? '';
  const pattern = new RegExp(TOKEN.source, 'g');
  let outputTokens = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    outputTokens++;
    yield new AIMessageChunk({ content: match[0], id, responseMetadata });
  }
  const calls = reply.toolCalls ?? [];
  for (const [index, call] of calls.entries()) {
    const head: ToolCallChunk = {
      index,
      id: call.id ?? `call_${settings.callIndex}_${index}`,
      name: call.name,
      args: '',
      type: 'tool_call_chunk',
    };
    const pieces = argPieces(JSON.stringify(call.args));
    outputTokens += 1 + pieces.length;
    yield new AIMessageChunk({ content: '', id, responseMetadata, toolCallChunks: [head] });
    for (const args of pieces) {
      yield new AIMessageChunk({
        content: '',
        id,
        responseMetadata,
        toolCallChunks: [{ index, args, type: 'tool_call_chunk' }],
      });
    }
  }
  // A failing reply ends without the finishing chunk, as a broken stream would.
  if (reply.error !== undefined) return;
  const finishReason = calls.length > 0 ? 'tool_calls' : 'stop';
  yield new AIMessageChunk({
    content: '',
    id,
    responseMetadata: { ...responseMetadata, finish_reason: finishReason },
    usageMetadata: {
      inputTokens: settings.inputTokens,
      outputTokens,
      totalTokens: settings.inputTokens + outputTokens,
    },
  });
}
