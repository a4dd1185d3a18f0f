/**
 * toResponsesEvents: a run's events as Responses API streaming events.
 * @module
 */
import { Observable } from 'rxjs';
import type { AssistantStreamEvent, RunObject, RunStepObject } from './run-objects';
import type { ResponseObject, ResponseOutputItem, ResponseStreamEvent } from './responses-types';
import { responseObjectOf, responseUsageOf } from './responses-object';
import { Run } from './run';
import type { RunState } from './run-state';

type FunctionCallItem = Extract<ResponseOutputItem, { type: 'function_call' }>;
type MessageItem = Extract<ResponseOutputItem, { type: 'message' }>;

/** Maps one stream of run events to Responses events, keeping the response being built. */
class ResponsesMapper {
  private sequence = 0;
  private response: ResponseObject | undefined;
  private inProgress = false;
  private message: { item: MessageItem; index: number } | undefined;
  private readonly calls = new Map<number, { item: FunctionCallItem; index: number }>();

  constructor(
    private readonly emit: (event: ResponseStreamEvent) => void,
    private readonly state: RunState | undefined,
  ) {}

  private snapshot(): ResponseObject {
    return structuredClone(this.response as ResponseObject);
  }

  private lifecycle(
    type: 'response.created' | 'response.in_progress' | 'response.completed',
  ): void {
    this.emit({ type, response: this.snapshot(), sequence_number: this.sequence++ });
  }

  private ensureResponse(run: RunObject): ResponseObject {
    if (this.response === undefined) {
      this.response = responseObjectOf(run);
      this.lifecycle('response.created');
    }
    this.response.usage = responseUsageOf(run.usage);
    return this.response;
  }

  private add(item: ResponseOutputItem): number {
    const response = this.response as ResponseObject;
    const index = response.output.length;
    response.output.push(item);
    this.emit({
      type: 'response.output_item.added',
      output_index: index,
      item: structuredClone(item),
      sequence_number: this.sequence++,
    });
    return index;
  }

  private done(item: ResponseOutputItem, index: number): void {
    this.emit({
      type: 'response.output_item.done',
      output_index: index,
      item: structuredClone(item),
      sequence_number: this.sequence++,
    });
  }

  private closeCalls(status: 'completed' | 'incomplete'): void {
    for (const { item, index } of this.calls.values()) {
      item.status = status;
      this.emit({
        type: 'response.function_call_arguments.done',
        item_id: item.id,
        output_index: index,
        name: item.name,
        arguments: item.arguments,
        sequence_number: this.sequence++,
      });
      this.done(item, index);
    }
    this.calls.clear();
  }

  private stepEnded(step: RunStepObject, status: 'completed' | 'incomplete'): void {
    if (step.step_details.type !== 'tool_calls') return;
    this.closeCalls(status);
    if (status !== 'completed') return;
    for (const call of step.step_details.tool_calls) this.output(call.id, call.function.output);
  }

  private output(callId: string, output: string | null): void {
    const item: ResponseOutputItem = {
      type: 'function_call_output',
      id: `fco_${callId}`,
      call_id: callId,
      output: output ?? '',
      status: 'completed',
    };
    this.done(item, this.add(item));
  }

  /** At a pause: the outputs of the step's calls that already ran (the run's own tools). */
  private ranBeforePause(): void {
    const pending = this.state?.pending;
    for (const call of pending?.calls ?? []) {
      const outcome = pending?.outputs[call.id];
      if (outcome !== undefined) this.output(call.id, outcome.output);
    }
  }

  private end(
    run: RunObject,
    status: ResponseObject['status'],
    reason?: 'max_steps' | 'cancelled' | 'expired',
  ): void {
    const response = this.ensureResponse(run);
    response.status = status;
    if (reason !== undefined) response.incomplete_details = { reason };
    if (status === 'failed') response.error = run.last_error;
    const type =
      status === 'completed'
        ? 'response.completed'
        : status === 'failed'
          ? 'response.failed'
          : 'response.incomplete';
    this.emit({
      type,
      response: this.snapshot(),
      sequence_number: this.sequence++,
    } as ResponseStreamEvent);
  }

  push(event: AssistantStreamEvent): void {
    switch (event.event) {
      case 'thread.run.created':
      case 'thread.run.queued':
        this.ensureResponse(event.data);
        break;
      case 'thread.run.in_progress':
        this.ensureResponse(event.data);
        if (!this.inProgress) this.lifecycle('response.in_progress');
        this.inProgress = true;
        break;
      case 'thread.message.created': {
        const item: MessageItem = {
          type: 'message',
          id: event.data.id,
          role: 'assistant',
          status: 'in_progress',
          content: [],
        };
        const index = this.add(item);
        this.message = { item, index };
        this.emit({
          type: 'response.content_part.added',
          item_id: item.id,
          output_index: index,
          content_index: 0,
          part: { type: 'output_text', text: '', annotations: [] },
          sequence_number: this.sequence++,
        });
        break;
      }
      case 'thread.message.delta': {
        const open = this.message;
        if (open === undefined) break;
        this.emit({
          type: 'response.output_text.delta',
          item_id: open.item.id,
          output_index: open.index,
          content_index: 0,
          delta: event.data.delta.content[0]?.text.value ?? '',
          logprobs: [],
          sequence_number: this.sequence++,
        });
        break;
      }
      case 'thread.message.completed':
      case 'thread.message.incomplete': {
        const open = this.message;
        if (open === undefined) break;
        this.message = undefined;
        const text = event.data.content[0]?.text.value ?? '';
        const part = { type: 'output_text' as const, text, annotations: [] };
        const base = { item_id: open.item.id, output_index: open.index, content_index: 0 };
        this.emit({
          type: 'response.output_text.done',
          ...base,
          text,
          logprobs: [],
          sequence_number: this.sequence++,
        });
        this.emit({
          type: 'response.content_part.done',
          ...base,
          part,
          sequence_number: this.sequence++,
        });
        open.item.content = [part];
        open.item.status = event.event === 'thread.message.completed' ? 'completed' : 'incomplete';
        this.done(open.item, open.index);
        break;
      }
      case 'thread.run.step.delta':
        for (const call of event.data.delta.step_details.tool_calls) {
          let open = this.calls.get(call.index);
          if (open === undefined) {
            const id = call.id ?? `call_${call.index}`;
            const item: FunctionCallItem = {
              type: 'function_call',
              id: `fc_${id}`,
              call_id: id,
              name: call.function.name ?? '',
              arguments: '',
              status: 'in_progress',
            };
            open = { item, index: this.add(item) };
            this.calls.set(call.index, open);
          }
          const delta = call.function.arguments ?? '';
          if (delta === '') continue;
          open.item.arguments += delta;
          this.emit({
            type: 'response.function_call_arguments.delta',
            item_id: open.item.id,
            output_index: open.index,
            delta,
            sequence_number: this.sequence++,
          });
        }
        break;
      case 'thread.run.step.completed':
        this.stepEnded(event.data, 'completed');
        break;
      case 'thread.run.step.failed':
      case 'thread.run.step.cancelled':
      case 'thread.run.step.expired':
        this.stepEnded(event.data, 'incomplete');
        break;
      case 'thread.run.requires_action':
        this.closeCalls('completed');
        this.ranBeforePause();
        this.end(event.data, 'completed');
        break;
      case 'thread.run.completed':
        this.end(event.data, 'completed');
        break;
      case 'thread.run.incomplete':
        this.end(event.data, 'incomplete', event.data.incomplete_details?.reason ?? 'max_steps');
        break;
      case 'thread.run.cancelled':
        this.end(event.data, 'incomplete', 'cancelled');
        break;
      case 'thread.run.expired':
        this.end(event.data, 'incomplete', 'expired');
        break;
      case 'thread.run.failed':
        this.end(event.data, 'failed');
        break;
      case 'error':
        this.emit({
          type: 'error',
          code: event.data.code,
          message: event.data.message,
          param: null,
          sequence_number: this.sequence++,
        });
        break;
      default:
        break;
    }
  }
}

/**
 * A run's events as Responses API streaming events: `response.created`, `response.in_progress`,
 * `response.output_item.added` / `.done` (messages, function calls, and `function_call_output`
 * items for the tools the run ran), `response.content_part.added` / `.done`,
 * `response.output_text.delta` / `.done`, `response.function_call_arguments.delta` / `.done`,
 * then `response.completed` (also when the run pauses for tool calls, as the Responses API ends a
 * turn with function calls), `response.incomplete` (`max_steps`, `cancelled`, `expired`) or
 * `response.failed` followed by `error`. `sequence_number` counts from 0. Unsubscribing cancels
 * the run.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { createRun, toResponsesEvents } from 'rx-runnables/runs';
 * import { encodeSSE } from 'rx-runnables/transport';
 *
 * const run = createRun({ model: new DemoChatModel(), messages: 'Hi' });
 * const frames = encodeSSE(toResponsesEvents(run), { event: (e) => e.type, serialize: JSON.stringify });
 * ```
 */
export function toResponsesEvents(
  run: Observable<AssistantStreamEvent>,
): Observable<ResponseStreamEvent> {
  return new Observable<ResponseStreamEvent>((subscriber) => {
    const state = run instanceof Run ? run.state : undefined;
    const mapper = new ResponsesMapper((event) => subscriber.next(event), state);
    return run.subscribe({
      next: (event) => mapper.push(event),
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}
