/**
 * The handler API of a run (as openai-node's AssistantStream): text, message, tool-call and
 * step callbacks with their snapshots.
 * @module
 */
import { RxRunnablesError } from '../core';
import { PartialJsonParser } from '../json';
import type {
  AssistantStreamEvent,
  MessageDeltaObject,
  MessageObject,
  RunStepDeltaObject,
  RunStepObject,
  StepToolCall,
  TextContent,
  ToolCallDelta,
} from './run-objects';

/**
 * The callbacks `run.on(name, handler)` accepts. Deltas come with the snapshot so far.
 *
 * @example
 * ```ts
 * const onDelta: RunHandlerMap['textDelta'] = (delta, snapshot) => console.log(delta.value, snapshot.text.value);
 * ```
 */
export interface RunHandlerMap {
  textCreated: (content: TextContent) => void;
  textDelta: (delta: { value: string }, snapshot: TextContent) => void;
  textDone: (content: TextContent, message: MessageObject) => void;
  messageCreated: (message: MessageObject) => void;
  messageDelta: (delta: MessageDeltaObject['delta'], snapshot: MessageObject) => void;
  messageDone: (message: MessageObject) => void;
  toolCallCreated: (toolCall: StepToolCall) => void;
  toolCallDelta: (delta: ToolCallDelta, snapshot: StepToolCall) => void;
  toolCallDone: (toolCall: StepToolCall) => void;
  runStepCreated: (step: RunStepObject) => void;
  runStepDelta: (delta: RunStepDeltaObject['delta'], snapshot: RunStepObject) => void;
  runStepDone: (step: RunStepObject) => void;
  event: (event: AssistantStreamEvent) => void;
  /** The run failed (its typed error). */
  error: (error: RxRunnablesError) => void;
  /** The run was cancelled. */
  abort: (error: RxRunnablesError) => void;
  /** The stream ended (done, paused, failed or cancelled). */
  end: () => void;
}

type Handlers = { [K in keyof RunHandlerMap]?: RunHandlerMap[K][] };

/** Dispatches a run's events to registered handlers, keeping snapshots. @internal */
export class RunHandlers {
  private readonly handlers: Handlers = {};
  private readonly messages = new Map<string, MessageObject>();
  private readonly steps = new Map<string, RunStepObject>();
  /** Tool calls of the open step not yet reported done, by index. */
  private readonly openCalls = new Map<number, StepToolCall>();
  /** The partial-JSON parsers of those calls' arguments (for `parsed_arguments`). */
  private readonly parsers = new Map<number, PartialJsonParser | undefined>();
  /** The first error a handler threw (a `CALLBACK` error). */
  failure: RxRunnablesError | undefined;
  /** Text parts already reported by `textCreated`. */
  private readonly createdTexts = new WeakSet<TextContent>();

  add<K extends keyof RunHandlerMap>(name: K, handler: RunHandlerMap[K]): void {
    const list = (this.handlers[name] ??= []) as RunHandlerMap[K][];
    list.push(handler);
  }

  private call<K extends keyof RunHandlerMap>(
    name: K,
    ...args: Parameters<RunHandlerMap[K]>
  ): void {
    const list = this.handlers[name];
    if (list === undefined) return;
    for (const handler of list) {
      try {
        (handler as (...a: Parameters<RunHandlerMap[K]>) => void)(...args);
      } catch (error) {
        // The run goes on (a handler's bug is not the model's); `untilDone()` rejects with it.
        this.failure ??= new RxRunnablesError('CALLBACK', `The ${name} handler threw`, {
          step: name,
          cause: error,
        });
      }
    }
  }

  end(): void {
    this.call('end');
  }

  private toolCallsDone(): void {
    for (const call of this.openCalls.values()) this.call('toolCallDone', call);
    this.openCalls.clear();
    this.parsers.clear();
  }

  dispatch(event: AssistantStreamEvent): void {
    this.call('event', event);
    switch (event.event) {
      case 'thread.message.created': {
        this.messages.set(event.data.id, event.data);
        this.call('messageCreated', event.data);
        break;
      }
      case 'thread.message.delta': {
        const snapshot = this.messages.get(event.data.id);
        if (snapshot === undefined) break;
        for (const part of event.data.delta.content) {
          const content = snapshot.content[part.index] ?? {
            type: 'text',
            text: { value: '', annotations: [] },
          };
          if (snapshot.content[part.index] === undefined) snapshot.content[part.index] = content;
          if (content.text.value === '' && !this.createdTexts.has(content)) {
            this.createdTexts.add(content);
            this.call('textCreated', content);
          }
          content.text.value += part.text.value;
          this.call('textDelta', part.text, content);
        }
        this.call('messageDelta', event.data.delta, snapshot);
        break;
      }
      case 'thread.message.completed':
      case 'thread.message.incomplete': {
        this.messages.set(event.data.id, event.data);
        for (const content of event.data.content) this.call('textDone', content, event.data);
        this.call('messageDone', event.data);
        break;
      }
      case 'thread.run.step.created':
        this.steps.set(event.data.id, event.data);
        this.call('runStepCreated', event.data);
        break;
      case 'thread.run.step.delta':
        this.stepDelta(event.data);
        break;
      case 'thread.run.step.completed':
      case 'thread.run.step.failed':
      case 'thread.run.step.cancelled':
      case 'thread.run.step.expired':
        this.toolCallsDone();
        this.steps.set(event.data.id, event.data);
        this.call('runStepDone', event.data);
        break;
      case 'thread.run.requires_action':
        this.toolCallsDone();
        break;
      case 'thread.run.cancelled':
        this.call(
          'abort',
          new RxRunnablesError('ABORTED', 'The run was cancelled', { step: event.data.id }),
        );
        break;
      case 'thread.run.expired':
        this.call(
          'abort',
          new RxRunnablesError('TIMEOUT', 'The run expired', {
            step: event.data.id,
            expiresAt: event.data.expires_at,
          }),
        );
        break;
      case 'error':
        this.call(
          'error',
          new RxRunnablesError(event.data.code as RxRunnablesError['code'], event.data.message, {
            ...event.data.details,
          }),
        );
        break;
      default:
        break;
    }
  }

  private stepDelta(data: RunStepDeltaObject): void {
    const step = this.steps.get(data.id);
    if (step === undefined || step.step_details.type !== 'tool_calls') return;
    const calls = step.step_details.tool_calls;
    for (const delta of data.delta.step_details.tool_calls) {
      let call = this.openCalls.get(delta.index);
      if (call === undefined) {
        this.toolCallsDone();
        call = {
          id: delta.id ?? '',
          type: 'function',
          function: { name: delta.function.name ?? '', arguments: '', output: null },
        };
        calls[delta.index] = call;
        this.openCalls.set(delta.index, call);
        this.parsers.set(delta.index, new PartialJsonParser());
        this.call('toolCallCreated', call);
      }
      const fragment = delta.function.arguments ?? '';
      call.function.arguments += fragment;
      const parser = this.parsers.get(delta.index);
      if (parser !== undefined && fragment !== '') {
        try {
          call.function.parsed_arguments = parser.push(fragment);
        } catch {
          // Malformed arguments: the step fails with TOOL_ARGUMENTS; no parsed value.
          this.parsers.set(delta.index, undefined);
        }
      }
      this.call('toolCallDelta', delta, call);
    }
    this.call('runStepDelta', data.delta, step);
  }
}
