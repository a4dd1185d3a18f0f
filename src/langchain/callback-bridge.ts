/**
 * Reporting the inner runs of our Runnable to LangChain callbacks.
 * @module
 */
import type {
  CallbackManager,
  CallbackManagerForChainRun,
  CallbackManagerForLLMRun,
  CallbackManagerForRetrieverRun,
  CallbackManagerForToolRun,
} from '@langchain/core/callbacks/manager';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type {
  BaseMessage as LCBaseMessage,
  BaseMessageChunk as LCBaseMessageChunk,
} from '@langchain/core/messages';
import { HumanMessage as LCHumanMessage } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import type { ChatGeneration, Generation } from '@langchain/core/outputs';
import type { ChainValues } from '@langchain/core/utils/types';
import { BaseMessage } from '../chunks';
import type { RunEvent } from '../core';
import { toChatMessages } from '../models';
import type { ChatModelInput } from '../models';
import { toLangChainValue } from './convert';
import { toLangChainMessage } from './messages';

type RunManager =
  | CallbackManagerForChainRun
  | CallbackManagerForLLMRun
  | CallbackManagerForRetrieverRun
  | CallbackManagerForToolRun;

interface OpenRun {
  readonly kind: string;
  readonly manager: RunManager;
  readonly input: unknown;
}

const EVENT = /^on_(.+)_(start|stream|end|error)$/;
const TOKEN_INDEX = { prompt: 0, completion: 0 };

function serialized(name: string): Serialized {
  return { lc: 1, type: 'not_implemented', id: ['rx_runnables', name] };
}

function isPlainObject(value: unknown): value is ChainValues {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** LangChain's chain values: a plain object as it is, anything else under `key`. */
function toDict(value: unknown, key: string): ChainValues {
  const converted = toLangChainValue(value);
  return isPlainObject(converted) ? converted : { [key]: converted };
}

/** The input of a chat model as LangChain messages (for `handleChatModelStart`). @internal */
export function messagesOf(input: unknown): LCBaseMessage[] {
  try {
    return toChatMessages(input as ChatModelInput).map(toLangChainMessage);
  } catch {
    return [new LCHumanMessage(String(input))];
  }
}

/** The text of a chunk of ours: a message's text, a string, or `''`. @internal */
export function textOf(chunk: unknown): string {
  return BaseMessage.isInstance(chunk) ? chunk.text : typeof chunk === 'string' ? chunk : '';
}

/**
 * Receives our events for one run (as its event sink) and reports every step below the root to
 * LangChain's callbacks, as children of the LangChain run that stands for our root step. A chat
 * model reports `handleChatModelStart`/`handleLLMNewToken`/`handleLLMEnd` (so LangChain's
 * `streamEvents` shows `on_chat_model_stream` and LangGraph streams its messages); retrievers and
 * tools their own callbacks; every other step chain callbacks with its kind as run type.
 * Callbacks are asynchronous: they are queued in event order, and {@link CallbackBridge.flush}
 * waits for them.
 * @internal
 */
export class CallbackBridge {
  private queue: Promise<void> = Promise.resolve();
  private readonly runs = new Map<string, OpenRun>();
  private rootId: string | undefined;

  constructor(private readonly root: CallbackManagerForChainRun) {}

  /** The event sink to run our Runnable with. */
  readonly sink = (event: RunEvent): void => {
    if (event.parentIds.length === 0) {
      this.rootId = event.runId;
      return;
    }
    this.queue = this.queue.then(() => this.dispatch(event)).catch(() => undefined);
  };

  /** Resolves when every queued callback has run. */
  flush(): Promise<void> {
    return this.queue;
  }

  private parentManager(parentIds: readonly string[]): CallbackManager {
    for (let i = parentIds.length - 1; i >= 0; i--) {
      const id = parentIds[i] as string;
      if (id === this.rootId) break;
      const manager = this.runs.get(id)?.manager;
      if (manager && 'getChild' in manager) return manager.getChild();
    }
    return this.root.getChild();
  }

  private async dispatch(event: RunEvent): Promise<void> {
    const match = EVENT.exec(event.event);
    if (!match) return;
    const kind = match[1] as string;
    const phase = match[2] as string;
    if (phase === 'start') {
      const manager = await this.start(kind, event);
      this.runs.set(event.runId, { kind, manager, input: event.data.input });
      return;
    }
    const run = this.runs.get(event.runId);
    if (!run) return;
    if (phase === 'stream') await this.stream(run, event.data.chunk);
    else if (phase === 'end') {
      this.runs.delete(event.runId);
      await this.end(run, event.data.output, event.data.input);
    } else {
      this.runs.delete(event.runId);
      await this.error(run, event.data.error);
    }
  }

  private async start(kind: string, event: RunEvent): Promise<RunManager> {
    const parent = this.parentManager(event.parentIds);
    const { runId, name, tags, metadata } = event;
    const input = event.data.input;
    const meta = { ...metadata };
    const tagList = [...tags];
    // The manager reports its own tags and metadata, not the arguments of `handle…Start`.
    parent.addTags(tagList, false);
    parent.addMetadata(meta, false);
    const id = serialized(name);
    if (kind === 'chat_model') {
      const [manager] = await parent.handleChatModelStart(
        id,
        [messagesOf(input)],
        runId,
        undefined,
        undefined,
        tagList,
        meta,
        name,
      );
      return manager as CallbackManagerForLLMRun;
    }
    if (kind === 'llm') {
      const prompts = [typeof input === 'string' ? input : String(input)];
      const [manager] = await parent.handleLLMStart(
        id,
        prompts,
        runId,
        undefined,
        undefined,
        tagList,
        meta,
        name,
      );
      return manager as CallbackManagerForLLMRun;
    }
    if (kind === 'retriever') {
      return parent.handleRetrieverStart(
        id,
        String(input ?? ''),
        runId,
        undefined,
        tagList,
        meta,
        name,
      );
    }
    if (kind === 'tool') {
      const text =
        typeof input === 'string' ? input : JSON.stringify(toLangChainValue(input) ?? {});
      return parent.handleToolStart(id, text, runId, undefined, tagList, meta, name);
    }
    const runType = kind === 'chain' ? undefined : kind;
    return parent.handleChainStart(id, toDict(input, 'input'), runId, runType, tagList, meta, name);
  }

  private async stream(run: OpenRun, chunk: unknown): Promise<void> {
    if (run.kind !== 'chat_model' && run.kind !== 'llm') return;
    const manager = run.manager as CallbackManagerForLLMRun;
    const text = textOf(chunk);
    if (run.kind === 'llm' || !BaseMessage.isInstance(chunk)) {
      await manager.handleLLMNewToken(text, TOKEN_INDEX);
      return;
    }
    const message = toLangChainMessage(chunk) as LCBaseMessageChunk;
    const fields = { chunk: new ChatGenerationChunk({ message, text }) };
    await manager.handleLLMNewToken(text, TOKEN_INDEX, undefined, undefined, undefined, fields);
  }

  private async end(run: OpenRun, output: unknown, input: unknown): Promise<void> {
    if (run.kind === 'chat_model' || run.kind === 'llm') {
      const text = textOf(output);
      const message = BaseMessage.isInstance(output) ? toLangChainMessage(output) : undefined;
      const generation: Generation | ChatGeneration = message ? { message, text } : { text };
      await (run.manager as CallbackManagerForLLMRun).handleLLMEnd({ generations: [[generation]] });
    } else if (run.kind === 'retriever') {
      const documents = Array.isArray(output) ? (output as DocumentInterface[]) : [];
      await (run.manager as CallbackManagerForRetrieverRun).handleRetrieverEnd(documents);
    } else if (run.kind === 'tool') {
      await (run.manager as CallbackManagerForToolRun).handleToolEnd(toLangChainValue(output));
    } else {
      const inputs = toDict(input ?? run.input, 'input');
      await (run.manager as CallbackManagerForChainRun).handleChainEnd(
        toDict(output, 'output'),
        undefined,
        undefined,
        undefined,
        { inputs },
      );
    }
  }

  private async error(run: OpenRun, error: unknown): Promise<void> {
    const manager = run.manager;
    if (run.kind === 'chat_model' || run.kind === 'llm') {
      await (manager as CallbackManagerForLLMRun).handleLLMError(error);
    } else if (run.kind === 'retriever') {
      await (manager as CallbackManagerForRetrieverRun).handleRetrieverError(error);
    } else if (run.kind === 'tool') {
      await (manager as CallbackManagerForToolRun).handleToolError(error);
    } else {
      await (manager as CallbackManagerForChainRun).handleChainError(error);
    }
  }
}
