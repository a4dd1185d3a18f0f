/**
 * The incremental event-stream parser of the WHATWG HTML standard (server-sent events).
 * @module
 */
import { RxRunnablesError } from '../core';

/**
 * One dispatched server-sent event. `D` is the type of `data`: the text as sent (default), or
 * what `decodeSSE` / `fromSSE` made of it with their `data` option.
 */
export interface SSEEvent<D = string> {
  /** The last event id seen so far (it persists across events; an empty `id:` resets it). */
  id: string;
  /** The event type (`message` when the event had no `event:` field). */
  event: string;
  /** The data lines joined with `\n` (or, with a `data` option, their typed reading). */
  data: D;
  /** The `retry:` value of this event's block, when it had a valid one. */
  retry?: number;
}

/** Options of {@link createSSEParser}. */
export interface SSEParserOptions {
  /** Largest event accepted, in characters of its pending lines (default 16 MiB). */
  maxEventSize?: number;
  /** Called with each valid `retry:` value, even in a block that dispatches no event. */
  onRetry?: (retryMs: number) => void;
  /** Called with the text of each comment line (after the `:`). */
  onComment?: (comment: string) => void;
  /** The last event id to start from (a reconnection's, which the standard keeps across connections; default ''). */
  lastEventId?: string;
}

/** An incremental SSE parser: feed it text as it arrives, in pieces of any size. */
export interface SSEParser {
  /** Parses more text; complete events are passed to `onEvent` before it returns. */
  feed(chunk: string): void;
  /** The end of the stream: an unterminated last event is discarded, as the standard says. */
  end(): void;
  /** The last event id so far: set by every dispatched block, one without data included (what `Last-Event-ID` sends). */
  readonly lastEventId: string;
}

const DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;
const DIGITS = /^\d+$/;

/**
 * Creates an incremental SSE parser following the WHATWG rules: CR, LF and CRLF line ends (a
 * CRLF split across two feeds counts once), a leading BOM skipped, comments, `id` kept across
 * events and reset by an empty `id:` (an `id` with NUL ignored), `retry` only when all ASCII
 * digits, `event` defaulting to `message`, data lines joined with `\n`, an event with no data not
 * dispatched. Work is linear in the input however it is split. An event larger than
 * `maxEventSize` throws `SSE_PARSE` (`details.reason: 'event-too-large'`, `position`).
 *
 * @example
 * ```ts
 * import { createSSEParser } from 'rx-runnables/transport';
 * const parser = createSSEParser((event) => console.log(event.event, event.data));
 * parser.feed('event: greet\ndata: hel');
 * parser.feed('lo\n\n'); // greet hello
 * parser.end();
 * ```
 */
export function createSSEParser(
  onEvent: (event: SSEEvent) => void,
  options: SSEParserOptions = {},
): SSEParser {
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  const { onRetry, onComment } = options;
  let started = false;
  let afterCR = false;
  let partial: string[] = [];
  let partialSize = 0;
  let skipping = false;
  let data = '';
  let dataLines = 0;
  let eventType = '';
  let lastId = options.lastEventId ?? '';
  let idBuffer = lastId;
  let retry: number | undefined;
  let offset = 0;

  const tooLarge = (position: number): never => {
    const size = data.length + partialSize;
    partial = [];
    partialSize = 0;
    data = '';
    dataLines = 0;
    throw new RxRunnablesError('SSE_PARSE', `An SSE event exceeded ${maxEventSize} characters`, {
      reason: 'event-too-large',
      maxEventSize,
      size,
      position,
    });
  };

  const dispatch = (): void => {
    lastId = idBuffer;
    if (dataLines === 0) {
      eventType = '';
      retry = undefined;
      return;
    }
    const event: SSEEvent = { id: lastId, event: eventType === '' ? 'message' : eventType, data };
    if (retry !== undefined) event.retry = retry;
    data = '';
    dataLines = 0;
    eventType = '';
    retry = undefined;
    onEvent(event);
  };

  /** One line: `text` from `start` to `end` (exclusive), without its line end. */
  const line = (text: string, start: number, end: number): void => {
    if (start === end) {
      dispatch();
      return;
    }
    const c0 = text.charCodeAt(start);
    // Fast paths for `data:` and `id:`, the fields of nearly every line.
    if (
      c0 === 100 &&
      text.charCodeAt(start + 1) === 97 &&
      text.charCodeAt(start + 2) === 116 &&
      text.charCodeAt(start + 3) === 97 &&
      text.charCodeAt(start + 4) === 58
    ) {
      const from = start + 5 < end && text.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
      const value = text.slice(from, end);
      data = dataLines === 0 ? value : `${data}\n${value}`;
      dataLines += 1;
      return;
    }
    if (c0 === 58) {
      if (onComment !== undefined) {
        onComment(
          text.slice(
            start + 1 < end && text.charCodeAt(start + 1) === 32 ? start + 2 : start + 1,
            end,
          ),
        );
      }
      return;
    }
    if (c0 === 105 && text.charCodeAt(start + 1) === 100 && text.charCodeAt(start + 2) === 58) {
      const value = text.slice(
        start + 3 < end && text.charCodeAt(start + 3) === 32 ? start + 4 : start + 3,
        end,
      );
      if (!value.includes('\0')) idBuffer = value;
      return;
    }
    let colon = start;
    while (colon < end && text.charCodeAt(colon) !== 58) colon += 1;
    const field = text.slice(start, colon);
    const value =
      colon === end
        ? ''
        : text.slice(
            colon + 1 < end && text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1,
            end,
          );
    switch (field) {
      case 'data':
        data = dataLines === 0 ? value : `${data}\n${value}`;
        dataLines += 1;
        break;
      case 'event':
        eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) idBuffer = value;
        break;
      case 'retry':
        if (DIGITS.test(value)) {
          retry = Number(value);
          onRetry?.(retry);
        }
        break;
      default:
        break;
    }
  };

  const feed = (chunk: string): void => {
    let text = chunk;
    if (!started) {
      if (text === '') return;
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const length = text.length;
    let pos = 0;
    if (afterCR && length > 0) {
      afterCR = false;
      if (text.charCodeAt(0) === 10) pos = 1;
    }
    // Positions of the next LF and CR at or after `pos`; -2: not searched yet, -1: none left.
    let lf = -2;
    let cr = -2;
    while (pos < length) {
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      const end = lf === -1 ? cr : cr === -1 ? lf : lf < cr ? lf : cr;
      // A comment nobody listens to is skipped as it streams by, never buffered.
      const discard =
        skipping ||
        (onComment !== undefined
          ? false
          : partial.length === 0
            ? text.charCodeAt(pos) === 58
            : (partial[0] as string).charCodeAt(0) === 58);
      if (end === -1) {
        if (discard) {
          skipping = true;
          break;
        }
        partial.push(pos === 0 ? text : text.slice(pos));
        partialSize += length - pos;
        if (data.length + partialSize > maxEventSize) tooLarge(offset + length);
        break;
      }
      if (!discard && data.length + partialSize + end - pos > maxEventSize) tooLarge(offset + end);
      const start = pos;
      pos = end + 1;
      if (end === cr) {
        if (pos < length) {
          if (text.charCodeAt(pos) === 10) pos += 1;
        } else {
          afterCR = true;
        }
      }
      if (discard) {
        skipping = false;
        partial = [];
        partialSize = 0;
      } else if (partial.length > 0) {
        partial.push(text.slice(start, end));
        const joined = partial.join('');
        partial = [];
        partialSize = 0;
        line(joined, 0, joined.length);
      } else {
        line(text, start, end);
      }
    }
    offset += length;
  };

  const end = (): void => {
    skipping = false;
    partial = [];
    partialSize = 0;
    data = '';
    dataLines = 0;
    eventType = '';
    retry = undefined;
    afterCR = false;
  };

  return {
    feed,
    end,
    get lastEventId() {
      return lastId;
    },
  };
}
