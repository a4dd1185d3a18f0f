/**
 * One model call of a run: chunks in, message and tool-call step events out.
 * @module
 */
import { AIMessage } from '../chunks';
import type { AIMessageChunk, ToolCall } from '../chunks';
import { RxRunnablesError, toRxRunnablesError } from '../core';
import { PartialJsonParser } from '../json';
import type { MessageObject, RunError, RunStepObject, RunUsage } from './run-objects';
import type { RunEmitter } from './run-emitter';
import type { PendingToolCall } from './run-state';

interface CallBuffer {
  index: number;
  id: string;
  name: string;
  args: string;
  parser: PartialJsonParser | undefined;
  parseError: RxRunnablesError | undefined;
}

/** What a finished model call produced. */
export interface TurnResult {
  readonly message: AIMessage;
  readonly calls: PendingToolCall[];
  readonly toolStep: RunStepObject | undefined;
}

/** Runs one model call's chunks through the run's events. @internal */
export class ModelTurn {
  private message: MessageObject | undefined;
  private messageStep: RunStepObject | undefined;
  private toolStep: RunStepObject | undefined;
  private readonly text: string[] = [];
  private readonly calls: CallBuffer[] = [];
  private usage: RunUsage | null = null;

  constructor(private readonly out: RunEmitter) {}

  /** Handles one chunk of the model's answer. */
  onChunk(chunk: AIMessageChunk): void {
    const content = chunk.content;
    const text = typeof content === 'string' ? content : chunk.text;
    if (text !== '') this.onText(text);
    const pieces = chunk.toolCallChunks;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (piece !== undefined) this.onToolPiece(piece.index ?? i, piece.id, piece.name, piece.args);
    }
    const u = chunk.usageMetadata;
    if (u !== undefined) {
      const prev = this.usage;
      this.usage = {
        prompt_tokens: (prev?.prompt_tokens ?? 0) + u.inputTokens,
        completion_tokens: (prev?.completion_tokens ?? 0) + u.outputTokens,
        total_tokens: (prev?.total_tokens ?? 0) + u.totalTokens,
      };
    }
  }

  private onText(text: string): void {
    const first = this.message === undefined;
    const message = this.message ?? this.openMessage();
    this.text.push(text);
    this.out.emit({
      event: 'thread.message.delta',
      data: {
        id: message.id,
        object: 'thread.message.delta',
        delta: {
          content: [
            {
              index: 0,
              type: 'text',
              // The first delta creates the content entry (as OpenAI's does).
              text: first ? { value: text, annotations: [] } : { value: text },
            },
          ],
        },
      },
      sequence: this.out.next(),
    });
  }

  private openMessage(): MessageObject {
    const { message, step } = this.out.openMessage();
    this.messageStep = step;
    this.message = message;
    return message;
  }

  private closeMessage(
    status: 'completed' | 'incomplete',
    reason?: 'failed' | 'cancelled' | 'expired',
  ): void {
    const message = this.message;
    if (message === undefined) return;
    this.message = undefined;
    message.content = [{ type: 'text', text: { value: this.text.join(''), annotations: [] } }];
    message.status = status;
    if (status === 'completed') message.completed_at = message.created_at;
    else {
      message.incomplete_at = Math.floor(Date.now() / 1000);
      message.incomplete_details = { reason: `run_${reason ?? 'failed'}` };
    }
    this.out.messageEvent(`thread.message.${status}`, message);
  }

  private onToolPiece(
    index: number,
    id: string | undefined,
    name: string | undefined,
    args: string | undefined,
  ): void {
    if (this.message !== undefined) {
      this.closeMessage('completed');
      if (this.messageStep !== undefined) this.out.closeStep(this.messageStep, 'completed');
      this.messageStep = undefined;
    }
    this.toolStep ??= this.out.openStep({ type: 'tool_calls', tool_calls: [] });
    let call = this.calls.find((c) => c.index === index);
    const isNew = call === undefined;
    if (call === undefined) {
      call = {
        index,
        id: id ?? `call_${index}`,
        name: name ?? '',
        args: '',
        parser: new PartialJsonParser(),
        parseError: undefined,
      };
      this.calls.push(call);
    } else {
      if (id !== undefined && id !== '') call.id = id;
      if (name !== undefined) call.name += name;
    }
    const fragment = args ?? '';
    call.args += fragment;
    if (call.parser !== undefined && fragment !== '') {
      try {
        call.parser.push(fragment);
      } catch (error) {
        call.parseError = toRxRunnablesError(error, 'JSON_PARSE');
        call.parser = undefined;
      }
    }
    this.out.emit({
      event: 'thread.run.step.delta',
      data: {
        id: this.toolStep.id,
        object: 'thread.run.step.delta',
        delta: {
          step_details: {
            type: 'tool_calls',
            tool_calls: [
              {
                index,
                ...(isNew ? { id: call.id } : {}),
                type: 'function',
                function: {
                  ...(isNew || name !== undefined ? { name: isNew ? call.name : name } : {}),
                  arguments: fragment,
                },
              },
            ],
          },
        },
      },
      sequence: this.out.next(),
    });
  }

  /**
   * Ends the turn after the model's last chunk: completes the message, parses each call's
   * arguments. Malformed arguments throw `TOOL_ARGUMENTS` (the caller fails the step).
   */
  finish(): TurnResult {
    if (this.message !== undefined) {
      this.closeMessage('completed');
      const step = this.messageStep as RunStepObject;
      if (this.toolStep === undefined) step.usage = this.usage;
      this.out.closeStep(step, 'completed');
      this.messageStep = undefined;
    }
    const calls: PendingToolCall[] = [];
    const toolCalls: ToolCall[] = [];
    for (const call of this.calls) {
      const args = this.parseArgs(call);
      calls.push({ id: call.id, name: call.name, arguments: call.args, args });
      toolCalls.push({ id: call.id, name: call.name, args, type: 'tool_call' });
    }
    const toolStep = this.toolStep;
    if (toolStep !== undefined) {
      toolStep.usage = this.usage;
      toolStep.step_details = {
        type: 'tool_calls',
        tool_calls: calls.map((c) => ({
          id: c.id,
          type: 'function',
          function: {
            name: c.name,
            arguments: c.arguments,
            output: null,
            parsed_arguments: structuredClone(c.args),
          },
        })),
      };
    }
    const usage = this.usage;
    const message = new AIMessage({
      content: this.text.join(''),
      toolCalls,
      ...(usage === null
        ? {}
        : {
            usageMetadata: {
              inputTokens: usage.prompt_tokens,
              outputTokens: usage.completion_tokens,
              totalTokens: usage.total_tokens,
            },
          }),
    });
    return { message, calls, toolStep };
  }

  /** The usage of the turn so far. */
  get turnUsage(): RunUsage | null {
    return this.usage;
  }

  private parseArgs(call: CallBuffer): Record<string, unknown> {
    let error = call.parseError;
    let value: unknown;
    if (error === undefined) {
      try {
        value = call.args.trim() === '' ? {} : (call.parser as PartialJsonParser).end();
      } catch (e) {
        error = toRxRunnablesError(e, 'JSON_PARSE');
      }
    }
    if (
      error === undefined &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      error = new RxRunnablesError('JSON_PARSE', 'Tool arguments must be a JSON object');
    }
    if (error !== undefined) {
      throw new RxRunnablesError(
        'TOOL_ARGUMENTS',
        `The model sent malformed arguments for tool ${call.name} (${call.id}): ${error.message}`,
        {
          step: call.name,
          stage: 'tool-arguments',
          toolCallId: call.id,
          arguments: call.args,
          cause: error,
        },
      );
    }
    return value as Record<string, unknown>;
  }

  /** Ends the turn early (failure or cancel): the open message and steps end with it. */
  abandon(status: 'failed' | 'cancelled' | 'expired', error?: RunError): void {
    if (this.message !== undefined) this.closeMessage('incomplete', status);
    if (this.messageStep !== undefined) this.out.closeStep(this.messageStep, status, error);
    this.messageStep = undefined;
    if (this.toolStep !== undefined && this.toolStep.status === 'in_progress') {
      this.toolStep.usage = this.usage;
      this.out.closeStep(this.toolStep, status, error);
    }
  }
}
