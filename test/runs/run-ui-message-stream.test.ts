import { readUIMessageStream } from 'ai';
import type { UIMessage, UIMessageChunk as AiUIMessageChunk } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DemoChatModel } from '../../src/models';
import { createRun, runToUIMessageInput } from '../../src/runs';
import type { Run, RunTool } from '../../src/runs';
import { toUIMessageStreamResponse } from '../../src/transport';
import { aiSdkChunks } from '../transport/ai-chat';

const weather: RunTool = {
  name: 'weather',
  schema: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, sky: 'sunny' }),
};

/** The run as a UI message stream Response, parsed and validated by the AI SDK. */
async function uiParts(run: Run): Promise<AiUIMessageChunk[]> {
  const response = toUIMessageStreamResponse(runToUIMessageInput(run), { messageId: 'm1' });
  return aiSdkChunks(response.body as ReadableStream<Uint8Array>);
}

async function lastMessage(parts: AiUIMessageChunk[], message?: UIMessage): Promise<UIMessage> {
  const stream = new ReadableStream<AiUIMessageChunk>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  let last: UIMessage | undefined;
  const errors: unknown[] = [];
  for await (const next of readUIMessageStream({
    stream,
    ...(message === undefined ? {} : { message }),
    onError: (e) => errors.push(e),
  }))
    last = next;
  expect(errors).toEqual([]);
  if (last === undefined) throw new Error('no message');
  return last;
}

describe('a run as an AI SDK UI message stream (ai@6 reads it)', () => {
  it('text, streamed tool input, the tool output and the answer, in steps', async () => {
    const model = new DemoChatModel({
      script: [
        { content: 'Checking.', toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] },
        'Sunny.',
      ],
    });
    const parts = await uiParts(createRun({ model, tools: [weather], messages: 'x' }));
    expect(parts.map((p) => p.type)).toEqual([
      'start',
      'start-step',
      'text-start',
      'text-delta',
      'text-end',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-delta',
      'tool-input-available',
      'tool-output-available',
      'finish-step',
      'start-step',
      'text-start',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    const message = await lastMessage(parts);
    expect(message.parts.filter((p) => p.type !== 'step-start')).toMatchObject([
      { type: 'text', text: 'Checking.' },
      {
        type: 'tool-weather',
        toolCallId: 'call_0_0',
        state: 'output-available',
        input: { city: 'Oslo' },
        output: '{"city":"Oslo","sky":"sunny"}',
      },
      { type: 'text', text: 'Sunny.' },
    ]);
  });

  it('a pause for approval: tool-approval-request parts the AI SDK turns into approval-requested', async () => {
    const model = new DemoChatModel({
      script: [{ toolCalls: [{ name: 'weather', args: { city: 'Rome' } }] }],
    });
    const guarded: RunTool = { ...weather, needsApproval: true };
    const parts = await uiParts(createRun({ model, tools: [guarded], messages: 'x' }));
    expect(parts.slice(-3)).toEqual([
      { type: 'tool-approval-request', approvalId: 'call_0_0', toolCallId: 'call_0_0' },
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
    const message = await lastMessage(parts);
    expect(message.parts.at(-1)).toMatchObject({
      type: 'tool-weather',
      state: 'approval-requested',
      input: { city: 'Rome' },
      approval: { id: 'call_0_0' },
    });
  });

  it('the stream after approve() / reject() continues the same UI message', async () => {
    const guarded: RunTool = { ...weather, needsApproval: true };
    const newRun = () =>
      createRun({
        model: new DemoChatModel({
          script: [{ toolCalls: [{ name: 'weather', args: { city: 'Rome' } }] }, 'Done.'],
        }),
        tools: [guarded],
        messages: 'x',
      });
    const paused = newRun();
    const asked = await lastMessage(await uiParts(paused));
    const approvedParts = await uiParts(paused.approve('call_0_0'));
    expect(approvedParts.map((p) => p.type)).toEqual([
      'start',
      'start-step',
      'tool-output-available',
      'finish-step',
      'start-step',
      'text-start',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    const approved = await lastMessage(approvedParts, asked);
    expect(approved.parts.filter((p) => p.type !== 'step-start')).toMatchObject([
      { type: 'tool-weather', state: 'output-available', output: '{"city":"Rome","sky":"sunny"}' },
      { type: 'text', text: 'Done.' },
    ]);
    const pausedAgain = newRun();
    const askedAgain = await lastMessage(await uiParts(pausedAgain));
    const rejectedParts = await uiParts(pausedAgain.reject('call_0_0', 'no'));
    expect(rejectedParts[2]).toEqual({ type: 'tool-output-denied', toolCallId: 'call_0_0' });
    const rejected = await lastMessage(rejectedParts, askedAgain);
    expect(rejected.parts.find((p) => p.type === 'tool-weather')).toMatchObject({
      state: 'output-denied',
    });
  });

  it('a failed run ends with an error part after what was sent', async () => {
    const model = new DemoChatModel({ script: [{ content: 'Half', error: 'upstream reset' }] });
    const parts = await uiParts(createRun({ model, messages: 'x' }));
    expect(parts.map((p) => p.type)).toEqual([
      'start',
      'start-step',
      'text-start',
      'text-delta',
      'error',
    ]);
    expect(parts.at(-1)).toEqual({ type: 'error', errorText: 'upstream reset' });
  });
});
