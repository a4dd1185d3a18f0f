import { describe, expect, it } from 'vitest';
import { tap } from 'rxjs';
import { RunnableOperator } from '../../src/core';
import type { AIMessageChunk } from '../../src/chunks';
import { useLoopbackModel } from '../support/loopback-model';

const loopback = useLoopbackModel();

describe('an OpenAI stream read by a slow for-await consumer', () => {
  it('is read from the HTTP body only a few chunks ahead of the consumer', async () => {
    const tokens = Array.from({ length: 5_000 }, (_, i) => `t${i} `);
    const { model } = await loopback.start([{ content: tokens }]);
    let produced = 0;
    const counted = model.pipe(
      RunnableOperator.from(tap<AIMessageChunk>((chunk) => (chunk.text ? produced++ : 0))),
    );
    let read = 0;
    let maxAhead = 0;
    for await (const chunk of counted.astream('hi')) {
      if (!chunk.text) continue;
      read++;
      maxAhead = Math.max(maxAhead, produced - read);
      if (read % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      if (read === 1_000) break;
    }
    expect(read).toBe(1_000);
    expect(maxAhead).toBeLessThanOrEqual(16);
    // The run was cancelled with the loop: the rest of the answer was never read.
    expect(produced).toBeLessThan(1_020);
  });
});
