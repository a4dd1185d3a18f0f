import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { toJSONSchema, toToolDefinition } from '../../src/models';

describe('toToolDefinition', () => {
  it('converts a zod 4 schema to JSON Schema without the $schema dialect', () => {
    const tool = toToolDefinition({
      name: 'weather',
      description: 'Weather in a city',
      schema: z.object({ city: z.string().describe('City name'), days: z.number().optional() }),
    });
    expect(tool).toEqual({
      name: 'weather',
      description: 'Weather in a city',
      parameters: {
        type: 'object',
        properties: {
          city: { type: 'string', description: 'City name' },
          days: { type: 'number' },
        },
        required: ['city'],
        additionalProperties: false,
      },
    });
  });

  it('keeps JSON Schema given as schema or parameters', () => {
    const parameters = { type: 'object', properties: { q: { type: 'string' } } };
    expect(toToolDefinition({ name: 's', schema: parameters })).toEqual({ name: 's', parameters });
    expect(toToolDefinition({ name: 's', parameters })).toEqual({ name: 's', parameters });
  });

  it('reads OpenAI function tools', () => {
    const parameters = { type: 'object', properties: {} };
    expect(
      toToolDefinition({ type: 'function', function: { name: 'f', description: 'd', parameters } }),
    ).toEqual({ name: 'f', description: 'd', parameters });
  });

  it('gives a tool without a schema an empty object schema', () => {
    expect(toToolDefinition({ name: 'now', parameters: undefined as never }).parameters).toEqual({
      type: 'object',
      properties: {},
    });
  });

  it('rejects nameless tools and schemas that cannot describe themselves', () => {
    expect(() => toToolDefinition({ name: '', parameters: {} })).toThrow(/name/);
    const zod3Like = { _def: { typeName: 'ZodObject' }, safeParse: () => ({}) };
    expect(() => toJSONSchema(zod3Like)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as Error,
    );
  });

  it('uses the Standard Schema JSON Schema hook when there is no toJSONSchema method', () => {
    const schema = {
      '~standard': {
        version: 1,
        vendor: 'x',
        jsonSchema: { input: () => ({ $schema: 'draft', type: 'string' }) },
      },
    };
    expect(toJSONSchema(schema)).toEqual({ type: 'string' });
  });
});
