/**
 * Helpers of the durable-run tests: child processes (workers, HTTP instances) that print `ready`,
 * and the check of one run's stored events.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AssistantStreamEvent } from '../../src/runs';
import type { DurableRunEvent, RunInterruptedEvent } from '../../src/store/node';
import { answerOf } from './durable-answer';

export interface Child {
  readonly process: ChildProcess;
  /** Every line it printed. */
  readonly lines: string[];
  /** SIGKILL (a crash), and wait for the exit. */
  kill(): Promise<void>;
}

/** Spawns `test/store/fixtures/<file>` under tsx with `env`; resolves once it printed `ready…`. */
export async function startChild(file: string, env: Record<string, string>): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures', file)],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  let rest = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      rest += data.toString();
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
      if (parts.some((line) => line.startsWith('ready'))) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before ready`)));
    child.once('error', reject);
  });
  return {
    process: child,
    lines,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** What {@link checkRun} found in a run's events. */
export interface RunCheck {
  /** Everything wrong with the stream (empty: all good). */
  readonly problems: string[];
  readonly interruptions: RunInterruptedEvent[];
  /** The text of the last completed message (from its `thread.message.completed`). */
  readonly finalText: string | undefined;
}

const isInterruption = (e: DurableRunEvent): e is RunInterruptedEvent =>
  e.event === 'thread.run.interrupted';

/**
 * Checks a durable run's events as a reader got them (`seq`, data text): ids 1, 2, 3, … with the
 * run's `sequence`; created once, completed once, `done` last; after each interruption the
 * continuation (`queued`, `in_progress`); the tool step completed once; the answer whole, both in
 * its `thread.message.completed` and in the deltas of that message.
 */
export function checkRun(
  runId: string,
  words: number,
  stored: readonly { seq: number; data: string }[],
): RunCheck {
  const problems: string[] = [];
  const events = stored.map((e) => JSON.parse(e.data) as DurableRunEvent);
  stored.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`event ${i} has id ${e.seq}`);
    if (events[i]?.sequence !== e.seq)
      problems.push(`id ${e.seq} holds sequence ${events[i]?.sequence}`);
  });
  const count = (name: string) => events.filter((e) => e.event === name).length;
  for (const name of ['thread.run.created', 'thread.run.completed', 'done']) {
    if (count(name) !== 1) problems.push(`${name} × ${count(name)}`);
  }
  if (events.at(-1)?.event !== 'done') problems.push(`last event ${events.at(-1)?.event}`);
  if (events.at(-2)?.event !== 'thread.run.completed') problems.push('not completed');
  const interruptions = events.filter(isInterruption);
  events.forEach((e, i) => {
    if (!isInterruption(e)) return;
    const next = [events[i + 1]?.event, events[i + 2]?.event];
    if (next[0] !== 'thread.run.queued' || next[1] !== 'thread.run.in_progress') {
      problems.push(`after the interruption at ${e.sequence}: ${next.join(', ')}`);
    }
  });
  const run = events.filter((e): e is AssistantStreamEvent => !isInterruption(e));
  const toolSteps = run.filter(
    (e) => e.event === 'thread.run.step.completed' && e.data.type === 'tool_calls',
  );
  if (toolSteps.length !== 1) problems.push(`tool step completed × ${toolSteps.length}`);
  const completed = run.filter((e) => e.event === 'thread.message.completed');
  const lastEvent = completed.at(-1);
  const last = lastEvent?.event === 'thread.message.completed' ? lastEvent.data : undefined;
  const finalText = last?.content[0]?.text.value;
  if (finalText !== answerOf(runId, words)) problems.push(`final text ${finalText}`);
  const ids = completed.map((e) => (e.event === 'thread.message.completed' ? e.data.id : ''));
  if (new Set(ids).size !== ids.length) problems.push('a message completed twice');
  const deltas = run
    .map((e) =>
      e.event === 'thread.message.delta' && e.data.id === last?.id
        ? (e.data.delta.content[0]?.text.value ?? '')
        : '',
    )
    .join('');
  if (deltas !== finalText) problems.push(`deltas of the answer: ${deltas}`);
  return { problems, interruptions, finalText };
}
