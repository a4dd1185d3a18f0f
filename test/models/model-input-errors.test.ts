import { describe, expect, it } from 'vitest';
import { DemoChatModel, toChatMessages, toToolDefinition } from '../../src/models';
import type { ChatModelInput } from '../../src/models';

describe("models' INVALID_INPUT errors name the step", () => {
  it('a chat model names itself for bad input', async () => {
    const model = new DemoChatModel();
    await expect(model.invoke(7 as unknown as ChatModelInput)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { step: model.name },
    });
    await expect(
      model.invoke([{ role: 'tool', content: 'no id' }] as unknown as ChatModelInput),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { step: model.name, index: 0 } });
  });

  it('bindTools names the model and the index of a bad tool', () => {
    const model = new DemoChatModel();
    expect(() => model.bindTools([{ name: 'ok', parameters: {} }, { name: '' } as never])).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        details: { step: model.name, index: 1 },
      }) as Error,
    );
  });

  it('toChatMessages and toToolDefinition take the details to report', () => {
    expect(() => toChatMessages({} as ChatModelInput, 'mine')).toThrow(
      expect.objectContaining({ details: { step: 'mine' } }) as Error,
    );
    expect(() => toToolDefinition({ name: 'f', schema: 3 as never }, { step: 's' })).toThrow(
      expect.objectContaining({ details: { step: 's' } }) as Error,
    );
  });
});
