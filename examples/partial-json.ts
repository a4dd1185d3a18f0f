/**
 * Partial JSON as a model streams it, a few characters at a time:
 *   1. PartialJsonParser: the value so far after every chunk;
 *   2. completed values: each finished array element once, ready to render;
 *   3. JsonOutputParser in a pipe, with a zod schema, a markdown fence and prose around the JSON;
 *   4. patches (RFC 6902) rebuilding the same value on the other side of a wire.
 * Runs as is, with no key and no network:
 *
 *   npx tsx examples/partial-json.ts
 */
import { z } from 'zod';
import { RunnableLambda } from '../src/core';
import { JsonOutputParser, PartialJsonParser, applyJsonPatch } from '../src/json';
import type { JsonValue } from '../src/json';

const ANSWER = `Here is the plan you asked for:

\`\`\`json
{
  "title": "Learn RxJS \\u2014 fast",
  "steps": [
    { "name": "Observables", "minutes": 20 },
    { "name": "Operators", "minutes": 45.5 },
    { "name": "Cancellation \\ud83d\\uded1", "minutes": 15 }
  ],
  "done": false
}
\`\`\`
Good luck!`;

/** The answer in pieces of three characters, as a model would stream it. */
const pieces = (text: string, size = 3): string[] =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
    text.slice(i * size, (i + 1) * size),
  );

const json = ANSWER.slice(ANSWER.indexOf('{'), ANSWER.lastIndexOf('}') + 1);

console.log('1. PartialJsonParser — the value after each chunk that changed it:');
const parser = new PartialJsonParser();
let shown: unknown;
for (const piece of pieces(json)) {
  const value = parser.push(piece);
  if (value !== shown) console.log(`   ${JSON.stringify(value)}`);
  shown = value;
}
parser.end();

console.log('\n2. Completed values — each step once, as soon as it is whole:');
const completed = new PartialJsonParser({ output: 'completed' });
for (const piece of pieces(json)) {
  for (const { path, value } of completed.push(piece)) {
    if (path.length === 2 && path[0] === 'steps') console.log(`   step ${path[1]}:`, value);
  }
}
completed.end();

console.log('\n3. JsonOutputParser in a pipe, with a schema (fence and prose are dropped):');
const schema = z.object({
  title: z.string(),
  steps: z.array(z.object({ name: z.string(), minutes: z.number() })),
  done: z.boolean(),
});
const model = RunnableLambda.from(async function* (_question: string) {
  for (const piece of pieces(ANSWER, 7)) yield { content: [{ type: 'text', text: piece }] };
});
const chain = model.pipe(new JsonOutputParser({ schema }));
let partials = 0;
let last: unknown;
for await (const partial of chain.astream('Plan my RxJS week')) {
  partials++;
  last = partial;
  const steps = partial.steps?.map((step) => step.name ?? '…').join(', ') ?? '';
  console.log(`   #${partials} title=${JSON.stringify(partial.title ?? '')} steps=[${steps}]`);
}
console.log('   final:', JSON.stringify(last));

console.log('\n4. Patches — sent over a wire, applied on the other side:');
const sender = new PartialJsonParser({ output: 'patches' });
let received: JsonValue | undefined;
let operations = 0;
for (const piece of pieces(json)) {
  const ops = sender.push(piece);
  operations += ops.length;
  received = applyJsonPatch(received, JSON.parse(JSON.stringify(ops)) as typeof ops);
}
console.log(`   ${operations} operations rebuilt:`, JSON.stringify(received));
console.log(
  '   same as JSON.parse:',
  JSON.stringify(received) === JSON.stringify(JSON.parse(json)),
);
