import { describe, expect, it } from 'vitest';
import { createTokenizer, tokenize } from '../../src/rag';

describe('tokenize identifiers in inline code', () => {
  it('adds the words of a camelCase or PascalCase identifier between backticks', () => {
    expect(tokenize('Call `withRetry` or `timeoutMs`')).toEqual([
      'call',
      'withretry',
      'retry',
      'timeoutm',
      'timeout',
    ]);
    expect(tokenize('`JsonOutputParser`')).toEqual([
      'jsonoutputparser',
      'json',
      'output',
      'parser',
    ]);
  });

  it('splits acronyms before a word and skips parts shorter than three letters', () => {
    expect(tokenize('`OpenAIChatModel` `JSONParser`')).toEqual([
      'openaichatmodel',
      'open',
      'chat',
      'model',
      'jsonparser',
      'json',
      'parser',
    ]);
  });

  it('keeps names in prose whole, so LangChain does not mean "chain"', () => {
    expect(tokenize('LangChain and withRetry')).toEqual(['langchain', 'withretry']);
    expect(tokenize('`fromLangChain`')).toContain('chain');
  });

  it('drops stop words among the parts', () => {
    expect(createTokenizer()('`withConfig`')).toEqual(['withconfig', 'config']);
    expect(createTokenizer({ stopWords: [] })('`withConfig`')).toEqual([
      'withconfig',
      'with',
      'config',
    ]);
  });
});
