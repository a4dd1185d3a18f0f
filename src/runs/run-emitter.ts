/**
 * Builds run events: sequence numbers, timestamps, ids and the step/message objects.
 * @module
 */
import { newRunId } from '../core';
import type {
  AssistantStreamEvent,
  MessageEventName,
  MessageObject,
  RunEventName,
  RunStepObject,
  RunUsage,
  StepDetails,
  StepEventName,
} from './run-objects';
import type { RunState } from './run-state';

/** Unix seconds, as the Assistants objects carry them. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A short random id with a prefix (`step_…`, `msg_…`). */
export const newId = (prefix: string): string => `${prefix}_${newRunId().replaceAll('-', '')}`;

/** Adds usage `b` to `a` (either may be missing). */
export function addUsage(a: RunUsage | null, b: RunUsage | null): RunUsage | null {
  if (b === null) return a;
  if (a === null) return { ...b };
  return {
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}

/** Emits a run's events into `sink`, numbering them in the state. @internal */
export class RunEmitter {
  constructor(
    readonly state: RunState,
    private readonly sink: (event: AssistantStreamEvent) => void,
  ) {}

  /** Emits an event as is (deltas: built by the caller, never retained). */
  emit(event: AssistantStreamEvent): void {
    this.sink(event);
  }

  /** The next sequence number. */
  next(): number {
    return ++this.state.sequence;
  }

  runEvent(event: RunEventName): void {
    this.sink({ event, data: structuredClone(this.state.run), sequence: this.next() });
  }

  stepEvent(event: StepEventName, step: RunStepObject): void {
    this.sink({ event, data: structuredClone(step), sequence: this.next() });
  }

  messageEvent(event: MessageEventName, message: MessageObject): void {
    this.sink({ event, data: structuredClone(message), sequence: this.next() });
  }

  /** Creates a step, records it in the state and emits `created` and `in_progress`. */
  openStep(details: StepDetails): RunStepObject {
    const step: RunStepObject = {
      id: newId('step'),
      object: 'thread.run.step',
      created_at: nowSeconds(),
      run_id: this.state.run.id,
      thread_id: this.state.run.thread_id,
      assistant_id: this.state.run.assistant_id,
      type: details.type,
      status: 'in_progress',
      step_details: details,
      last_error: null,
      metadata: {},
      completed_at: null,
      cancelled_at: null,
      failed_at: null,
      expired_at: null,
      usage: null,
    };
    this.state.steps.push(step);
    this.stepEvent('thread.run.step.created', step);
    this.stepEvent('thread.run.step.in_progress', step);
    return step;
  }

  /**
   * Creates a message in its step (as the Assistants API does: the `message_creation` step
   * first, then the message), records both and emits their `created` and `in_progress`.
   */
  openMessage(): { message: MessageObject; step: RunStepObject } {
    const message: MessageObject = {
      id: newId('msg'),
      object: 'thread.message',
      created_at: nowSeconds(),
      thread_id: this.state.run.thread_id,
      run_id: this.state.run.id,
      assistant_id: this.state.run.assistant_id,
      role: 'assistant',
      status: 'in_progress',
      // As OpenAI creates it: no content yet; the first delta brings the text entry.
      content: [],
      attachments: [],
      metadata: {},
      completed_at: null,
      incomplete_at: null,
      incomplete_details: null,
    };
    const step = this.openStep({
      type: 'message_creation',
      message_creation: { message_id: message.id },
    });
    this.state.messageObjects.push(message);
    this.messageEvent('thread.message.created', message);
    this.messageEvent('thread.message.in_progress', message);
    return { message, step };
  }

  /** Ends a step: `completed`, `failed` or `cancelled`. */
  closeStep(
    step: RunStepObject,
    status: 'completed' | 'failed' | 'cancelled' | 'expired',
    error?: { code: string; message: string },
  ): void {
    step.status = status;
    const at = nowSeconds();
    if (status === 'completed') step.completed_at = at;
    else if (status === 'failed') {
      step.failed_at = at;
      step.last_error = error ?? null;
    } else if (status === 'expired') step.expired_at = at;
    else step.cancelled_at = at;
    this.stepEvent(`thread.run.step.${status}`, step);
  }
}
