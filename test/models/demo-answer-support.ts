// Shared by the DemoChatModel answer tests: the RAG prompt StreamingRAG sends, and its answer.
import { HumanMessage } from '../../src/chunks';
import { DemoChatModel } from '../../src/models';
import { DEFAULT_PROMPT_TEMPLATE, buildContext, formatPrompt } from '../../src/rag';

/** The prompt StreamingRAG sends: numbered passages, best first, then the question. */
const ragPrompt = (passages: string[], query: string) => [
  new HumanMessage(
    formatPrompt(DEFAULT_PROMPT_TEMPLATE, {
      context: buildContext(passages.map((pageContent) => ({ pageContent, metadata: {} }))),
      query,
    }),
  ),
];

/** DemoChatModel's answer (at most `maxSentences` sentences) to the RAG prompt. */
export const answer = async (passages: string[], query: string, maxSentences = 3) =>
  String((await new DemoChatModel({ maxSentences }).invoke(ragPrompt(passages, query))).content);
