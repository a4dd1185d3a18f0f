import { describe, expect, it } from 'vitest';
import { HumanMessage } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { PromptTemplate, StringPromptValue } from '../../src/models';

describe('PromptTemplate', () => {
  it('fills {variables} and emits a string prompt value', async () => {
    const prompt = PromptTemplate.fromTemplate('Tell me about {topic} in {lang}.');
    const value = await prompt.invoke({ topic: 'RxJS', lang: 'French' });
    expect(value).toBeInstanceOf(StringPromptValue);
    expect(value.toString()).toBe('Tell me about RxJS in French.');
    expect(value.toChatMessages()).toEqual([new HumanMessage('Tell me about RxJS in French.')]);
  });

  it('lists its input variables once each, in order', () => {
    expect(PromptTemplate.fromTemplate('{a} {b} {a}').inputVariables).toEqual(['a', 'b']);
  });

  it('writes literal braces for {{ and }}', () => {
    expect(PromptTemplate.fromTemplate('JSON: {{"k": {v}}}').format({ v: 1 })).toBe(
      'JSON: {"k": 1}',
    );
  });

  it('renders numbers, objects and messages', () => {
    const prompt = PromptTemplate.fromTemplate('{n} {o} {m}');
    expect(prompt.format({ n: 3, o: { a: [1] }, m: new HumanMessage('hi') })).toBe(
      '3 {"a":[1]} hi',
    );
  });

  it('takes partial values, including functions called at render time', () => {
    let calls = 0;
    const prompt = PromptTemplate.fromTemplate('{greeting}, {name} #{n}').partial({
      greeting: 'Hello',
      n: () => ++calls,
    });
    expect(prompt.inputVariables).toEqual(['name']);
    expect(prompt.format({ name: 'Ada' })).toBe('Hello, Ada #1');
    expect(prompt.format({ name: 'Ada', greeting: 'Hi' })).toBe('Hi, Ada #2');
    const viaOptions = PromptTemplate.fromTemplate('{a}{b}', { partialVariables: { a: 'x' } });
    expect(viaOptions.format({ b: 'y' })).toBe('xy');
  });

  it('fails with PROMPT_MISSING_VARIABLE naming the variable', async () => {
    const prompt = PromptTemplate.fromTemplate('About {topic} for {audience}');
    const error = await prompt.invoke({ topic: 'x' }).catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'PROMPT_MISSING_VARIABLE',
      details: { variable: 'audience', step: 'PromptTemplate' },
    });
    expect((error as Error).message).toContain('"audience"');
  });

  it('rejects malformed templates with INVALID_CONFIG', () => {
    expect(() => PromptTemplate.fromTemplate('oops {')).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error,
    );
    expect(() => PromptTemplate.fromTemplate('oops }')).toThrow(/Single "}"/);
    expect(() => PromptTemplate.fromTemplate('empty {}')).toThrow(/empty/);
  });

  it('rejects input that is not an object of values', async () => {
    const prompt = PromptTemplate.fromTemplate('{x}');
    await expect(prompt.invoke('x' as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('reports prompt events', async () => {
    const events: string[] = [];
    await new Promise<void>((resolve) =>
      PromptTemplate.fromTemplate('{x}')
        .streamEvents({ x: 1 })
        .subscribe({ next: (e) => events.push(e.event), complete: resolve }),
    );
    expect(events).toContain('on_prompt_start');
    expect(events).toContain('on_prompt_end');
  });
});
