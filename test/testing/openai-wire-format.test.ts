import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';
import type { OpenAICompatibleServer } from '../../src/testing/openai-server-types';
import { contentDeltas, splitIntoFragments } from '../../src/testing/openai-wire-format';

let server: OpenAICompatibleServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface WireChunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: {
    index: number;
    delta: {
      role?: string;
      content?: string;
      tool_calls?: {
        index: number;
        id?: string;
        type?: string;
        function: { name?: string; arguments: string };
      }[];
    };
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

async function streamed(body: Record<string, unknown>): Promise<string[]> {
  server = await startOpenAICompatibleServer({
    responses: [
      {
        content: ['Hi', ' there'],
        toolCalls: [{ id: 'call_x', name: 'search', args: { q: 'abc' } }],
        argsFragments: 2,
        usage: { promptTokens: 5, completionTokens: 4 },
      },
    ],
  });
  const res = await fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [], stream: true, ...body }),
  });
  const text = await res.text();
  expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      return event.slice('data: '.length);
    });
}

describe('chat.completion.chunk wire format', () => {
  it('streams role, content deltas, tool-call fragments by index, finish, usage, [DONE]', async () => {
    const lines = await streamed({ stream_options: { include_usage: true } });
    expect(lines.at(-1)).toBe('[DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line) as WireChunk);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: 'chatcmpl-rx1',
        object: 'chat.completion.chunk',
        model: 'm',
      });
      expect(Number.isInteger(chunk.created)).toBe(true);
    }
    expect(chunks.map((c) => c.choices[0]?.delta ?? null)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'Hi' },
      { content: ' there' },
      {
        tool_calls: [
          { index: 0, id: 'call_x', type: 'function', function: { name: 'search', arguments: '' } },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"q":"' } }] },
      { tool_calls: [{ index: 0, function: { arguments: 'abc"}' } }] },
      {},
      null,
    ]);
    expect(chunks.map((c) => c.choices[0]?.finish_reason ?? null)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      'tool_calls',
      null,
    ]);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
  });

  it('sends no usage chunk and no usage field without stream_options.include_usage', async () => {
    const lines = await streamed({});
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line) as WireChunk);
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
  });
});

describe('wire helpers', () => {
  it('splitIntoFragments keeps every character, in order', () => {
    expect(splitIntoFragments('{"a":12345}', 3)).toEqual(['{"a"', ':123', '45}']);
    expect(splitIntoFragments('ab', 5)).toEqual(['a', 'b']);
    expect(splitIntoFragments('', 3)).toEqual(['']);
  });

  it('contentDeltas splits a string after each run of spaces, keeps an array as is', () => {
    expect(contentDeltas('one two  three')).toEqual(['one ', 'two  ', 'three']);
    expect(contentDeltas(['x', 'y'])).toEqual(['x', 'y']);
    expect(contentDeltas(undefined)).toEqual([]);
  });
});
