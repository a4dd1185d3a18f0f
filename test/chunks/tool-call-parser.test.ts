import { describe, expect, it } from 'vitest';
import { parseToolCallChunks } from '../../src/chunks';

describe('parseToolCallChunks', () => {
  it('groups pieces by index and joins their args', () => {
    const parsed = parseToolCallChunks([
      { index: 0, id: 'a', name: 'f', args: '{"x":' },
      { index: 1, id: 'b', name: 'g', args: '{}' },
      { index: 0, args: ' 1}' },
    ]);
    expect(parsed.toolCalls).toEqual([
      { name: 'f', args: { x: 1 }, id: 'a', type: 'tool_call' },
      { name: 'g', args: {}, id: 'b', type: 'tool_call' },
    ]);
  });

  it('treats empty args as {}', () => {
    expect(parseToolCallChunks([{ index: 0, id: 'a', name: 'now' }]).toolCalls).toEqual([
      { name: 'now', args: {}, id: 'a', type: 'tool_call' },
    ]);
  });

  it('reports a call without an id as invalid, as LangChain.js does', () => {
    const parsed = parseToolCallChunks([{ index: 0, name: 'now', args: '{"a":1}' }]);
    expect(parsed.toolCalls).toEqual([]);
    expect(parsed.invalidToolCalls).toEqual([
      { name: 'now', args: '{"a":1}', error: 'Tool call has no id', type: 'invalid_tool_call' },
    ]);
  });

  it('groups pieces by id when they have no index', () => {
    const parsed = parseToolCallChunks([
      { id: 'a', name: 'f', args: '{"x"' },
      { id: 'a', args: ':2}' },
    ]);
    expect(parsed.toolCalls).toEqual([{ name: 'f', args: { x: 2 }, id: 'a', type: 'tool_call' }]);
  });

  it('shows the arguments of a call still streaming, as LangChain.js does', () => {
    const parsed = parseToolCallChunks([{ index: 0, id: 'a', name: 'f', args: '{"x": "ab' }]);
    expect(parsed.toolCalls).toEqual([
      { name: 'f', args: { x: 'ab' }, id: 'a', type: 'tool_call' },
    ]);
    expect(parsed.invalidToolCalls).toEqual([]);
  });

  it('never throws: malformed JSON and non-objects become invalid calls with the raw text', () => {
    const parsed = parseToolCallChunks([
      { index: 0, id: 'a', name: 'f', args: '{"x": trx' },
      { index: 1, id: 'b', name: 'g', args: '"just a string"' },
      { index: 2, id: 'c', name: 'h', args: 'null' },
    ]);
    expect(parsed.toolCalls).toEqual([]);
    expect(parsed.invalidToolCalls.map((c) => [c.id, c.args])).toEqual([
      ['a', '{"x": trx'],
      ['b', '"just a string"'],
      ['c', 'null'],
    ]);
    for (const call of parsed.invalidToolCalls) expect(call.error).toEqual(expect.any(String));
    expect(parsed.invalidToolCalls[0]?.error).toMatch(/Malformed/);
  });

  it('returns nothing for no chunks', () => {
    expect(parseToolCallChunks([])).toEqual({ toolCalls: [], invalidToolCalls: [] });
  });
});
