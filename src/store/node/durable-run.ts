/**
 * executeDurableRun: one attempt at a durable run — a fresh start, or the takeover of a run whose
 * worker died, from its last checkpoint — writing its events to the store.
 * @module
 */
import { lastValueFrom, take, toArray } from 'rxjs';
import { RunnableLambda } from '../../core/lambda';
import { RxRunnablesError } from '../../core/errors';
import { createRun } from '../../runs/create-run';
import type { CreateRunOptions } from '../../runs/create-run';
import { resumeRun } from '../../runs/resume-run';
import type { Run } from '../../runs/run';
import type { AssistantStreamEvent } from '../../runs/run-objects';
import { RunState } from '../../runs/run-state';
import type { RunStateData } from '../../runs/run-state';
import { errorToWire, serializeForWire } from '../../transport/wire';
import type { EventStore, StreamStatus } from '../event-store';
import { runDetached } from '../run-detached';
import { CheckpointWriter } from './checkpoint-writer';
import type { RunCheckpoints } from './run-checkpoints';

/** What a worker needs to run (or resume) a run: `createRun`'s options without `signal`. */
export type DurableRunDefinition = Omit<CreateRunOptions, 'signal' | 'onCheckpoint'>;

/**
 * The name of the event a durable run's stream gets where another worker took the run over.
 *
 * @example
 * ```ts
 * for await (const frame of fromSSE(`/stream/${runId}`, { reconnect: { attempts: 10 } })) {
 *   const event = JSON.parse(frame.data) as DurableRunEvent;
 *   // Work after the checkpoint is done again: a message opened since then never completes.
 *   if (event.event === RUN_INTERRUPTED) dropUnfinished(event.data.checkpoint_sequence);
 * }
 * ```
 */
export const RUN_INTERRUPTED = 'thread.run.interrupted';

/**
 * Stored where a worker took over the run of a worker that died: the events before it whose
 * sequence is above `checkpoint_sequence` belong to work that is done again after it (a message
 * or step they opened never completes: drop it); the continuation follows, numbered on.
 */
export interface RunInterruptedEvent {
  readonly event: typeof RUN_INTERRUPTED;
  readonly data: {
    readonly object: 'thread.run.interruption';
    readonly run_id: string;
    readonly reason: 'worker-lost';
    /** The last event the checkpoint covers: the continuation goes on from there. */
    readonly checkpoint_sequence: number;
    /** How many times the run was started, this takeover included. */
    readonly attempt: number;
  };
  readonly sequence: number;
}

/**
 * What a durable run's stream holds: the run's events and, after a takeover, the interruption.
 *
 * @example
 * ```ts
 * const events = stored.map((e) => JSON.parse(e.data) as DurableRunEvent);
 * const takeovers = events.filter((e) => e.event === RUN_INTERRUPTED).length;
 * ```
 */
export type DurableRunEvent = AssistantStreamEvent | RunInterruptedEvent;

/** The run events after which a run's stream has nothing more but `done` (or `error`, `done`). */
const ENDINGS = new Set([
  'thread.run.completed',
  'thread.run.incomplete',
  'thread.run.failed',
  'thread.run.cancelled',
  'thread.run.expired',
  'thread.run.requires_action',
]);

/**
 * Whether the events stored after the checkpoint (`after` < seq ≤ `last`) hold the run's end —
 * a worker that died between storing it and marking the stream — and whether `done` is stored.
 */
async function endedAfter(
  store: EventStore,
  runId: string,
  after: number,
  last: number,
): Promise<{ status: RunState['run']['status']; done: boolean } | undefined> {
  if (last <= after) return undefined;
  const tail = await lastValueFrom(
    store.read(runId, { after }).pipe(take(last - after), toArray()),
  );
  const events = tail.map((e) => JSON.parse(e.data) as DurableRunEvent);
  const end = events.find((e) => ENDINGS.has(e.event));
  if (end === undefined) return undefined;
  const status = (end.data as { status?: RunState['run']['status'] }).status ?? 'completed';
  return { status, done: events.at(-1)?.event === 'done' };
}

/** What a takeover waits past the fence: an append sent just before it has landed. */
const FENCE_MARGIN_MS = 250;

/** What one attempt needs. @internal */
export interface DurableRunAttempt {
  readonly runId: string;
  readonly store: EventStore;
  readonly checkpoints: RunCheckpoints;
  /** The run's definition; `attempt` is 1 for the first start, 2 for the first takeover, … */
  readonly define: (attempt: number) => DurableRunDefinition | Promise<DurableRunDefinition>;
  readonly leaseMs: number;
  readonly heartbeatMs?: number | undefined;
  /**
   * The fence: a worker confirms it still holds the run (its epoch) at most this long before each
   * append, and a takeover waits this long (plus a margin) before its first write, so the events
   * of a worker that lost the run — stalled, not dead — never mix with the new worker's.
   */
  readonly fenceMs: number;
  /** Aborted when this worker lost the run (BullMQ's `lockRenewalFailed`): it stops writing. */
  readonly signal?: AbortSignal | undefined;
}

/** How an attempt ended: the stream's status and the run's. */
export interface DurableRunResult {
  readonly streamStatus: StreamStatus;
  readonly runStatus: RunState['run']['status'] | undefined;
  /** Whether this attempt took the run over from a worker that died. */
  readonly tookOver: boolean;
}

/**
 * Runs one attempt of a durable run: claims it (a new epoch), then starts it — or, when its
 * stream is active with events a worker that died wrote, appends a {@link RunInterruptedEvent}
 * and resumes it from the last checkpoint on the same stream, numbered on. Resolves when the
 * run's stream ended; throws `STREAM_CONFLICT` when another worker took the run over meanwhile.
 * @internal
 */
export async function executeDurableRun(attempt: DurableRunAttempt): Promise<DurableRunResult> {
  const { runId, store, checkpoints, signal } = attempt;
  const { epoch, state: saved } = await checkpoints.claim(runId);
  const writer = new CheckpointWriter(attempt.checkpoints, runId, epoch, attempt.fenceMs);
  const lose = (): void => {
    writer.lost = true;
  };
  if (signal?.aborted === true) lose();
  signal?.addEventListener('abort', lose, { once: true });
  try {
    return await execute(attempt, writer, epoch, saved);
  } catch (error) {
    if (!writer.lost) {
      // A failure of this worker's own (a `define` that throws, Redis gone for too long): the
      // stream's readers are told, typed, rather than left to wait for the lease.
      await store.fail(runId, errorToWire(error)).catch(() => undefined);
      await writer.write(undefined).catch(() => undefined);
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', lose);
  }
}

async function execute(
  attempt: DurableRunAttempt,
  writer: CheckpointWriter,
  epoch: number,
  saved: RunStateData | undefined,
): Promise<DurableRunResult> {
  const { runId, store, checkpoints, leaseMs } = attempt;
  const producerId = `run:${runId}`;
  let before = await store.info(runId);
  if (before?.status === 'active') {
    // Another worker had the run: past the fence, it can no longer append (see `fenceMs`).
    await new Promise((resolve) => setTimeout(resolve, attempt.fenceMs + FENCE_MARGIN_MS));
    before = await store.info(runId);
  }
  const info = before;
  if (info !== undefined && info.status !== 'active') {
    // The run ended; its worker died before the queue heard of it.
    await checkpoints.save(runId, epoch, undefined);
    return { streamStatus: info.status, runStatus: saved?.run.status, tookOver: false };
  }
  writer.stored = info?.lastSeq ?? 0;
  const tookOver = info !== undefined && info.lastSeq > 0;
  const onCheckpoint = (state: RunState): void => writer.snapshot(state);
  const definition = await attempt.define(epoch);
  let run: Run;
  if (!tookOver) {
    run = createRun({ ...definition, onCheckpoint });
    // The state before any work: a worker that dies before the first step is resumed from it.
    await writer.write(run.state.toJSON());
  } else {
    if (saved === undefined) {
      const error = new RxRunnablesError('RUN_STATE', `Run ${runId} has no checkpoint to resume`, {
        step: 'createRunWorker',
        streamId: runId,
      });
      await store.fail(runId, errorToWire(error));
      return { streamStatus: 'failed', runStatus: undefined, tookOver };
    }
    const ended = await endedAfter(store, runId, saved.sequence, info.lastSeq);
    if (ended !== undefined) {
      // The dead worker had stored the run's end but not marked the stream: end it, redo nothing.
      if (!ended.done) {
        const done = { event: 'done', data: '[DONE]', sequence: info.lastSeq + 1 };
        await store.open(runId, { producerId, leaseMs });
        await store.append(runId, serializeForWire(done), { producerId, seq: done.sequence });
      }
      await store.complete(runId);
      await writer.write(undefined);
      return { streamStatus: 'done', runStatus: ended.status, tookOver };
    }
    const state = RunState.fromJSON(saved);
    const seq = info.lastSeq + 1;
    const interrupted: RunInterruptedEvent = {
      event: RUN_INTERRUPTED,
      data: {
        object: 'thread.run.interruption',
        run_id: state.run.id,
        reason: 'worker-lost',
        checkpoint_sequence: saved.sequence,
        attempt: epoch,
      },
      sequence: seq,
    };
    await store.open(runId, { producerId, leaseMs });
    await store.append(runId, serializeForWire(interrupted), { producerId, seq });
    state.sequence = seq;
    run = resumeRun(state, {
      model: definition.model,
      tools: definition.tools ?? [],
      onCheckpoint,
    });
  }
  writer.throwIfLost();
  const detached = await runDetached(
    RunnableLambda.from((_: string) => run),
    '',
    {
      store: writer.fenced(store),
      streamId: runId,
      producerId,
      leaseMs,
      ...(attempt.heartbeatMs === undefined ? {} : { heartbeatMs: attempt.heartbeatMs }),
      continue: tookOver,
    },
  );
  const streamStatus = await detached.finished;
  writer.throwIfLost();
  await writer.write(undefined);
  return { streamStatus, runStatus: run.state.status, tookOver };
}
