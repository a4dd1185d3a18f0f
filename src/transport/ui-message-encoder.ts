/**
 * The state machine that turns chat/RAG stream values into UI message stream parts.
 * @module
 */
import { BaseMessage } from '../chunks';
import type { AIMessageChunk, ToolCall, ToolCallChunk, ToolMessage } from '../chunks';
import { RxRunnablesError, newRunId, toRxRunnablesError } from '../core';
import { isStreamEvent } from '../rag';
import type { StreamEvent } from '../rag';
import { isUIMessageChunk } from './ui-message-chunk';
import type { UIFinishReason, UIMessageChunk } from './ui-message-chunk';
import { FINISH_REASONS, defaultSource, reasoningOf } from './ui-message-stream-options';
import type { UIMessageStreamInput, UIMessageStreamOptions } from './ui-message-stream-options';

interface OpenTool {
  readonly toolCallId: string;
  toolName: string | undefined;
  text: string;
  started: boolean;
}

/**
 * Turns stream values into UI message stream parts, one call per value: `push(value, out)`
 * appends the parts for `value` to `out`; `end(out)` closes what is open and appends `finish`;
 * `fail(error, out)` appends an `error` part. Text and reasoning runs get `text-start` /
 * `text-end` (and `reasoning-…`) with fresh ids; tool-call chunks become `tool-input-start`,
 * `tool-input-delta`s and, when the model's step ends, `tool-input-available` (or
 * `tool-input-error` when the arguments are not JSON).
 *
 * @example
 * ```ts
 * const encoder = new UIMessageEncoder({ messageId: 'm1' });
 * const out: UIMessageChunk[] = [];
 * encoder.push('Hello', out);
 * encoder.end(out);
 * // start, start-step, text-start, text-delta, text-end, finish-step, finish
 * ```
 */
export class UIMessageEncoder {
  readonly messageId: string;
  readonly #options: UIMessageStreamOptions;
  readonly #steps: boolean;
  #started = false;
  #inStep = false;
  #afterTools = false;
  #text: string | undefined;
  #reasoning: string | undefined;
  #ids = 0;
  #tools = new Map<number | string, OpenTool>();
  #finishReason: UIFinishReason | undefined;
  #position = 0;
  #sources = 0;
  #done = false;

  constructor(options: UIMessageStreamOptions = {}) {
    this.#options = options;
    this.#steps = options.sendSteps ?? true;
    const last = options.originalMessages?.at(-1);
    this.messageId =
      options.messageId ?? (last?.role === 'assistant' ? last.id : undefined) ?? newRunId();
  }

  /** Appends the parts for one stream value to `out`. */
  push(value: UIMessageStreamInput, out: UIMessageChunk[]): void {
    const position = this.#position++;
    if (this.#done) return;
    if (typeof value === 'string') {
      if (value === '') return;
      if (this.#afterTools) this.#closeStep(out);
      this.#textDelta(value, out);
    } else if (isStreamEvent(value)) {
      this.#ragEvent(value, out);
    } else if (BaseMessage.isInstance(value)) {
      this.#message(value, position, out);
    } else if (isUIMessageChunk(value)) {
      this.#open(out);
      out.push(value);
    } else {
      const error = new RxRunnablesError(
        'INVALID_INPUT',
        `UI message stream: value ${position} is ${value === null ? 'null' : typeof value}, ` +
          'not a string, message, StreamingRAG event or UI part',
        { position, stage: 'ui-message-stream' },
      );
      this.fail(error, out);
    }
  }

  /** Closes open parts and the step, then appends `finish`. */
  end(out: UIMessageChunk[]): void {
    if (this.#done) return;
    this.#open(out);
    this.#closeStep(out);
    this.#done = true;
    out.push({ type: 'finish', finishReason: this.#finishReason ?? 'stop' });
  }

  /** Appends an `error` part for `error` (after `start`) and ends the message: later values are dropped. */
  fail(error: unknown, out: UIMessageChunk[]): void {
    if (this.#done) return;
    this.#open(out);
    const typed = toRxRunnablesError(error, 'UNKNOWN', { stage: 'ui-message-stream' });
    const errorText = this.#options.onError?.(typed) ?? typed.message;
    this.#done = true;
    out.push({ type: 'error', errorText });
  }

  #open(out: UIMessageChunk[]): void {
    if (!this.#started) {
      this.#started = true;
      const { messageMetadata } = this.#options;
      out.push(
        messageMetadata === undefined
          ? { type: 'start', messageId: this.messageId }
          : { type: 'start', messageId: this.messageId, messageMetadata },
      );
    }
    if (!this.#inStep) {
      this.#inStep = true;
      if (this.#steps) out.push({ type: 'start-step' });
    }
  }

  #closeStep(out: UIMessageChunk[]): void {
    this.#closeText(out);
    this.#closeReasoning(out);
    this.#closeTools(out);
    if (this.#inStep && this.#steps) out.push({ type: 'finish-step' });
    this.#inStep = false;
    this.#afterTools = false;
  }

  #textDelta(delta: string, out: UIMessageChunk[]): void {
    if (this.#text === undefined) {
      this.#open(out);
      this.#closeReasoning(out);
      this.#text = `text-${++this.#ids}`;
      out.push({ type: 'text-start', id: this.#text });
    }
    out.push({ type: 'text-delta', id: this.#text, delta });
  }

  #reasoningDelta(delta: string, out: UIMessageChunk[]): void {
    if (this.#reasoning === undefined) {
      this.#open(out);
      this.#closeText(out);
      this.#reasoning = `reasoning-${++this.#ids}`;
      out.push({ type: 'reasoning-start', id: this.#reasoning });
    }
    if (delta !== '') out.push({ type: 'reasoning-delta', id: this.#reasoning, delta });
  }

  #closeText(out: UIMessageChunk[]): void {
    if (this.#text === undefined) return;
    out.push({ type: 'text-end', id: this.#text });
    this.#text = undefined;
  }

  #closeReasoning(out: UIMessageChunk[]): void {
    if (this.#reasoning === undefined) return;
    out.push({ type: 'reasoning-end', id: this.#reasoning });
    this.#reasoning = undefined;
  }

  #message(message: BaseMessage, position: number, out: UIMessageChunk[]): void {
    const type = message.type;
    if (type === 'ai') {
      if (this.#afterTools) this.#closeStep(out);
      this.#aiChunk(message, out);
    } else if (type === 'tool') {
      this.#toolResult(message as ToolMessage, out);
    } else {
      this.fail(
        new RxRunnablesError(
          'INVALID_INPUT',
          `UI message stream: value ${position} is a ${type} message; only AI and tool messages are part of the answer`,
          { position, stage: 'ui-message-stream' },
        ),
        out,
      );
    }
  }

  #aiChunk(chunk: AIMessageChunk | BaseMessage, out: UIMessageChunk[]): void {
    const kwargs = chunk.additionalKwargs.reasoning_content;
    if (typeof kwargs === 'string' && kwargs !== '') this.#reasoningDelta(kwargs, out);
    const content = chunk.content;
    if (typeof content === 'string') {
      if (content !== '') this.#textDelta(content, out);
    } else {
      for (const block of content) {
        const reasoning = reasoningOf(block);
        if (reasoning !== undefined) this.#reasoningDelta(reasoning, out);
        else if (block.type === 'text' && typeof block.text === 'string' && block.text !== '')
          this.#textDelta(block.text, out);
      }
    }
    const toolChunks = (chunk as { toolCallChunks?: readonly ToolCallChunk[] }).toolCallChunks;
    if (toolChunks !== undefined) {
      for (const piece of toolChunks) this.#toolChunk(piece, out);
    } else {
      // A whole AIMessage (from invoke): its complete tool calls, each as one piece.
      for (const call of (chunk as { toolCalls?: readonly ToolCall[] }).toolCalls ?? []) {
        const id = call.id ?? `call-${++this.#ids}`;
        this.#toolChunk({ id, name: call.name, args: JSON.stringify(call.args) }, out);
      }
    }
    const reason = chunk.responseMetadata.finish_reason;
    if (typeof reason === 'string') {
      this.#finishReason = FINISH_REASONS[reason] ?? 'other';
      this.#closeTools(out);
    }
  }

  #toolChunk(piece: ToolCallChunk, out: UIMessageChunk[]): void {
    const key = piece.index ?? piece.id ?? 0;
    let tool = this.#tools.get(key);
    if (tool === undefined) {
      tool = {
        toolCallId: piece.id ?? `call-${++this.#ids}`,
        toolName: undefined,
        text: '',
        started: false,
      };
      this.#tools.set(key, tool);
    }
    if (piece.name !== undefined && piece.name !== '') tool.toolName ??= piece.name;
    const args = piece.args ?? '';
    if (!tool.started && tool.toolName !== undefined) {
      this.#open(out);
      this.#closeText(out);
      this.#closeReasoning(out);
      tool.started = true;
      out.push(
        this.#dynamic({
          type: 'tool-input-start',
          toolCallId: tool.toolCallId,
          toolName: tool.toolName,
        }),
      );
      if (tool.text !== '')
        out.push({
          type: 'tool-input-delta',
          toolCallId: tool.toolCallId,
          inputTextDelta: tool.text,
        });
    }
    tool.text += args;
    if (tool.started && args !== '')
      out.push({ type: 'tool-input-delta', toolCallId: tool.toolCallId, inputTextDelta: args });
  }

  #closeTools(out: UIMessageChunk[]): void {
    if (this.#tools.size === 0) return;
    for (const tool of this.#tools.values()) {
      const toolName = tool.toolName ?? 'unknown';
      const { toolCallId } = tool;
      if (!tool.started) {
        this.#open(out);
        out.push(this.#dynamic({ type: 'tool-input-start', toolCallId, toolName }));
      }
      let input: unknown;
      try {
        input = tool.text.trim() === '' ? {} : JSON.parse(tool.text);
      } catch (error) {
        const errorText = `Tool call ${toolCallId} (${toolName}): arguments are not JSON: ${(error as Error).message}`;
        out.push(
          this.#dynamic({
            type: 'tool-input-error',
            toolCallId,
            toolName,
            input: tool.text,
            errorText,
          }),
        );
        continue;
      }
      out.push(this.#dynamic({ type: 'tool-input-available', toolCallId, toolName, input }));
    }
    this.#tools = new Map();
  }

  #toolResult(message: ToolMessage, out: UIMessageChunk[]): void {
    this.#open(out);
    this.#closeText(out);
    this.#closeReasoning(out);
    this.#closeTools(out);
    this.#afterTools = true;
    const toolCallId = message.toolCallId;
    const content = typeof message.content === 'string' ? message.content : message.text;
    out.push(
      this.#dynamic(
        message.status === 'error'
          ? { type: 'tool-output-error', toolCallId, errorText: content }
          : { type: 'tool-output-available', toolCallId, output: message.artifact ?? content },
      ),
    );
  }

  #ragEvent(event: StreamEvent, out: UIMessageChunk[]): void {
    if (this.#options.ragEventData === true && !event.isChunk) {
      this.#open(out);
      const data = { type: event.type, data: event.data, latency: event.latency };
      out.push({ type: 'data-rag-event', data, transient: true });
    }
    switch (event.type) {
      case 'chunk':
        if (event.data !== '') this.#textDelta(event.data, out);
        break;
      case 'retrieval_done': {
        this.#open(out);
        const toSource = this.#options.toSource ?? defaultSource;
        for (const doc of event.data.docs) {
          const part = toSource(doc, this.#sources++);
          if (part !== undefined) out.push(part);
        }
        break;
      }
      case 'generation_done':
        this.#finishReason ??= 'stop';
        break;
      case 'error':
        this.fail(
          new RxRunnablesError(
            event.data.stage === 'retrieval' ? 'RETRIEVAL' : 'GENERATION',
            event.data.msg,
            { stage: event.data.stage },
          ),
          out,
        );
        break;
      default:
        break;
    }
  }

  #dynamic<T extends UIMessageChunk & { toolCallId: string }>(part: T): T {
    return this.#options.dynamicTools === true ? { ...part, dynamic: true } : part;
  }
}
