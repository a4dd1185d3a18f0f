/**
 * The typed errors of the stores, shared by the memory and Redis ones.
 * @module
 */
import { RxRunnablesError } from '../core/errors';
import { errorFromWire } from '../transport/wire';
import type { WireError } from '../transport/wire';
import type { StreamStatus } from './event-store';

/** The error a reader gets when a stream ends `failed` or `cancelled` (undefined for `done`). */
export function endError(
  streamId: string,
  status: StreamStatus,
  error: WireError | undefined,
): RxRunnablesError | undefined {
  if (status === 'cancelled') {
    return new RxRunnablesError('STREAM_CANCELLED', `Stream ${streamId} was cancelled`, {
      streamId,
    });
  }
  if (status !== 'failed') return undefined;
  const cause = error === undefined ? undefined : errorFromWire(error);
  return new RxRunnablesError(
    'STREAM_FAILED',
    `Stream ${streamId} failed${cause ? `: ${cause.message}` : ''}`,
    {
      streamId,
      reason: error?.code === 'STREAM_FAILED' ? error.details.reason : 'producer-failed',
      ...(cause ? { cause } : {}),
    },
  );
}

/** The lease-expired failure recorded for a stream whose producer went silent. */
export function leaseExpired(streamId: string, leaseMs: number): WireError {
  return {
    code: 'STREAM_FAILED',
    message: `The producer of stream ${streamId} stopped renewing its ${leaseMs} ms lease`,
    details: { streamId, reason: 'lease-expired', leaseMs },
  };
}

/** `STREAM_TRIMMED`: the events after `after` are no longer all stored. */
export function trimmedError(streamId: string, after: number, firstSeq: number): RxRunnablesError {
  return new RxRunnablesError(
    'STREAM_TRIMMED',
    `Stream ${streamId} no longer holds the events after ${after} (it starts at ${firstSeq})`,
    { streamId, after, firstSeq },
  );
}

/** `STREAM_CONFLICT`: another producer owns the stream, or it is already closed. */
export function conflictError(streamId: string, reason: string): RxRunnablesError {
  return new RxRunnablesError('STREAM_CONFLICT', `Stream ${streamId}: ${reason}`, {
    streamId,
    reason,
  });
}

/** Checks an `after` / `seq` option: a non-negative safe integer. */
export function checkSeq(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RxRunnablesError('INVALID_INPUT', `${name} must be a non-negative integer`, {
      [name]: value,
    });
  }
}

/** `STREAM_FAILED` with `reason: 'gone'`: the stream vanished while read (expired, or the store lost it). */
export function goneError(streamId: string): RxRunnablesError {
  return new RxRunnablesError(
    'STREAM_FAILED',
    `Stream ${streamId} is gone from the store (expired, or lost by a restart without persistence)`,
    { streamId, reason: 'gone' },
  );
}
