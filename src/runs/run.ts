/**
 * Run: one stream of a tool-calling run — an Observable and async iterable of its events, with
 * the controls to cancel it and to continue it after a pause.
 * @module
 */
import { Observable, Subject, filter, map } from 'rxjs';
import { RunStream, toAsyncIterator } from '../core';
import { OPEN_WITH_FLOW, paceOf } from '../core/flow-control';
import type { FlowControl } from '../core/flow-control';
import type { AssistantStreamEvent, MessageObject, RunObject, RunStepObject } from './run-objects';
import { RunEngine } from './run-engine';
import type { EngineConfig } from './run-engine';
import { RunHandlers } from './run-handlers';
import type { RunHandlerMap } from './run-handlers';
import { submitToolApprovals, submitToolOutputs } from './resume-run';
import type { ToolOutput } from './resume-run';
import type { RunState } from './run-state';

/**
 * One stream of a run. Subscribing (or iterating, or `untilDone()`) starts it; every subscriber
 * sees the events from then on. It ends at `done`: after a final status, or paused in
 * `thread.run.requires_action`, from where `submitToolOutputs`, `approve` or `reject` continue
 * the run on a new `Run`. `cancel()` — and the last subscriber leaving early — emits
 * `thread.run.cancelling` then `thread.run.cancelled`, aborting the model request and any
 * running tool.
 *
 * @example
 * ```ts
 * const run = createRun({ model, tools: [weather], messages: 'Weather in Oslo?' });
 * for await (const event of run) console.log(event.sequence, event.event);
 * run.state.status; // 'completed'
 * ```
 */
export class Run
  extends Observable<AssistantStreamEvent>
  implements AsyncIterable<AssistantStreamEvent>
{
  /** The run's state (live; `toJSON()` for a copy that another process can resume). */
  readonly state: RunState;
  private readonly config: EngineConfig;
  private readonly engine: RunEngine;
  private readonly subject = new Subject<AssistantStreamEvent>();
  private readonly fresh: boolean;
  private readonly firstStep: number;
  private readonly firstMessage: number;
  private handlers: RunHandlers | undefined;
  private started: Promise<void> | undefined;
  private subscribers = 0;
  private ended = false;
  private detach: (() => void) | undefined;
  /** The events of a stream cancelled before it started, for its subscribers and handlers. */
  private replay: AssistantStreamEvent[] | undefined;

  /** @internal Use `createRun`, `submitToolOutputs` or `submitToolApprovals`. */
  constructor(state: RunState, config: EngineConfig, fresh: boolean, signal?: AbortSignal) {
    super((subscriber) => {
      if (this.ended) {
        // A run cancelled before it started: its stream is the cancellation's events.
        if (this.replay !== undefined) {
          for (const event of this.replay) subscriber.next(event);
          this.start().catch(() => undefined);
        }
        subscriber.complete();
        return undefined;
      }
      this.subscribers++;
      const subscription = this.subject.subscribe(subscriber);
      // A handler's error reaches subscribers through the subject, and `untilDone()` callers.
      this.start().catch(() => undefined);
      return () => {
        subscription.unsubscribe();
        if (--this.subscribers === 0 && !this.ended) this.cancel();
      };
    });
    this.state = state;
    this.config = config;
    this.fresh = fresh;
    this.firstStep = state.steps.length;
    this.firstMessage = state.messageObjects.length;
    this.engine = new RunEngine(state, config, (event) => {
      if (this.replay !== undefined) {
        this.replay.push(event);
        return;
      }
      this.subject.next(event);
      this.handlers?.dispatch(event);
    });
    if (signal !== undefined) {
      const onAbort = (): void => this.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      this.detach = () => signal.removeEventListener('abort', onAbort);
      if (signal.aborted) this.cancel();
    }
  }

  /** Starts the run if it has not started; resolves when this stream has ended. */
  private start(): Promise<void> {
    const replay = this.replay;
    const work =
      replay === undefined
        ? (): Promise<void> => this.engine.execute(this.fresh)
        : async (): Promise<void> => {
            for (const event of replay) this.handlers?.dispatch(event);
          };
    this.started ??= work().then(() => {
      this.ended = true;
      this.detach?.();
      this.handlers?.end();
      const failure = this.handlers?.failure;
      if (failure === undefined) {
        this.subject.complete();
        return;
      }
      this.subject.error(failure);
      throw failure;
    });
    return this.started;
  }

  /**
   * This stream with the model read at `flow`'s pace (what iterating it uses). The first
   * consumer to iterate sets the pace; subscribers see the events at that pace too.
   * @internal
   */
  [OPEN_WITH_FLOW](flow: FlowControl): Observable<AssistantStreamEvent> {
    return new Observable<AssistantStreamEvent>((subscriber) => {
      // The pace only: a cancelled run ends with its own events, not with its model's abort.
      this.engine.flow ??= paceOf(flow);
      return this.subscribe(subscriber);
    });
  }

  /**
   * Iterates the events, pulled: the model's answer is read only as fast as the loop reads
   * events (an HTTP body waits in the socket), and `break` cancels the run.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<AssistantStreamEvent> {
    return toAsyncIterator(this);
  }

  /**
   * Cancels the run: `thread.run.cancelling`, then — once the model request and running tools
   * are aborted — the open step's `cancelled`, `thread.run.cancelled` and `done`. A run not
   * started yet is cancelled at once, and its stream (for whoever subscribes later) is those
   * events. A paused run (`requires_action`) is cancelled too: its paused step ends `cancelled`,
   * the run `cancelled` (handlers see the events; its stream had already ended).
   *
   * @example
   * ```ts
   * setTimeout(() => run.cancel(), 100);
   * await run.untilDone();
   * run.state.status; // 'cancelled'
   * ```
   */
  cancel(): void {
    if (this.ended) {
      // Paused (its stream ended at `done`): the run itself is cancelled now, as OpenAI
      // cancels a run in requires_action; handlers see the events.
      if (this.state.run.status === 'requires_action') this.engine.cancelUnstarted();
      return;
    }
    if (this.started === undefined) {
      // The state is cancelled now; whoever subscribes or awaits later gets the events.
      this.replay = [];
      this.engine.cancelUnstarted();
      this.ended = true;
      this.detach?.();
      return;
    }
    this.engine.cancel();
  }

  /** Same as {@link Run.cancel} (the name openai-node's AssistantStream uses). */
  abort(): void {
    this.cancel();
  }

  /**
   * Continues a run paused for tool outputs, on a new stream.
   *
   * @example
   * ```ts
   * const next = run.submitToolOutputs([{ toolCallId: 'call_0_0', output: '21°C' }]);
   * await next.finalRun();
   * ```
   */
  submitToolOutputs(outputs: readonly ToolOutput[]): Run {
    return submitToolOutputs(this.state, outputs, this.config);
  }

  /**
   * Approves a call the run paused on; the returned run executes it (or pauses again for the
   * decisions still missing).
   *
   * @example
   * ```ts
   * const next = run.approve('call_0_0');
   * ```
   */
  approve(toolCallId: string): Run {
    return submitToolApprovals(this.state, [{ toolCallId, approved: true }], this.config);
  }

  /**
   * Rejects a call the run paused on: the model is told it was rejected (with `reason`).
   *
   * @example
   * ```ts
   * const next = run.reject('call_0_0', 'not this city');
   * ```
   */
  reject(toolCallId: string, reason?: string): Run {
    return submitToolApprovals(
      this.state,
      [{ toolCallId, approved: false, ...(reason === undefined ? {} : { reason }) }],
      this.config,
    );
  }

  /**
   * Registers a handler (see {@link RunHandlerMap}); returns the run for chaining.
   *
   * @example
   * ```ts
   * run.on('textDelta', (delta, snapshot) => process.stdout.write(delta.value));
   * await run.untilDone();
   * ```
   */
  on<K extends keyof RunHandlerMap>(name: K, handler: RunHandlerMap[K]): this {
    this.handlers ??= new RunHandlers();
    this.handlers.add(name, handler);
    return this;
  }

  /**
   * The text fragments of the run's messages (an Observable that is also async-iterable).
   *
   * @example
   * ```ts
   * for await (const text of run.textDeltas) process.stdout.write(text);
   * ```
   */
  get textDeltas(): RunStream<string> {
    return new RunStream(() =>
      this.pipe(
        filter((e) => e.event === 'thread.message.delta'),
        map((e) =>
          e.event === 'thread.message.delta' ? (e.data.delta.content[0]?.text.value ?? '') : '',
        ),
      ),
    );
  }

  /**
   * Starts the run if needed and resolves when this stream ends (done, paused or cancelled).
   * Rejects with a `CALLBACK` error (the thrown value as `cause`) if a handler threw; the run
   * itself went on.
   *
   * @example
   * ```ts
   * await run.untilDone();
   * ```
   */
  untilDone(): Promise<void> {
    return this.start();
  }

  /**
   * The run object once this stream has ended.
   *
   * @example
   * ```ts
   * (await run.finalRun()).status; // 'completed' | 'requires_action' | …
   * ```
   */
  async finalRun(): Promise<RunObject> {
    await this.untilDone();
    return structuredClone(this.state.run);
  }

  /**
   * The messages this stream created, once it has ended.
   *
   * @example
   * ```ts
   * const [answer] = await run.finalMessages();
   * answer?.content[0]?.text.value;
   * ```
   */
  async finalMessages(): Promise<MessageObject[]> {
    await this.untilDone();
    return structuredClone(this.state.messageObjects.slice(this.firstMessage));
  }

  /**
   * The steps this stream created (and the paused step it completed), once it has ended.
   *
   * @example
   * ```ts
   * (await run.finalRunSteps()).map((s) => s.type); // ['tool_calls', 'message_creation']
   * ```
   */
  async finalRunSteps(): Promise<RunStepObject[]> {
    await this.untilDone();
    const from = this.fresh ? this.firstStep : Math.max(0, this.firstStep - 1);
    return structuredClone(this.state.steps.slice(from));
  }
}
