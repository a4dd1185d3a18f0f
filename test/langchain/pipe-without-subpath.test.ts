// LangChain chat models handed straight to our `pipe` in a program that never imports
// rx-runnables/langchain. It runs in a child process (without-subpath/pipe-probe.ts) so that no
// other test file can have loaded that subpath and installed its hooks.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const HERE = import.meta.dirname;

interface ProbeReport {
  fakeChunks: unknown[];
  fakeMessages: { type: string; content: unknown; toolCalls?: unknown; toolCallId?: unknown }[];
  openaiChunks: { text: unknown; serverDone: boolean }[];
  openaiMessages: Record<string, unknown>[];
  adaptHook: string;
  ourModules: string[];
}

let report: ProbeReport;

beforeAll(async () => {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      join(HERE, 'module-graph', 'record-loads.mjs'),
      join(HERE, 'without-subpath', 'pipe-probe.ts'),
    ],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  report = JSON.parse(stdout) as ProbeReport;
}, 60_000);

const toolCall = { name: 'lookup', args: { q: 'rx' }, id: 'call_1', type: 'tool_call' };

describe('a LangChain chat model in our pipe, without rx-runnables/langchain', () => {
  it('the program loaded nothing of src/langchain', () => {
    expect(report.ourModules).toContain('chunks/foreign-message.ts');
    expect(report.ourModules.filter((m) => m.startsWith('langchain/'))).toEqual([]);
    expect(report.adaptHook).toBe('undefined');
  });

  it('our StringOutputParser after FakeListChatModel streams text chunk by chunk', () => {
    expect(report.fakeChunks).toEqual(['S', 'e', 'v', 'e', 'n']);
  });

  it('the LangChain model receives our messages as its own, tool calls included', () => {
    expect(report.fakeMessages).toEqual([
      { type: 'system', content: 'Be brief' },
      { type: 'ai', content: '', toolCalls: [toolCall] },
      { type: 'tool', content: 'RxJS 7', toolCallId: 'call_1' },
      { type: 'human', content: 'Which version?' },
    ]);
  });

  it('ChatOpenAI on the loopback server streams each delta before the answer is complete', () => {
    const texts = report.openaiChunks.filter((c) => c.text !== '');
    expect(texts).toEqual([
      { text: 'Rx', serverDone: false },
      { text: 'JS ', serverDone: false },
      { text: '7', serverDone: false },
      { text: '.', serverDone: false },
    ]);
    expect(report.openaiChunks.every((c) => typeof c.text === 'string')).toBe(true);
  });

  it('ChatOpenAI sends our history with OpenAI roles, tool calls and tool results', () => {
    expect(report.openaiMessages).toEqual([
      { role: 'system', content: 'Be brief' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'lookup', arguments: '{"q":"rx"}' },
          },
        ],
      },
      { role: 'tool', content: 'RxJS 7', tool_call_id: 'call_1' },
      { role: 'user', content: 'Which version?' },
    ]);
  });
});
