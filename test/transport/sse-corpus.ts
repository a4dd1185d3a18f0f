/** SSE streams with the events the WHATWG rules give for them (shared by the decoder tests). */
import type { SSEEvent } from '../../src/transport';

export interface SSECase {
  name: string;
  /** The stream, as text (encoded to UTF-8 bytes by the tests). */
  text: string;
  /** The events, as the standard dispatches them. */
  events: SSEEvent[];
  /** The `retry:` values reported, in order. */
  retries?: number[];
}

const ev = (data: string, event = 'message', id = ''): SSEEvent => ({ id, event, data });

export const corpus: SSECase[] = [
  { name: 'LF line ends', text: 'data: a\n\ndata: b\n\n', events: [ev('a'), ev('b')] },
  { name: 'CR line ends', text: 'data: a\r\rdata: b\r\r', events: [ev('a'), ev('b')] },
  { name: 'CRLF line ends', text: 'data: a\r\n\r\ndata: b\r\n\r\n', events: [ev('a'), ev('b')] },
  {
    name: 'mixed line ends',
    text: 'data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r',
    events: [ev('a\nb\nc'), ev('d')],
  },
  { name: 'leading BOM', text: '\uFEFFdata: a\n\n', events: [ev('a')] },
  {
    name: 'only the first BOM is stripped',
    text: '\uFEFF\uFEFFdata: a\n\ndata: b\n\n',
    events: [ev('b')],
  },
  {
    name: 'comments',
    text: ': hi\n:\ndata: a\n: between\ndata: b\n\n',
    events: [ev('a\nb')],
  },
  {
    name: 'id persists and an empty id resets it',
    text: 'id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 7\n\ndata: d\n\n',
    events: [ev('a', 'message', '1'), ev('b', 'message', '1'), ev('c'), ev('d', 'message', '7')],
  },
  {
    name: 'an id with NUL is ignored',
    text: 'id: 3\ndata: a\n\nid: x\0y\ndata: b\n\n',
    events: [ev('a', 'message', '3'), ev('b', 'message', '3')],
  },
  {
    name: 'retry only when all ASCII digits',
    text: 'retry: 100\ndata: a\n\nretry: 1x\ndata: b\n\nretry: -5\nretry:  7\nretry:\nretry: ١٢\nretry: 1.5\nretry: 250\n\n',
    events: [{ ...ev('a'), retry: 100 }, ev('b')],
    retries: [100, 250],
  },
  {
    name: 'event names and the message default',
    text: 'event: tick\ndata: 1\n\nevent:\ndata: 2\n\ndata: 3\n\n',
    events: [ev('1', 'tick'), ev('2'), ev('3')],
  },
  {
    name: 'data lines joined, one trailing LF removed',
    text: 'data: a\ndata:\ndata: b\ndata\n\n',
    events: [ev('a\n\nb\n')],
  },
  {
    name: 'empty data not dispatched, but data: with no value is',
    text: 'event: x\n\nid: 4\n\ndata:\n\n',
    events: [ev('', 'message', '4')],
  },
  { name: 'space after the colon: only one removed', text: 'data:  two\n\n', events: [ev(' two')] },
  { name: 'no space after the colon', text: 'data:x\n\n', events: [ev('x')] },
  {
    name: 'unknown fields ignored',
    text: 'foo: bar\ndata: a\nDATA: no\n data: no\njust text\n\n',
    events: [ev('a')],
  },
  { name: 'unterminated last event discarded', text: 'data: a\n\ndata: b\n', events: [ev('a')] },
  { name: 'unterminated last line discarded', text: 'data: a\n\ndata: b', events: [ev('a')] },
  {
    name: 'multi-byte characters',
    text: 'data: 我現在都看實況不玩遊戲 🥌👩‍👩‍👧\n\nevent: é\ndata: ✔\n\n',
    events: [ev('我現在都看實況不玩遊戲 🥌👩‍👩‍👧'), ev('✔', 'é')],
  },
  {
    name: 'blank lines before and between events',
    text: '\n\n\r\nid: 1\ndata: a\n\n\n\ndata: b\r\n\r\n',
    events: [ev('a', 'message', '1'), ev('b', 'message', '1')],
  },
  {
    name: 'colon in the value kept',
    text: 'data: {"a":"b:c"}\n\n',
    events: [ev('{"a":"b:c"}')],
  },
];
