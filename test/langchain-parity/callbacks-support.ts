// Shared by the callbacks parity tests: a handler that records every call, and a normal form of
// the calls so LangChain's and ours compare (run ids numbered in order of appearance, messages
// as { role, text }, LangChain-only metadata dropped, class names mapped to ours).
import { AIMessageChunk } from '../../src/chunks';
import { FakeListChatModel } from './support';

/** Streams the characters of its reply, as LangChain's fake streaming models do (named CharModel). */
export class CharModel extends FakeListChatModel {}

export const METHODS = [
  'handleChainStart',
  'handleChainEnd',
  'handleChainError',
  'handleChatModelStart',
  'handleLLMStart',
  'handleLLMNewToken',
  'handleLLMEnd',
  'handleLLMError',
  'handleRetrieverStart',
  'handleRetrieverEnd',
  'handleRetrieverError',
  'handleToolStart',
  'handleToolEnd',
  'handleToolError',
] as const;

export type Call = [string, ...unknown[]];

/** A plain handler object recording each call with its arguments. */
export function recorder(): {
  handler: Record<string, (...args: unknown[]) => void>;
  calls: Call[];
} {
  const calls: Call[] = [];
  const handler: Record<string, (...args: unknown[]) => void> = {};
  for (const method of METHODS) handler[method] = (...args) => void calls.push([method, ...args]);
  return { handler, calls };
}

/** LangChain's class names as ours. */
const NAMES: Record<string, string> = {
  FakeStreamingChatModel: 'CharModel',
  FakeListChatModel: 'CharModel',
};

/** `text` with LangChain's class names (also inside paths such as `/logs/StrOutputParser`) as ours. */
const rename = (text: string): string => text.replace(/[A-Za-z]+/g, (word) => NAMES[word] ?? word);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The calls in a form both libraries share. */
export function normalize(calls: readonly Call[]): unknown[] {
  const value = normalizer();
  return calls.map(([method, ...args]) => {
    const list = args.map((a) => value(a));
    while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
    return [method, ...list];
  });
}

/**
 * A function giving values in a form both libraries share (run ids numbered in order of
 * appearance, times as 'T', messages as { role, text }).
 */
export function normalizer(): (v: unknown) => unknown {
  const ids = new Map<string, string>();
  const value = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') {
      if (UUID.test(v)) {
        if (!ids.has(v)) ids.set(v, `R${ids.size}`);
        return ids.get(v);
      }
      if (ISO_TIME.test(v)) return 'T';
      return rename(v);
    }
    if (Array.isArray(v)) return v.map((x) => value(x, depth + 1));
    if (v instanceof Error) return { error: v.message };
    if (v === null || typeof v !== 'object' || depth > 8) return v;
    const o = v as Record<string, unknown>;
    if (
      o.lc === 1 &&
      Array.isArray(o.id) &&
      (o.type === 'constructor' || o.type === 'not_implemented')
    )
      return 'serialized';
    const lcType = typeof o._getType === 'function' ? (o._getType as () => string)() : undefined;
    if (
      lcType !== undefined ||
      o instanceof AIMessageChunk ||
      (typeof o.type === 'string' && 'content' in o)
    ) {
      const role = lcType ?? (o.type as string);
      const text = typeof o.text === 'string' ? o.text : String(o.content);
      return { role, text };
    }
    if (Array.isArray(o.messages) && typeof o.toChatMessages === 'function')
      return { messages: value(o.messages, depth + 1) };
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (x === undefined || k.startsWith('ls_') || k === 'versions' || k === 'generationInfo')
        continue;
      if (k === 'llmOutput' || k === 'options') continue;
      out[rename(k)] = value(x, depth + 1);
    }
    return out;
  };
  return (v) => value(v);
}
