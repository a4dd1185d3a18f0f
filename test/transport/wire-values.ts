/** Every kind of library value that crosses the wire, made by the real library parts. */
import { lastValueFrom, toArray } from 'rxjs';
import {
  AIMessage,
  AIMessageChunk,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '../../src/chunks';
import { ChatPromptTemplate, DemoChatModel, StringOutputParser } from '../../src/models';
import { InMemoryRetriever, StreamingRAG } from '../../src/rag';

export async function wireValues(): Promise<{ name: string; values: unknown[] }[]> {
  const chain = ChatPromptTemplate.fromMessages([['human', '{question}']])
    .pipe(new DemoChatModel())
    .pipe(new StringOutputParser());
  const runEvents = await lastValueFrom(
    chain.streamEvents({ question: 'What is a stream?' }).pipe(toArray()),
  );
  const rag = new StreamingRAG({
    retriever: new InMemoryRetriever({
      documents: [
        { pageContent: 'A stream is a sequence of chunks.', metadata: { source: 'a.md' } },
      ],
    }),
    llm: new DemoChatModel(),
  });
  const ragEvents = await lastValueFrom(rag.streamEvents('What is a stream?').pipe(toArray()));
  const modelChunks = await lastValueFrom(new DemoChatModel().stream('Hi there').pipe(toArray()));
  return [
    {
      name: 'strings',
      values: [
        'plain',
        '',
        'two\nlines',
        'cr\rand crlf\r\n',
        ' leading space',
        'data: x',
        '我 🥌 é',
      ],
    },
    { name: 'JSON values', values: [0, -1.5, true, null, [1, 'a', null], { a: { b: [1, 2] } }] },
    {
      name: 'messages',
      values: [
        new HumanMessage('Hello\nthere'),
        new SystemMessage('Be brief.'),
        new AIMessage('Hi'),
        new AIMessageChunk({
          content: 'Let me check',
          toolCallChunks: [{ id: 'call_1', name: 'weather', args: '{"city":"Par', index: 0 }],
        }),
        new ToolMessage({ content: 'sunny', toolCallId: 'call_1' }),
      ],
    },
    { name: 'chat model chunks', values: modelChunks },
    { name: 'run events', values: runEvents },
    { name: 'StreamingRAG events', values: ragEvents },
  ];
}
