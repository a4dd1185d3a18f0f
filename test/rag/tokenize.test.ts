import { describe, expect, it } from 'vitest';
import { DEFAULT_STOP_WORDS, createTokenizer, foldText, tokenize } from '../../src/rag';

describe('foldText', () => {
  it('removes accents and lower-cases', () => {
    expect(foldText('Café CRÈME Ångström')).toBe('cafe creme angstrom');
  });

  it('removes Arabic diacritics, tatweel and hamza carriers, and unifies letter variants', () => {
    expect(foldText('أَهْلاً')).toBe('اهلا');
    expect(foldText('مـــدرسة')).toBe('مدرسه');
    expect(foldText('مستشفى')).toBe('مستشفي');
    expect(foldText('إسلام آمن')).toBe('اسلام امن');
  });

  it('turns Arabic-Indic digits into ASCII digits', () => {
    expect(foldText('٢٠٢٤ ۱۲')).toBe('2024 12');
  });
});

describe('tokenize', () => {
  it('returns runs of letters and digits in any script, without punctuation', () => {
    expect(createTokenizer({ stopWords: [] })('RxJS 7.8: streams, (observables)!')).toEqual([
      'rxj',
      '7',
      '8',
      'stream',
      'observable',
    ]);
  });

  it('folds plural forms onto the singular', () => {
    expect(tokenize('documents queries class status')).toEqual([
      'document',
      'query',
      'class',
      'status',
    ]);
  });

  it('drops single Latin letters left by possessives and contractions', () => {
    expect(tokenize("user's model isn't")).toEqual(['user', 'model', 'isn']);
  });

  it('drops English and Arabic stop words, whatever their case or diacritics', () => {
    expect(tokenize('How does cancellation work?')).toEqual(['cancellation', 'work']);
    expect(tokenize('WHAT is THE answer')).toEqual(['answer']);
    expect(tokenize('ماهي طرق الدفع في المتجر؟')).toEqual(['طرق', 'دفع', 'متجر']);
    expect(tokenize('إلى')).toEqual([]);
    expect(DEFAULT_STOP_WORDS).toContain('does');
  });

  it('keeps every word with a tokenizer built without stop words', () => {
    const keepAll = createTokenizer({ stopWords: [] });
    expect(keepAll('How does it work?')).toEqual(['how', 'doe', 'it', 'work']);
    expect(createTokenizer({ stopWords: ['Work'] })('how it works work')).toEqual([
      'how',
      'it',
      'work',
    ]);
  });

  it('strips the Arabic definite article and its prefixed particles', () => {
    expect(tokenize('الدفع والدفع بالبطاقة للطالب')).toEqual(['دفع', 'دفع', 'بطاقه', 'طالب']);
  });

  it('matches accented and unaccented spellings to the same terms', () => {
    expect(tokenize('Résumé café')).toEqual(tokenize('resume CAFE'));
  });

  it('keeps CJK and other scripts as words', () => {
    expect(tokenize('日本語 Ελληνικά')).toEqual(['日本語', 'ελληνικα']);
  });

  it('returns nothing for text without words', () => {
    expect(tokenize('  ... !? ')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });
});
