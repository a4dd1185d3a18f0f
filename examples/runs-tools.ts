/**
 * Tool-calling runs with no key and no server: the demo model calls tools from a script, the run
 * streams Assistants-style events, runs an automatic tool itself, pauses for an approval and for
 * a tool output the application supplies, and resumes from serialized state.
 *
 *   npx tsx examples/runs-tools.ts
 */
import { z } from 'zod';
import { DemoChatModel } from 'rx-runnables/models';
import { RunState, createRun, submitToolApprovals } from 'rx-runnables/runs';
import type { RunTool } from 'rx-runnables/runs';

const weather: RunTool = {
  name: 'weather',
  description: 'The weather in a city',
  schema: z.object({ city: z.string() }),
  execute: ({ city }) => `18°C and sunny in ${String(city)}`,
};

const sendEmail: RunTool = {
  name: 'send_email',
  description: 'Send an email',
  schema: z.object({ to: z.string(), body: z.string() }),
  needsApproval: true,
  execute: ({ to }) => `sent to ${String(to)}`,
};

const lookupUser: RunTool = {
  name: 'lookup_user',
  description: 'Find a user by id (the application answers)',
  schema: { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] },
};

// 1. An automatic tool: the run calls it and goes on to the answer.
const model = new DemoChatModel({
  script: [
    { content: 'Let me check.', toolCalls: [{ name: 'weather', args: { city: 'Oslo' } }] },
    (messages) => `Oslo: ${messages.at(-1)?.text ?? ''}.`,
  ],
});
const run = createRun({ model, tools: [weather], messages: 'Weather in Oslo?' });
for await (const event of run) {
  if (event.event === 'thread.message.delta') continue;
  console.log(`${event.sequence} ${event.event}`);
  if (
    event.event === 'thread.run.step.completed' &&
    event.data.step_details.type === 'tool_calls'
  ) {
    for (const call of event.data.step_details.tool_calls) {
      const { name, arguments: args, output } = call.function;
      console.log(`  ${name}(${args}) -> ${output ?? ''}`);
    }
  }
}
console.log(`answer: ${(await run.finalMessages()).at(-1)?.content[0]?.text.value ?? ''}`);

// 2. An approval: the run pauses; its state goes to JSON (a database, another process) and back.
const mailer = new DemoChatModel({
  script: [
    { toolCalls: [{ name: 'send_email', args: { to: 'ada@example.com', body: 'Hi' } }] },
    (messages) => `Done: ${messages.at(-1)?.text ?? ''}`,
  ],
});
const paused = createRun({ model: mailer, tools: [sendEmail], messages: 'Email Ada' });
const pausedRun = await paused.finalRun();
const action = pausedRun.required_action;
console.log(`\n${pausedRun.status}: ${action?.type ?? ''}`);
const saved = JSON.stringify(paused.state);
const callId = action?.type === 'tool_approval' ? action.tool_approval.tool_calls[0]?.id : '';
const approved = submitToolApprovals(
  RunState.fromJSON(JSON.parse(saved)),
  [{ toolCallId: callId ?? '', approved: true }],
  { model: mailer, tools: [sendEmail] },
);
let text = '';
for await (const delta of approved.textDeltas) text += delta;
console.log(`after approval: ${text}`);

// 3. A manual tool: the application runs it and submits the output.
const users = new DemoChatModel({
  script: [
    { toolCalls: [{ name: 'lookup_user', args: { id: 7 } }] },
    (messages) => `User 7 is ${messages.at(-1)?.text ?? ''}.`,
  ],
});
const manual = createRun({ model: users, tools: [lookupUser], messages: 'Who is user 7?' });
await manual.untilDone();
const resumed = manual.submitToolOutputs([{ toolCallId: 'call_0_0', output: 'Ada Lovelace' }]);
console.log(
  `\nafter submitToolOutputs: ${(await resumed.finalMessages())[0]?.content[0]?.text.value ?? ''}`,
);
console.log(`status: ${resumed.state.status}, model calls: ${users.callCount}`);
