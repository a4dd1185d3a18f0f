/**
 * CheckpointWriter: a durable run's checkpoints, written in order once the events they cover are
 * stored, and the fence that stops a worker which lost the run from writing to its stream.
 * @module
 */
import type { RunState, RunStateData } from '../../runs/run-state';
import type { EventStore } from '../event-store';
import { fencedError } from './run-checkpoints';
import type { RunCheckpoints } from './run-checkpoints';

/**
 * Writes checkpoints in order, each once every event it covers is stored: a state saved is
 * never ahead of the stream, so a takeover never misses an event.
 */
export class CheckpointWriter {
  private waiting: RunStateData | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** When this worker last asked whether it holds the run, and it did. */
  private confirmedAt = Date.now();
  /** Another worker holds the run now: this one writes nothing more. */
  lost = false;

  constructor(
    private readonly checkpoints: RunCheckpoints,
    private readonly runId: string,
    private readonly epoch: number,
    private readonly fenceMs: number,
  ) {}

  throwIfLost(): void {
    if (this.lost) throw fencedError(this.runId, this.epoch);
  }

  /** Asks whether this worker still holds the run, when its last answer is older than the fence. */
  private async confirm(): Promise<void> {
    if (this.lost || Date.now() - this.confirmedAt < this.fenceMs) return;
    const asked = Date.now();
    if (await this.checkpoints.holds(this.runId, this.epoch)) this.confirmedAt = asked;
    else this.lost = true;
  }

  /** The last sequence number known stored. */
  stored = 0;

  snapshot(state: RunState): void {
    const data = state.toJSON();
    if (data.sequence <= this.stored) this.write(data);
    else this.waiting = data;
  }

  appended(seq: number): void {
    this.stored = Math.max(this.stored, seq);
    const waiting = this.waiting;
    if (waiting !== undefined && waiting.sequence <= this.stored) {
      this.waiting = undefined;
      this.write(waiting);
    }
  }

  write(data: RunStateData | undefined): Promise<void> {
    const { checkpoints, runId } = this;
    this.chain = this.chain.then(async () => {
      if (this.lost) return;
      if (!(await checkpoints.save(runId, this.epoch, data))) this.lost = true;
    });
    return this.chain;
  }

  /** The store as the run writes it: appends advance the checkpoints; a lost run stops. */
  fenced(store: EventStore): EventStore {
    const { checkpoints, runId } = this;
    return {
      open: (id, options) => store.open(id, options),
      append: async (id, data, options) => {
        await this.confirm();
        this.throwIfLost();
        const seq = await store.append(id, data, options);
        this.appended(seq);
        return seq;
      },
      read: (id, options) => store.read(id, options),
      info: (id) => store.info(id),
      status: (id) => store.status(id),
      heartbeat: async (id) => {
        if (this.lost || !(await checkpoints.holds(runId, this.epoch))) {
          this.lost = true;
          return 'cancelled';
        }
        return store.heartbeat(id);
      },
      complete: (id) => store.complete(id),
      fail: (id, error) => store.fail(id, error),
      cancel: (id) => store.cancel(id),
      ...(store.watchCancel === undefined
        ? {}
        : {
            watchCancel: (id: string) =>
              (store.watchCancel as NonNullable<EventStore['watchCancel']>)(id),
          }),
    };
  }
}
