import { lastValueFrom, toArray } from 'rxjs';
import { z } from 'zod';
import type { AssistantStreamEvent, Run, RunTool } from '../../src/runs';

/** A server tool with a description and a schema: the weather in a city. */
export const weather: RunTool = {
  name: 'weather',
  description: 'Weather in a city',
  schema: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${String(city)}`,
};

/** Every event of a run's stream, in order. */
export function eventsOf(run: Run): Promise<AssistantStreamEvent[]> {
  return lastValueFrom(run.pipe(toArray()));
}

/** The event names. */
export const namesOf = (events: readonly AssistantStreamEvent[]): string[] =>
  events.map((e) => e.event);

export const RUN_START = ['thread.run.created', 'thread.run.queued', 'thread.run.in_progress'];
export const RUN_RESUME = ['thread.run.queued', 'thread.run.in_progress'];

/** The opening of a message_creation step with `deltas` text deltas (the message not ended). */
export function openMessageStep(deltas: number): string[] {
  return [
    'thread.run.step.created',
    'thread.run.step.in_progress',
    'thread.message.created',
    'thread.message.in_progress',
    ...Array<string>(deltas).fill('thread.message.delta'),
  ];
}

/** A message_creation step with `deltas` text deltas. */
export function messageStep(deltas: number): string[] {
  return [...openMessageStep(deltas), 'thread.message.completed', 'thread.run.step.completed'];
}

/** How a run ends when its current step fails: the step failed, the run failed, error, done. */
export const STEP_AND_RUN_FAILED = ['thread.run.step.failed', 'thread.run.failed', 'error', 'done'];

/** The opening of a tool_calls step with `deltas` step deltas. */
export function toolStep(deltas: number): string[] {
  return [
    'thread.run.step.created',
    'thread.run.step.in_progress',
    ...Array<string>(deltas).fill('thread.run.step.delta'),
  ];
}

/** A tool_calls step with `deltas` step deltas, then its completion. */
export const completedToolStep = (deltas: number): string[] => [
  ...toolStep(deltas),
  'thread.run.step.completed',
];

/** The event names of a run that completes after `steps` (each step's names, in order). */
export function completedRun(...steps: string[][]): string[] {
  return [...RUN_START, ...steps.flat(), 'thread.run.completed', 'done'];
}

/** The Responses API events of one text output item with `deltas` text deltas. */
export function responsesTextItem(deltas: number): string[] {
  return [
    'response.output_item.added',
    'response.content_part.added',
    ...Array<string>(deltas).fill('response.output_text.delta'),
    'response.output_text.done',
    'response.content_part.done',
    'response.output_item.done',
  ];
}

/** Active timers of this process (Node's resource list). */
export const activeTimers = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
