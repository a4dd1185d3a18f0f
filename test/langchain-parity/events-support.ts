// Shared by the events-* parity tests: LangChain's and our streamEvents in one comparable form.
import type { RunEvent } from '../../src/core';

export { FakeListChatModel, drain } from './support';

/** An event with its run ids replaced by their order of appearance (r0, r1, …). */
export interface ComparableEvent {
  event: string;
  name: string;
  run: string;
  tags: string[];
  metadata: Record<string, unknown>;
  data: Record<string, unknown>;
}

/** LangChain's event (`run_id`) or ours (`runId`). */
type AnyEvent = RunEvent | { event: string; name: string; run_id: string; tags?: string[] };

const isMessage = (value: object): value is { content: unknown } =>
  typeof (value as { _getType?: unknown })._getType === 'function' ||
  ('content' in value &&
    ['human', 'ai', 'system', 'tool'].includes((value as { type?: unknown }).type as string));

const messageType = (value: object): string => {
  const getType = (value as { _getType?: () => string })._getType;
  return typeof getType === 'function'
    ? getType.call(value)
    : ((value as { type: string }).type as string);
};

/**
 * A value with the classes of either library reduced to what both mean: a message to its type and
 * content, a prompt value to its messages, any other object to its defined own keys.
 */
export function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  if (isMessage(value)) return { type: messageType(value), content: plain(value.content) };
  const messages = (value as { messages?: unknown }).messages;
  if (Array.isArray(messages) && /PromptValue/.test(value.constructor.name)) {
    return { messages: messages.map(plain) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = plain(item);
  }
  return out;
}

/**
 * LangChain adds LangSmith tracing keys to a model's metadata (`ls_provider`, `ls_model_type`, …)
 * and the package versions (`versions`); ours has neither (docs/from-langchain.md, Differences).
 */
const TRACING_KEY = /^(ls_|versions$)/;

/** Every event of either library, comparable: run ids by order of appearance, classes reduced. */
export function comparable(events: readonly AnyEvent[]): ComparableEvent[] {
  const runs = new Map<string, string>();
  return events.map((e) => {
    const id = 'runId' in e ? e.runId : e.run_id;
    if (!runs.has(id)) runs.set(id, `r${runs.size}`);
    const { metadata = {}, data = {} } = e as { metadata?: object; data?: object };
    const meta = Object.fromEntries(
      Object.entries(metadata).filter(([key]) => !TRACING_KEY.test(key)),
    );
    return {
      event: e.event,
      name: e.name,
      run: runs.get(id) as string,
      tags: [...(e.tags ?? [])],
      metadata: meta,
      data: plain(data) as Record<string, unknown>,
    };
  });
}
