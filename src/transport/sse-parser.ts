/**
 * The incremental event-stream parser of the WHATWG HTML standard (server-sent events).
 * @module
 */
import { RxRunnablesError } from '../core';

/** One dispatched server-sent event. */
export interface SSEEvent {
  /** The last event id seen so far (it persists across events; an empty `id:` resets it). */
  id: string;
  /** The event type (`message` when the event had no `event:` field). */
  event: string;
  /** The data lines joined with `\n`. */
  data: string;
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
}

/** An incremental SSE parser: feed it text as it arrives, in pieces of any size. */
export interface SSEParser {
  /** Parses more text; complete events are passed to `onEvent` before it returns. */
  feed(chunk: string): void;
  /** The end of the stream: an unterminated last event is discarded, as the standard says. */
  end(): void;
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
  let data = '';
  let hasData = false;
  let eventType = '';
  let lastId = '';
  let idBuffer = '';
  let retry: number | undefined;
  let offset = 0;

  const tooLarge = (position: number): never => {
    const size = data.length + partialSize;
    partial = [];
    partialSize = 0;
    data = '';
    hasData = false;
    throw new RxRunnablesError('SSE_PARSE', `An SSE event exceeded ${maxEventSize} characters`, {
      reason: 'event-too-large',
      maxEventSize,
      size,
      position,
    });
  };

  const dispatch = (): void => {
    lastId = idBuffer;
    if (!hasData) {
      eventType = '';
      retry = undefined;
      return;
    }
    const event: SSEEvent = {
      id: lastId,
      event: eventType === '' ? 'message' : eventType,
      data: data.slice(0, -1),
    };
    if (retry !== undefined) event.retry = retry;
    data = '';
    hasData = false;
    eventType = '';
    retry = undefined;
    onEvent(event);
  };

  const line = (text: string): void => {
    if (text === '') {
      dispatch();
      return;
    }
    const colon = text.indexOf(':');
    if (colon === 0) {
      onComment?.(text.slice(text.charCodeAt(1) === 32 ? 2 : 1));
      return;
    }
    let field: string;
    let value: string;
    if (colon === -1) {
      field = text;
      value = '';
    } else {
      field = text.slice(0, colon);
      value = text.slice(text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    }
    switch (field) {
      case 'data':
        data += value + '\n';
        hasData = true;
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
      if (end === -1) {
        partial.push(pos === 0 ? text : text.slice(pos));
        partialSize += length - pos;
        if (data.length + partialSize > maxEventSize) tooLarge(offset + length);
        break;
      }
      let lineText = text.slice(pos, end);
      if (partial.length > 0) {
        partial.push(lineText);
        lineText = partial.join('');
        partial = [];
        partialSize = 0;
      }
      if (data.length + lineText.length > maxEventSize) tooLarge(offset + end);
      pos = end + 1;
      if (end === cr) {
        if (pos < length) {
          if (text.charCodeAt(pos) === 10) pos += 1;
        } else {
          afterCR = true;
        }
      }
      line(lineText);
    }
    offset += length;
  };

  const end = (): void => {
    partial = [];
    partialSize = 0;
    data = '';
    hasData = false;
    eventType = '';
    retry = undefined;
    afterCR = false;
  };

  return { feed, end };
}
