/**
 * One run, one SSE id space: the Assistants route of docs/runs.md read by `eventsource-parser`
 * (the SSE parser under the AI SDK and many clients), across a pause and `submit_tool_outputs`.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { DemoChatModel } from '../../src/models';
import { startRouteServer, useRouteServers } from './openai-route-server';

useRouteServers();

async function post(url: string, body: unknown): Promise<EventSourceMessage[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const events: EventSourceMessage[] = [];
  const reader = response
    .body!.pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    events.push(value);
  }
}

describe('Assistants SSE ids across a continued run', () => {
  it('the continuation counts on from the pause: ids are the run sequence, never repeated', async () => {
    const server = await startRouteServer({
      model: new DemoChatModel({
        script: [{ toolCalls: [{ id: 'call_1', name: 'lookup', args: { id: 7 } }] }, 'Ada.'],
      }),
      tools: [{ name: 'lookup' }],
    });
    const first = await post(`${server.url}/threads/thread_1/runs`, { assistant_id: 'asst_1' });
    expect(first.map((e) => e.event)).toContain('thread.run.requires_action');
    const runId = server.runs[0]!.state.run.id;
    const second = await post(`${server.url}/threads/thread_1/runs/${runId}/submit_tool_outputs`, {
      tool_outputs: [{ tool_call_id: 'call_1', output: 'Ada' }],
    });
    expect(second.map((e) => e.event)).toContain('thread.run.completed');
    // Each stream ends with its own `done`, which has a sequence too: 1…n, then n+1…m.
    const ids = [...first, ...second].map((e) => Number(e.id));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(first.at(-1)?.data).toBe('[DONE]');
  });
});
