/**
 * runDetached: a run that writes its output to an event store whether or not anyone reads it.
 * @module
 */
import { concatMap, defer, from, map } from 'rxjs';
import type { Observable } from 'rxjs';
import type { Subscription } from 'rxjs';
import type { Runnable } from '../core/runnable';
import type { RunOptions } from '../core/run-options';
import { errorToWire, serializeForWire } from '../transport/wire';
import type { EventStore, StreamStatus } from './event-store';

/** Options of {@link runDetached}. */
export interface RunDetachedOptions<O> {
  /** Where the events go. */
  store: EventStore;
  /** The stream's id (what readers ask for). */
  streamId: string;
  /** This producer's id (default a random UUID). */
  producerId?: string;
  /** The run's options (`signal`, `timeoutMs`, `configurable`, …). */
  options?: RunOptions;
  /**
   * The data text of each stored event, from the run's output stream: default one event per
   * chunk, `serializeForWire` JSON. Pass e.g. `(s) => toUIMessageStream(s).pipe(map((p) => JSON.stringify(p)))`.
   */
  encode?: (output: Observable<O>) => Observable<string>;
  /** The lease: readers report `failed` this long after the last heartbeat (default 10 000). */
  leaseMs?: number;
  /** How often the lease is renewed (and, on a store that does not push cancels, a cancel looked for; default a third of `leaseMs`). */
  heartbeatMs?: number;
  /** Attempts of one append while the store is unreachable, same `seq` each time (default 8). */
  appendAttempts?: number;
  /**
   * Append to the stream `streamId` that a run ended `done` (a run paused for tool outputs, whose
   * continuation this is) instead of opening a new one: its events count on from the stream's
   * last sequence number, so a reader's `Last-Event-ID` from before the pause resumes across it.
   */
  continue?: boolean;
  /**
   * The platform's way to keep working after the response is sent — Vercel's and Cloudflare's
   * `waitUntil` (`ctx.waitUntil.bind(ctx)` on Workers), Netlify's `context.waitUntil` — given
   * `finished`, so a serverless function is not frozen while the run still writes to the store.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** A run started by {@link runDetached}. */
export interface DetachedRun {
  readonly streamId: string;
  readonly producerId: string;
  /** Settles with the stream's final status (`done`, `failed`, `cancelled`). Never rejects. */
  readonly finished: Promise<StreamStatus>;
  /** Stops producing here without marking the stream (as a crash would: readers see the lease expire). */
  abandon(): void;
}

/**
 * Runs `runnable` on `input` to completion, appending each output chunk to `store` under
 * `streamId` — whether anyone reads it or not — then marks the stream `done` (or `failed` with
 * the typed error). `store.cancel(streamId)` from any instance stops it — at once on a store
 * that pushes cancels (`watchCancel`: both stores here), else at the next heartbeat: the run is
 * unsubscribed, which aborts the model request. Appends carry explicit sequence
 * numbers, so one retried after a lost reply is stored once.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { MemoryEventStore, runDetached } from 'rx-runnables/store';
 *
 * const store = new MemoryEventStore();
 * const run = await runDetached(new DemoChatModel(), 'Hi', { store, streamId: 'chat-1' });
 * console.log(await run.finished); // done
 * ```
 */
export async function runDetached<I, O>(
  runnable: Runnable<I, O>,
  input: I,
  options: RunDetachedOptions<O>,
): Promise<DetachedRun> {
  const { store, streamId } = options;
  const producerId = options.producerId ?? globalThis.crypto.randomUUID();
  const leaseMs = options.leaseMs ?? 10_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3));
  const attempts = options.appendAttempts ?? 8;
  await store.open(streamId, { producerId, leaseMs, continue: options.continue === true });

  const encode =
    options.encode ?? ((output: Observable<O>) => output.pipe(map((v) => serializeForWire(v))));
  let seq = options.continue === true ? ((await store.info(streamId))?.lastSeq ?? 0) : 0;
  const append = (data: string): Observable<number> => {
    const mine = ++seq;
    return defer(() => retrying(() => store.append(streamId, data, { producerId, seq: mine })));
  };
  const retrying = async <T>(op: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (error) {
        if (attempt >= attempts || isConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 2_000)));
      }
    }
  };

  const beat = setInterval(() => {
    store.heartbeat(streamId).then(
      (status) => {
        if (status !== undefined && status !== 'active') stop(status);
      },
      () => undefined, // unreachable store: appends retry; readers judge by the lease
    );
  }, heartbeatMs);

  let settle: (status: StreamStatus) => void = () => undefined;
  const finished = new Promise<StreamStatus>((resolve) => (settle = resolve));
  let watch: Subscription | undefined;
  const stop = (status: StreamStatus): void => {
    clearInterval(beat);
    watch?.unsubscribe();
    // Called from the heartbeat or `abandon`, never while `subscription` is being created.
    subscription.unsubscribe();
    settle(status);
  };
  const end = (status: 'done' | 'failed', error?: unknown): void => {
    clearInterval(beat);
    watch?.unsubscribe();
    const marking =
      status === 'done'
        ? retrying(() => store.complete(streamId))
        : retrying(() => store.fail(streamId, errorToWire(error)));
    marking.then(
      () => settle(status),
      () => settle('failed'),
    );
  };

  const subscription: Subscription = encode(from(runnable.stream(input, options.options)))
    .pipe(concatMap(append))
    .subscribe({
      error: (error: unknown) => {
        if (!isConflict(error)) return end('failed', error);
        // Closed under us (cancelled, or the lease ran out): stop with what the store says.
        clearInterval(beat);
        watch?.unsubscribe();
        store.status(streamId).then(
          (status) => settle(status ?? 'failed'),
          () => settle('failed'),
        );
      },
      complete: () => end('done'),
    });

  // A cancel pushed by the store stops the run at once, however quiet it is; the heartbeat
  // stays the fallback (a store without `watchCancel`, a lost subscriber connection).
  if (!subscription.closed) {
    watch = store.watchCancel?.(streamId).subscribe(() => stop('cancelled'));
  }

  options.waitUntil?.(finished);
  return {
    streamId,
    producerId,
    finished,
    abandon: () => stop('failed'),
  };
}

function isConflict(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'STREAM_CONFLICT';
}
