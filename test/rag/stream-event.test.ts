import { describe, expect, it } from 'vitest';
import { EventType, createStreamEvent, isStreamEvent } from '../../src/rag';
import type { StreamEvent } from '../../src/rag';

describe('StreamEvent', () => {
  it('has the string values of the reference', () => {
    expect(Object.values(EventType)).toEqual([
      'retrieval_start',
      'retrieval_done',
      'generation_start',
      'chunk',
      'generation_done',
      'error',
    ]);
  });

  it('is frozen, payload included', () => {
    const event = createStreamEvent(
      'retrieval_done',
      { numDocs: 1, docs: [{ pageContent: 'x', metadata: { a: 1 } }] },
      0.5,
    );
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.data)).toBe(true);
    expect(Object.isFrozen(event.data.docs)).toBe(true);
    expect(Object.isFrozen(event.data.docs[0])).toBe(true);
    expect(Object.isFrozen(event.data.docs[0]?.metadata)).toBe(true);
    expect(() => {
      (event as { latency: number }).latency = 9;
    }).toThrow(TypeError);
  });

  it('rounds latency to 4 decimals', () => {
    expect(createStreamEvent('chunk', 'a', 0.123456).latency).toBe(0.1235);
    expect(createStreamEvent('chunk', 'a', 2).latency).toBe(2);
  });

  it('isChunk and toString() make events.join("") the answer', () => {
    const events: StreamEvent[] = [
      createStreamEvent('retrieval_start', { query: 'q' }, 0),
      createStreamEvent('chunk', 'Hello ', 0.1),
      createStreamEvent('chunk', 'world', 0.2),
      createStreamEvent('error', { msg: 'boom', stage: 'generation' }, 0.3),
    ];
    expect(events.map((e) => e.isChunk)).toEqual([false, true, true, false]);
    expect(events.join('')).toBe('Hello world');
    expect(String(events[0])).toBe('');
    expect(`${events[1]}`).toBe('Hello ');
  });

  it('serialises to { type, data, latency } and is recognised by isStreamEvent', () => {
    const event = createStreamEvent('generation_start', { promptChars: 12 }, 0.01);
    expect(JSON.parse(JSON.stringify(event))).toEqual({
      type: 'generation_start',
      data: { promptChars: 12 },
      latency: 0.01,
    });
    expect(isStreamEvent(event)).toBe(true);
    expect(isStreamEvent({ type: 'chunk', data: 'x', latency: 0 })).toBe(false);
  });

  it('narrows data by type', () => {
    const event = createStreamEvent('retrieval_start', { query: 'why' }, 0) as StreamEvent;
    if (event.type === 'retrieval_start') expect(event.data.query).toBe('why');
    else expect.unreachable();
  });
});
