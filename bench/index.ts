/**
 * Every benchmark, side by side with LangChain.js in one process, on the built package
 * (`npm run bench` builds first and maps `rx-runnables` to dist/ with bench/tsconfig.json).
 * @module
 */
import { runConcatBench } from './concat';
import { runCoreBench } from './core';
import { runBackpressureBench, runEventsMemoryBench } from './correctness';
import { runInteropBench } from './interop';
import { formatJsonBench, runJsonBench } from './json';
import { formatRunsBench, runRunsBench } from './runs';
import { formatServeBench, runServeBench } from './serve';
import { formatStoreBench, runStoreBench } from './store';
import { printTable } from './table';
import { formatTransportSSEBench, runTransportSSEBench } from './transport-sse';
import { formatUIMessageStreamBench, runUIMessageStreamBench } from './ui-message-stream';

const only = new Set(process.argv.slice(2));
const wants = (name: string): boolean => only.size === 0 || only.has(name);

console.log(`Node ${process.version}, ${new Date().toISOString()}`);
if (wants('core')) printTable('core', await runCoreBench());
if (wants('concat')) {
  printTable(
    'chunks: accumulating AIMessageChunks',
    runConcatBench().map((row) => ({
      workload: `accumulate ${row.chunks} chunks`,
      unit: 'µs/concat',
      ours: row.oursUsPerConcat,
      langchain: row.langchainUsPerConcat,
      goal: 0.5,
    })),
  );
}
if (wants('json')) {
  console.log('\n### json: streaming a document in 4-character chunks\n');
  console.log(formatJsonBench(await runJsonBench()));
}
if (wants('correctness')) {
  printTable('correctness: memory and backpressure', [
    ...(await runEventsMemoryBench()),
    ...(await runBackpressureBench()),
  ]);
}
if (wants('interop')) printTable('interop: mixed chains', await runInteropBench());
if (wants('ui-message-stream')) {
  console.log('\n### transport: UI message stream, model to SSE body (vs the AI SDK)\n');
  console.log(formatUIMessageStreamBench(await runUIMessageStreamBench()));
}
if (wants('transport-sse')) {
  console.log(
    '\n### transport: SSE encode and decode of a 10 MB stream (vs eventsource-parser 3)\n',
  );
  console.log(formatTransportSSEBench(await runTransportSSEBench()));
}
if (wants('runs')) {
  console.log('\n### runs: createRun over the demo model vs the bare model stream\n');
  console.log(formatRunsBench(await runRunsBench()));
}
if (wants('serve')) {
  console.log('\n### serve: 1,000 SSE clients against the chat app (npm run serve)\n');
  console.log(formatServeBench(await runServeBench()));
}
if (wants('store')) {
  console.log('\n### store: event stores (memory, Redis Streams; raw node-redis as the floor)\n');
  console.log(formatStoreBench(await runStoreBench()));
}
