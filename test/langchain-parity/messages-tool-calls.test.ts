// Tool-call chunks added up by @langchain/core 1.x and by us, the same case side by side.
import { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import type { ToolCallChunk } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';

type Piece = Omit<ToolCallChunk, 'type'>;

/** Both libraries' sums of one chunk per piece, as plain tool calls and invalid tool calls. */
function both(pieces: readonly Piece[]) {
  const lc = pieces
    .map(
      (p) =>
        new LCAIMessageChunk({
          content: '',
          tool_call_chunks: [{ ...p, type: 'tool_call_chunk' }],
        }),
    )
    .reduce((a, b) => a.concat(b));
  const ours = pieces
    .map((p) => new AIMessageChunk({ toolCallChunks: [{ ...p, type: 'tool_call_chunk' }] }))
    .reduce((a, b) => a.concat(b));
  // The error text is ours (it says why); everything else is compared as LangChain has it.
  const strip = (calls: readonly { error?: string }[]) =>
    calls.map(({ error, ...rest }) => {
      expect(typeof error).toBe('string');
      return JSON.parse(JSON.stringify(rest)) as unknown;
    });
  return {
    lc: { toolCalls: lc.tool_calls, invalid: strip(lc.invalid_tool_calls ?? []) },
    ours: { toolCalls: [...ours.toolCalls], invalid: strip(ours.invalidToolCalls) },
  };
}

describe('tool-call chunks as LangChain.js adds them up', () => {
  it.each([
    [
      'with an index but no id',
      [
        { index: 0, name: 'f', args: '{"a":' },
        { index: 0, args: '1}' },
      ],
    ],
    ['with neither index nor id', [{ name: 'f', args: '{"a":1}' }]],
    [
      'two calls, one without an id',
      [
        { index: 0, id: 'call_1', name: 'f', args: '{"a":1}' },
        { index: 1, name: 'g', args: '{}' },
      ],
    ],
  ])('leaves a call %s out of tool_calls (it is invalid)', (_label, pieces) => {
    const { lc, ours } = both(pieces);
    expect(lc.toolCalls?.some((c) => c.name === 'g' || c.id === undefined)).toBe(false);
    expect(ours).toEqual(lc);
  });

  it.each([
    ['a stray closing brace', ['{"a": 1', '}}']],
    ['text after the object', ['{"a": 1}', ' x']],
    ['a broken literal', ['{"a": tru', 'x}']],
    ['a doubled comma', ['{"a": 1,', ',']],
    ['a missing colon', ['{"a"', ' 1}']],
    ['an unquoted key', ['{a', ': 1}']],
    ['an array', ['[1,', '2]']],
    ['a bare literal', ['nu', 'l']],
  ])('makes concatenated arguments with %s an invalid tool call', (_label, parts) => {
    const pieces: Piece[] = parts.map((args, i) =>
      i === 0 ? { index: 0, id: 'call_1', name: 'f', args } : { index: 0, args },
    );
    const { lc, ours } = both(pieces);
    expect(lc.toolCalls).toEqual([]);
    expect(ours).toEqual(lc);
  });

  it('keeps a custom tool call chunk’s raw text input, whitespace included', () => {
    const { lc, ours } = both([
      { index: 0, id: 'call_1', name: 'shell', args: '  ls -la\n', isCustomTool: true },
      { index: 0, args: '| head \n\n', isCustomTool: true },
    ]);
    expect(lc.toolCalls?.[0]?.args).toEqual({ input: '  ls -la\n| head \n\n' });
    expect(ours).toEqual(lc);
  });
});

describe('metadata merged as LangChain.js merges it', () => {
  it.each([
    ['a string then a number', { x: 'a' }, { x: 1 }],
    ['a list then a record', { x: [1] }, { x: { a: 1 } }],
    ['a record then a string', { x: { a: 1 } }, { x: 'b' }],
  ])('throws on %s under one key', (_label, left, right) => {
    const lcError = (() => {
      try {
        new LCAIMessageChunk({ content: '', response_metadata: left }).concat(
          new LCAIMessageChunk({ content: '', response_metadata: right }),
        );
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(lcError?.message).toMatch(/different type/);
    const ours = () =>
      new AIMessageChunk({ responseMetadata: left }).concat(
        new AIMessageChunk({ responseMetadata: right }),
      );
    expect(ours).toThrow(lcError?.message);
    expect(ours).toThrow(RxRunnablesError);
    const kwargs = () =>
      new AIMessageChunk({ additionalKwargs: left }).concat(
        new AIMessageChunk({ additionalKwargs: right }),
      );
    expect(kwargs).toThrow(lcError?.message);
  });
});
