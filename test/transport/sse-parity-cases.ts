/**
 * The behaviours covered by eventsource-parser's own test suite (its fixtures, re-expressed as
 * the pieces a parser is fed), to run through both parsers.
 */

export interface ParityCase {
  name: string;
  /** Text pieces fed in order, or byte pieces (decoded by each side's UTF-8 decoder). */
  pieces: (string | Uint8Array)[];
}

const frame = (f: { id?: string; event?: string; data: string; retry?: number }): string =>
  `${f.id === undefined ? '' : `id: ${f.id}\n`}${f.event === undefined ? '' : `event: ${f.event}\n`}${
    f.retry === undefined ? '' : `retry: ${f.retry}\n`
  }${f.data
    .split('\n')
    .map((l) => `data: ${l}\n`)
    .join('')}\n`;
const done = frame({ event: 'done', data: '✔' });
const MULTI = [
  '我現在都看實況不玩遊戲',
  'Ελληνικά κείμενα με τόνους',
  'עברית וערבית: مرحبا بالعالم',
  '😀 🥌 🧹 ✅ 👩‍👩‍👧 🏳️‍🌈 🇳🇴',
  'नमस्ते दुनिया — ಕನ್ನಡ — ภาษาไทย',
];
const long = 'x'.repeat(2 * 1024 + 1);
const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const join = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const parityCases: ParityCase[] = [
  {
    name: 'basic unnamed events',
    pieces: [...[0, 1, 2, 3, 4].map((i) => frame({ data: String(i) })), done],
  },
  {
    name: 'named events with timestamps',
    pieces: [
      ...[0, 1, 2, 3, 4].map((i) =>
        frame({ event: 'time', data: new Date(i * 1e11).toISOString() }),
      ),
      done,
    ],
  },
  {
    name: 'time events cut at uneven places',
    pieces: [0, 1, 2, 3, 4, 5].flatMap((i) => {
      const f = frame({
        id: String(1e6 + i * 7919),
        event: 'time',
        data: new Date(i * 1e9).toISOString(),
      });
      const at = (i * 13) % f.length;
      return [f.slice(0, at), f.slice(at)];
    }),
  },
  {
    name: 'identified events with a retry interval',
    pieces: [1337, 1338].map((id) =>
      frame({ event: 'tick', data: String(id), id: String(id), retry: 50 }),
    ),
  },
  {
    name: 'heartbeat comments between unnamed events',
    pieces: [
      ...[0, 1, 2, 3, 4].flatMap((i) => [': ♥\n\n', frame({ data: String.fromCharCode(65 + i) })]),
      done,
    ],
  },
  {
    name: 'multi-line data events fed line by line',
    pieces: [
      'event: stock\n',
      'data: YHOO\n',
      'data: +2\n',
      'data: 10\n\n',
      'event: stock\n',
      'data: GOOG\n',
      'data: -8\n',
      'data: 1881\n\n',
      done,
    ],
  },
  {
    name: 'multi-byte events, some data split across lines',
    pieces: [
      ...MULTI.flatMap((line, i) =>
        i % 2 === 0
          ? [`id: ${i}\n`, `data:${line.slice(0, 5)}\n`, `data:${line.slice(5)}\n\n`]
          : [`id: ${i}\n`, `data:${line}\n\n`],
      ),
      done,
    ],
  },
  {
    name: 'multi-byte event after empty lines',
    pieces: ['\n\n\n\nid: 1\ndata: 我現在都看實況不玩遊戲\n\n', done],
  },
  {
    name: 'a leading UTF-8 BOM in the bytes',
    pieces: [join(bom, bytes('data: bomful 1\n\n')), bytes('data: bomless 2\n\n'), bytes(done)],
  },
  {
    name: 'BOMs in several places of the bytes (only the leading one stripped)',
    pieces: [
      join(bom, bytes('data: bomful 1\n\n')),
      join(bom, bytes('data: bomful 2\n\n')),
      bytes('data: bomless 3\n\n'),
      bytes(done),
    ],
  },
  {
    name: 'carriage returns',
    pieces: ['data: dog\r', 'data: bark\r\r', 'data: cat\r', 'data: meow\r\r', done],
  },
  {
    name: 'line feeds',
    pieces: ['data: cow\n', 'data: moo\n\n', 'data: horse\n', 'data: neigh\n\n', done],
  },
  {
    name: 'carriage returns and line feeds',
    pieces: ['data: sheep\r\n', 'data: bleat\r\n\r\n', 'data: pig\r\n', 'data: oink\r\n\r\n', done],
  },
  {
    name: 'odd uses of comments',
    pieces: [
      ': Hello\n\n',
      ':'.repeat(300),
      '\n',
      'data: First\n\n',
      ': Первый',
      ': 第二',
      '\n',
      'data: Second\n\n',
      ...Array.from({ length: 10 }, () => ': Moop \n'),
      ': ثالث',
      '\n',
      'data: Third\n\n',
      ':നാലാമത്തെ',
      '\n',
      'data: Fourth\n\n',
      `: ${MULTI.join(' ')} :`,
      '\n',
      'data: Fifth\n\n',
      done,
    ],
  },
  {
    name: 'even odder comments, NUL in a comment, an unterminated last event',
    pieces: [
      'data:1\r\r:\0\n:\r\ndata:2\n\n:',
      long,
      '\rdata:3\n\n:data:fail\r:',
      long,
      '\ndata:4\n\n',
      'data:5',
    ],
  },
  {
    name: 'empty event field',
    pieces: ['event:\ndata: Hello 1\n\n', 'event:\n\n', done],
  },
  {
    name: 'empty retry field between valid ones',
    pieces: [
      frame({ id: '1', retry: 500, data: '🥌' }),
      'id:2\nretry:\ndata:🧹\n\n',
      frame({ id: '3', data: '✅' }),
    ],
  },
  {
    name: 'oddly shaped data fields',
    pieces: ['data:\n\ndata\ndata\n\ndata:test\n\n', done],
  },
  {
    name: 'a CR ending a read, its LF in the next',
    pieces: ['data: A\r\n', 'data: B\r', '\n', 'data: C\r\n', '\n'],
  },
  {
    name: 'partially incorrect retry fields',
    pieces: ['retry:1000\nretry:2000x\ndata:x\n\n'],
  },
  {
    name: 'incorrect retry fields between events',
    pieces: ['\nretry: 500\n\ndata: first\n\nretry: 50x\n\ndata: second\n\n'],
  },
  {
    name: 'an id containing NUL is ignored',
    pieces: ['id: 123\nid: bad\0id\ndata: hello\n\n'],
  },
  {
    name: 'unknown fields',
    pieces: [
      'data:abc\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:123\n\n',
      done,
    ],
  },
  {
    name: 'a huge event in many reads',
    pieces: [
      ': hello\n\n',
      ...Array.from(
        { length: 200 },
        (_, i) => `data: ${MULTI[i % MULTI.length] as string} ${'y'.repeat(5000)}\n`,
      ),
      '\n',
      ': END-OF-STREAM\n\n',
      done,
    ],
  },
  {
    name: 'not SSE and not newline-terminated',
    pieces: [JSON.stringify({ error: 'Internal Server Error', message: 'could not process' })],
  },
  {
    name: 'not SSE, newline-terminated',
    pieces: [
      `${JSON.stringify({ error: 'Internal Server Error', message: 'could not process' })}\n`,
    ],
  },
  { name: 'a line with no field separator', pieces: ['Well, this is not what I expected\n'] },
  {
    name: 'an unterminated unknown field, then data',
    pieces: [
      'unknown-field',
      ': this content is ignored even without a terminator',
      '\ndata: ok\n\n',
    ],
  },
  { name: 'a field split in two reads', pieces: ['da', 'ta\n\n'] },
  {
    name: 'a long unterminated comment, then data',
    pieces: [':'.repeat(64), 'this content is ignored', '\ndata: ok\n\n'],
  },
  { name: 'a comment ended by CRLF', pieces: ['data: one\n:', 'ignored\r\ndata: two\n\n'] },
  {
    name: 'a comment ended by a CRLF split in two',
    pieces: ['data: one\n:', 'ignored\r', '\ndata: two\n\n'],
  },
  {
    name: 'a comment ended by a bare CR at a read end',
    pieces: ['data: one\n:', 'ignored\r', 'data: two\n\n'],
  },
  {
    name: 'a comment with its bare CR in one read',
    pieces: ['data: one\n:ignored\r', 'data: two\n\n'],
  },
  {
    name: 'a comment with its CR, the LF next',
    pieces: ['data: one\n:ignored\r', '\ndata: two\n\n'],
  },
  {
    name: 'a bare data field ended by a CR at a read end',
    pieces: ['data: one\ndata\r', '\ndata: two\n\n'],
  },
  { name: 'an unknown field ended by a CR at a read end', pieces: ['garbage\r', 'data: ok\n\n'] },
  { name: 'a blank CR line ending a read', pieces: ['data: one\r', '\r', '\n'] },
  { name: 'many small events', pieces: Array.from({ length: 100 }, (_, i) => `data: ${i}\n\n`) },
  {
    name: 'a bare data field ended by a CR at a read end',
    pieces: ['data: one\ndata\r', '\ndata: two\n\n'],
  },
];
