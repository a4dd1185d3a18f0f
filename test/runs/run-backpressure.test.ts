import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { fromSyncIterator } from '../../src/core/from-async-iterable';
import { ChatModel } from '../../src/models';
import type { ChatModelCallContext } from '../../src/models';
import { createRun } from '../../src/runs';

/** Streams `count` tokens from a lazy source, counting the ones it has produced. */
class CountingModel extends ChatModel {
  produced = 0;
  constructor(readonly count: number) {
    super();
  }
  protected streamMessages(
    _: BaseMessage[],
    ctx: ChatModelCallContext,
  ): Observable<AIMessageChunk> {
    const tokens = (function* (model: CountingModel): Generator<AIMessageChunk> {
      for (let i = 0; i < model.count; i++) {
        model.produced++;
        yield new AIMessageChunk(`t${i} `);
      }
    })(this);
    return fromSyncIterator(tokens, ctx);
  }
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('iterating a run reads the model only as fast as the loop', () => {
  it('a slow for-await loop: the model stays a few tokens ahead, and the whole answer arrives', async () => {
    const model = new CountingModel(5_000);
    const run = createRun({ model, messages: 'Go' });
    let read = 0;
    let maxAhead = 0;
    for await (const event of run) {
      if (event.event !== 'thread.message.delta') continue;
      read++;
      maxAhead = Math.max(maxAhead, model.produced - read);
      if (read % 500 === 0) await tick();
    }
    expect(read).toBe(5_000);
    expect(maxAhead).toBeLessThanOrEqual(16);
    expect(run.state.status).toBe('completed');
  });

  it('break after ten deltas: the run is cancelled and the model made only a few more', async () => {
    const model = new CountingModel(5_000);
    const run = createRun({ model, messages: 'Go' });
    let read = 0;
    for await (const event of run) {
      if (event.event === 'thread.message.delta' && ++read === 10) break;
    }
    await run.untilDone();
    expect(run.state.status).toBe('cancelled');
    expect(model.produced).toBeLessThanOrEqual(10 + 16);
  });
});
