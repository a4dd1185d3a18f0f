import { ChatOpenAI } from '@langchain/openai';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '../../src/chunks';
import type { AIMessageChunk } from '../../src/chunks';
import { OpenAIChatModel } from '../../src/openai';
import type { OpenAIChatModelOptions } from '../../src/openai';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';
import type {
  OpenAICompatibleServer,
  ScriptedResponse,
} from '../../src/testing/openai-server-types';

let server: OpenAICompatibleServer | undefined;

afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
});

async function setup(
  responses: ScriptedResponse[],
  options: OpenAIChatModelOptions = {},
): Promise<{ server: OpenAICompatibleServer; model: OpenAIChatModel }> {
  server = await startOpenAICompatibleServer({ responses });
  const model = new OpenAIChatModel({
    apiKey: 'test',
    baseURL: server.url,
    maxRetries: 0,
    ...options,
  });
  return { server, model };
}

function streamAll(model: OpenAIChatModel, input: Parameters<OpenAIChatModel['stream']>[0]) {
  return lastValueFrom(model.stream(input).pipe(toArray()));
}

function sum(chunks: AIMessageChunk[]): AIMessageChunk {
  return chunks.reduce((a, b) => a.concat(b));
}

describe('OpenAIChatModel streaming', () => {
  it('streams text equal to what the server sent, delta by delta', async () => {
    const deltas = ['The ', 'quick ', 'brown ', 'fox'];
    const { model } = await setup([{ content: deltas }]);
    const chunks = await streamAll(model, 'hi');
    expect(chunks.map((c) => c.text).filter((t) => t !== '')).toEqual(deltas);
    expect(sum(chunks).text).toBe('The quick brown fox');
  });

  it('invoke returns the chunks added up', async () => {
    const { model } = await setup([{ content: 'one two three' }]);
    const message = await model.invoke('count');
    expect(message.text).toBe('one two three');
  });

  it('reassembles fragmented tool-call arguments into toolCalls', async () => {
    const { model } = await setup([
      {
        content: 'Let me look.',
        toolCalls: [
          { id: 'call_1', name: 'weather', args: { city: 'Paris', days: 3 } },
          { id: 'call_2', name: 'time', args: ['{"zo', 'ne": "Europe/', 'Paris"}'] },
        ],
        argsFragments: 4,
      },
    ]);
    const chunks = await streamAll(model, 'weather?');
    expect(chunks.filter((c) => c.toolCallChunks.some((t) => t.args)).length).toBeGreaterThan(4);
    const total = sum(chunks);
    expect(total.text).toBe('Let me look.');
    expect(total.toolCalls).toEqual([
      { id: 'call_1', name: 'weather', args: { city: 'Paris', days: 3 }, type: 'tool_call' },
      { id: 'call_2', name: 'time', args: { zone: 'Europe/Paris' }, type: 'tool_call' },
    ]);
    expect(total.invalidToolCalls).toEqual([]);
  });

  it('delivers usage metadata from the final usage chunk', async () => {
    const { model, server } = await setup([
      { content: 'ok', usage: { promptTokens: 11, completionTokens: 5 } },
    ]);
    const total = sum(await streamAll(model, 'hi'));
    expect(server.requests[0]?.body).toMatchObject({ stream_options: { include_usage: true } });
    expect(total.usageMetadata).toMatchObject({
      inputTokens: 11,
      outputTokens: 5,
      totalTokens: 16,
    });
  });

  it('sends bound tools and the tool choice in OpenAI function format', async () => {
    const { model, server } = await setup([{ content: 'x' }]);
    const bound = model.bindTools(
      [
        {
          name: 'weather',
          description: 'Weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
      { toolChoice: 'weather' },
    );
    await bound.invoke('hi');
    expect(server.requests[0]?.body).toMatchObject({
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Weather in a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
    });
  });

  it('sends every message type in the OpenAI chat format', async () => {
    const { model, server } = await setup([{ content: 'done' }]);
    await model.invoke([
      new SystemMessage('Be brief.'),
      new HumanMessage('Weather in Paris?'),
      new AIMessage({
        content: '',
        toolCalls: [{ id: 'call_9', name: 'weather', args: { city: 'Paris' } }],
      }),
      new ToolMessage({ content: 'Sunny', toolCallId: 'call_9' }),
    ]);
    expect(server.requests[0]?.body).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          tool_calls: [
            {
              id: 'call_9',
              type: 'function',
              function: { name: 'weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', content: 'Sunny', tool_call_id: 'call_9' },
      ],
    });
  });
});

describe('OpenAIChatModel configuration', () => {
  it('reads OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_MODEL', async () => {
    server = await startOpenAICompatibleServer({ responses: [{ content: 'from env' }] });
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env');
    vi.stubEnv('OPENAI_BASE_URL', server.url);
    vi.stubEnv('OPENAI_MODEL', 'llama-3.1-8b');
    const model = new OpenAIChatModel({ maxRetries: 0 });
    expect(model.model).toBe('llama-3.1-8b');
    expect((await model.invoke('hi')).text).toBe('from env');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-from-env');
    expect(server.requests[0]?.body).toMatchObject({ model: 'llama-3.1-8b' });
  });

  it('defaults the model name to gpt-4o-mini', () => {
    vi.stubEnv('OPENAI_MODEL', '');
    expect(new OpenAIChatModel({ apiKey: 'k' }).model).toBe('gpt-4o-mini');
  });

  it('options win over the environment', async () => {
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:9/v1');
    vi.stubEnv('OPENAI_MODEL', 'from-env');
    const { model, server } = await setup([{ content: 'x' }], { model: 'from-options' });
    await model.invoke('hi');
    expect(server.requests[0]?.body).toMatchObject({ model: 'from-options' });
  });

  it('uses an existing ChatOpenAI instance as is', async () => {
    server = await startOpenAICompatibleServer({ responses: [{ content: ['via ', 'client'] }] });
    const client = new ChatOpenAI({
      model: 'custom-model',
      apiKey: 'test',
      maxRetries: 0,
      configuration: { baseURL: server.url },
    });
    const model = new OpenAIChatModel({ client });
    expect(model.client).toBe(client);
    expect((await model.invoke('hi')).text).toBe('via client');
    expect(server.requests[0]?.body).toMatchObject({ model: 'custom-model' });
  });

  it('rejects a client that is not a ChatOpenAI', () => {
    const client = {} as unknown as ChatOpenAI;
    expect(() => new OpenAIChatModel({ client })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});
