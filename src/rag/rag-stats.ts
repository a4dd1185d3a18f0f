/**
 * Cumulative counters of a StreamingRAG instance.
 * @module
 */

/**
 * A snapshot of a StreamingRAG's counters since it was created.
 *
 * @example
 * ```ts
 * const { totalStreams, avgStreamLatencyS } = rag.stats;
 * ```
 */
export interface StreamingRAGStats {
  /** Streams started (one per subscription to any surface), including failed ones. */
  readonly totalStreams: number;
  /** CHUNK events produced across all streams. */
  readonly totalChunks: number;
  /** ERROR events produced across all streams (timeouts and exceptions). */
  readonly totalErrors: number;
  /** Mean seconds per stream that reached GENERATION_DONE, 3 decimals (0 before the first). */
  readonly avgStreamLatencyS: number;
}

/**
 * The mutable counters behind {@link StreamingRAGStats}.
 *
 * @example
 * ```ts
 * const stats = new RagStatsCounter();
 * stats.streamStarted();
 * stats.streamCompleted(1.25);
 * stats.snapshot().avgStreamLatencyS; // 1.25
 * ```
 */
export class RagStatsCounter {
  private streams = 0;
  private chunks = 0;
  private errors = 0;
  private completed = 0;
  private latencyS = 0;

  streamStarted(): void {
    this.streams += 1;
  }

  chunkEmitted(): void {
    this.chunks += 1;
  }

  errorEmitted(): void {
    this.errors += 1;
  }

  streamCompleted(latencyS: number): void {
    this.completed += 1;
    this.latencyS += latencyS;
  }

  snapshot(): StreamingRAGStats {
    const avg = this.completed === 0 ? 0 : this.latencyS / this.completed;
    return Object.freeze({
      totalStreams: this.streams,
      totalChunks: this.chunks,
      totalErrors: this.errors,
      avgStreamLatencyS: Math.round(avg * 1000) / 1000,
    });
  }
}
