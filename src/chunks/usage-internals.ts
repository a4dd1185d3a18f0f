/**
 * Usage metadata between our camelCase shape and LangChain's snake_case one.
 * @internal
 * @module
 */
import type { UsageMetadata } from './types';

type Rec = Record<string, unknown>;

const isRecord = (value: unknown): value is Rec => typeof value === 'object' && value !== null;

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (key: string): string => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function renamed(record: unknown, rename: (key: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (isRecord(record)) for (const key of Object.keys(record)) out[rename(key)] = record[key];
  return out;
}

/** LangChain's `usage_metadata` in our shape (details keys renamed too). */
export function usageFromForeign(usage: unknown): UsageMetadata | undefined {
  if (!isRecord(usage)) return undefined;
  const out: Record<string, unknown> = {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    totalTokens: usage.total_tokens,
  };
  if (usage.input_token_details) out.inputTokenDetails = renamed(usage.input_token_details, camel);
  if (usage.output_token_details) {
    out.outputTokenDetails = renamed(usage.output_token_details, camel);
  }
  return out as unknown as UsageMetadata;
}

/**
 * Our usage metadata in LangChain's snake_case shape (details keys renamed too).
 * @internal
 */
export function usageToForeign(usage: UsageMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
  if (usage.inputTokenDetails) out.input_token_details = renamed(usage.inputTokenDetails, snake);
  if (usage.outputTokenDetails) {
    out.output_token_details = renamed(usage.outputTokenDetails, snake);
  }
  return out;
}
