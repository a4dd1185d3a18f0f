/**
 * RunCheckpoints: a durable run's last resumable state in Redis, fenced by an epoch so that only
 * the worker that holds the run last may write it.
 * @module
 */
import { RxRunnablesError } from '../../core/errors';
import type { RunStateData } from '../../runs/run-state';
import type { RedisConnection } from './redis-event-store';

/** Takes the run: bumps its epoch, returns it with the saved state. KEYS: hash. ARGV: ttlMs. */
const CLAIM = `
local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return { epoch, redis.call('HGET', KEYS[1], 'state') or '' }
`;

/** Saves the state if the epoch is still ARGV[1]. ARGV: epoch, state ('' = delete), ttlMs. */
const SAVE = `
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'state', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
`;

/** What {@link RunCheckpoints.claim} returns: this holder's epoch and the last saved state. */
export interface RunClaim {
  readonly epoch: number;
  readonly state: RunStateData | undefined;
}

/**
 * The checkpoints of durable runs, one Redis hash per run (`<prefix>{<runId>}:run`: `epoch`,
 * `state`). A worker that starts or takes over a run claims it (the epoch goes up by one); its
 * saves succeed only while the epoch is still its own, so a worker that lost the run — its lock
 * expired while it was stalled — learns it at its next save or lease renewal and stops.
 * @internal
 */
export class RunCheckpoints {
  constructor(
    private readonly client: RedisConnection,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  /** The key of a run's checkpoint. */
  key(runId: string): string {
    return `${this.prefix}{${runId}}:run`;
  }

  /** Takes the run over: a new epoch, and the state saved by the previous holder (if any). */
  async claim(runId: string): Promise<RunClaim> {
    const reply = (await this.client.sendCommand([
      'EVAL',
      CLAIM,
      '1',
      this.key(runId),
      String(this.ttlMs),
    ])) as [number | string, string];
    const text = reply[1];
    return {
      epoch: Number(reply[0]),
      state: text === '' ? undefined : (JSON.parse(text) as RunStateData),
    };
  }

  /** Saves `state` under `epoch`; false when another worker holds the run now. */
  async save(runId: string, epoch: number, state: RunStateData | undefined): Promise<boolean> {
    const reply = await this.client.sendCommand([
      'EVAL',
      SAVE,
      '1',
      this.key(runId),
      String(epoch),
      state === undefined ? '' : JSON.stringify(state),
      String(this.ttlMs),
    ]);
    return Number(reply) === 1;
  }

  /** Whether `epoch` still holds the run. */
  async holds(runId: string, epoch: number): Promise<boolean> {
    const reply = await this.client.sendCommand(['HGET', this.key(runId), 'epoch']);
    return reply !== null && Number(reply) === epoch;
  }
}

/** The error of a worker that lost its run to another worker. */
export function fencedError(runId: string, epoch: number): RxRunnablesError {
  return new RxRunnablesError('STREAM_CONFLICT', `Run ${runId} was taken over by another worker`, {
    step: 'createRunWorker',
    streamId: runId,
    epoch,
  });
}
