import { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import type { ContentBlock, ToolCallChunk, UsageMetadata } from '../../src/chunks';

// One random chunk, described once and built with both libraries.
interface ChunkSpec {
  content: string | Record<string, unknown>[];
  id?: string;
  additional_kwargs: Record<string, unknown>;
  response_metadata: Record<string, unknown>;
  tool_call_chunks: Record<string, unknown>[];
  usage?: { input_tokens: number; output_tokens: number; total_tokens: number } & Record<
    string,
    unknown
  >;
}

// Keys we treat as identity strings where LangChain.js appends (langchainjs #11054).
const OUR_EXTRA_IDENTITY_KEYS = ['model_name', 'finish_reason', 'system_fingerprint'];

const text = fc.constantFrom('', 'a', 'b', 'Hel', 'lo', ' world', '{"x"', ':1}', 'é');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const withoutUndefined = <T extends Record<string, unknown>>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

const block = fc
  .record({
    type: fc.constantFrom('text', 'text', 'reasoning'),
    text,
    index: maybe(fc.integer({ min: 0, max: 2 })),
  })
  .map(({ type, text: t, index }) =>
    withoutUndefined(type === 'text' ? { type, text: t, index } : { type, reasoning: t, index }),
  );

const content = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 1, arbitrary: fc.array(block, { maxLength: 3 }) },
);

const kwargs = fc
  .record(
    {
      reasoning_content: text,
      count: fc.integer({ min: 0, max: 5 }),
      nested: fc.record({ note: text, n: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] }),
      parts: fc.array(fc.record({ index: fc.integer({ min: 0, max: 1 }), text }), { maxLength: 2 }),
      name: text,
    },
    { requiredKeys: [] },
  )
  .map(withoutUndefined);

const metadata = fc
  .record(
    {
      model_name: fc.constantFrom('gpt-4o', 'gpt-4o-mini'),
      finish_reason: fc.constantFrom('stop', 'length', ''),
      system_fingerprint: fc.constantFrom('fp_1', 'fp_2'),
      created: fc.integer({ min: 1, max: 9 }),
      logprobs: fc.array(fc.record({ token: text }), { maxLength: 2 }),
      model_provider: fc.constantFrom('openai', ''),
    },
    { requiredKeys: [] },
  )
  .map(withoutUndefined);

const toolCallChunk = fc
  .record({
    index: maybe(fc.integer({ min: 0, max: 2 })),
    id: maybe(fc.constantFrom('call_a', 'call_b')),
    name: maybe(fc.constantFrom('search', 'weather', '')),
    args: maybe(fc.constantFrom('', '{"q":', '"rx"', '}', ' ', '{}')),
    type: maybe(fc.constant('tool_call_chunk')),
  })
  .map(withoutUndefined);

const usage = fc
  .record({
    input_tokens: fc.nat(50),
    output_tokens: fc.nat(50),
    total_tokens: fc.nat(100),
    input_token_details: maybe(
      fc.record({ cache_read: fc.nat(9), audio: fc.nat(9) }, { requiredKeys: [] }),
    ),
    output_token_details: maybe(fc.record({ reasoning: fc.nat(9) }, { requiredKeys: [] })),
  })
  .map(withoutUndefined);

const chunkSpec: fc.Arbitrary<ChunkSpec> = fc
  .record({
    content,
    id: maybe(fc.constantFrom('run-1', 'run-2')),
    additional_kwargs: kwargs,
    response_metadata: metadata,
    tool_call_chunks: fc.array(toolCallChunk, { maxLength: 2 }),
    usage: maybe(usage),
  })
  .map((spec) => withoutUndefined(spec) as ChunkSpec);

const camel = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
const renameKeys = (r: unknown) =>
  r === undefined
    ? undefined
    : Object.fromEntries(
        Object.entries(r as Record<string, unknown>).map(([k, v]) => [camel(k), v]),
      );

function ours(spec: ChunkSpec): AIMessageChunk {
  const u = spec.usage;
  const usageMetadata = u && {
    inputTokens: u.input_tokens,
    outputTokens: u.output_tokens,
    totalTokens: u.total_tokens,
    inputTokenDetails: renameKeys(u.input_token_details),
    outputTokenDetails: renameKeys(u.output_token_details),
  };
  return new AIMessageChunk({
    content: structuredClone(spec.content) as string | ContentBlock[],
    id: spec.id,
    additionalKwargs: structuredClone(spec.additional_kwargs),
    responseMetadata: structuredClone(spec.response_metadata),
    toolCallChunks: structuredClone(spec.tool_call_chunks) as ToolCallChunk[],
    usageMetadata:
      usageMetadata && (withoutUndefined({ ...usageMetadata }) as unknown as UsageMetadata),
  });
}

function theirs(spec: ChunkSpec): LCAIMessageChunk {
  return new LCAIMessageChunk({
    content: structuredClone(spec.content) as string,
    id: spec.id,
    additional_kwargs: structuredClone(spec.additional_kwargs),
    response_metadata: structuredClone(spec.response_metadata),
    tool_call_chunks: structuredClone(spec.tool_call_chunks),
    usage_metadata: spec.usage && structuredClone(spec.usage),
  } as ConstructorParameters<typeof LCAIMessageChunk>[0]);
}

const noEmpty = (d: object | undefined) =>
  d === undefined || Object.keys(d).length === 0 ? undefined : d;

/** Our usage without empty detail objects. */
function normalUsage(u: UsageMetadata | undefined): UsageMetadata | undefined {
  if (u === undefined) return undefined;
  return withoutUndefined({
    ...u,
    inputTokenDetails: noEmpty(u.inputTokenDetails),
    outputTokenDetails: noEmpty(u.outputTokenDetails),
  }) as UsageMetadata;
}

/** LangChain's usage in our shape, dropping the empty detail objects its merge adds. */
function usageOf(lc: LCAIMessageChunk): UsageMetadata | undefined {
  const u = lc.usage_metadata;
  if (u === undefined) return undefined;
  const details = (d: object | undefined) => renameKeys(noEmpty(d));
  return withoutUndefined({
    inputTokens: u.input_tokens,
    outputTokens: u.output_tokens,
    totalTokens: u.total_tokens,
    inputTokenDetails: details(u.input_token_details),
    outputTokenDetails: details(u.output_token_details),
  }) as UsageMetadata;
}

const omit = (record: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));

/** The last non-empty value of `key` across the sequence: our identity-string rule. */
function lastNonEmpty(specs: readonly ChunkSpec[], key: string): unknown {
  let value: unknown;
  for (const spec of specs) {
    const v = spec.response_metadata[key];
    if (v !== undefined && (value === undefined || v !== '')) value = v;
  }
  return value;
}

describe('AIMessageChunk.concat against @langchain/core', () => {
  it('adds up random chunk sequences like LangChain.js (except identity strings)', () => {
    fc.assert(
      fc.property(fc.array(chunkSpec, { minLength: 1, maxLength: 8 }), (specs) => {
        const a = specs.map(ours).reduce((x, y) => x.concat(y));
        const b = specs.map(theirs).reduce((x, y) => x.concat(y));
        expect(a.content).toEqual(b.content);
        expect(a.id).toEqual(b.id);
        expect(a.additionalKwargs).toEqual(b.additional_kwargs);
        expect(a.toolCallChunks).toEqual(b.tool_call_chunks);
        expect(normalUsage(a.usageMetadata)).toEqual(usageOf(b));
        expect(omit(a.responseMetadata, OUR_EXTRA_IDENTITY_KEYS)).toEqual(
          omit(b.response_metadata, OUR_EXTRA_IDENTITY_KEYS),
        );
        for (const key of OUR_EXTRA_IDENTITY_KEYS) {
          expect(a.responseMetadata[key]).toEqual(lastNonEmpty(specs, key));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('groups tool-call chunks like LangChain.js and agrees on every call it parses', () => {
    fc.assert(
      fc.property(fc.array(chunkSpec, { minLength: 1, maxLength: 6 }), (specs) => {
        const a = specs.map(ours).reduce((x, y) => x.concat(y));
        const b = specs.map(theirs).reduce((x, y) => x.concat(y));
        const theirCalls = b.tool_calls ?? [];
        // Same grouping: as many calls (valid or not) on both sides.
        expect(a.toolCalls.length + a.invalidToolCalls.length).toBe(
          theirCalls.length + (b.invalid_tool_calls ?? []).length,
        );
        // LangChain.js also accepts partial JSON and rejects calls without an id; every call we
        // accept (complete JSON) and that has an id, it accepts with the same arguments.
        // (Its name is the first chunk's even when empty; ours is the first non-empty one.)
        for (const call of a.toolCalls.filter((c) => c.id)) {
          const same = theirCalls.filter((c) => c.id === call.id);
          expect(same.map((c) => c.args)).toContainEqual(call.args);
        }
      }),
      { numRuns: 300 },
    );
  });
});
