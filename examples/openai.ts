/**
 * Streams from an OpenAI-compatible server with OpenAIChatModel.
 *
 * With OPENAI_API_KEY set it talks to OpenAI (or to OPENAI_BASE_URL, for vLLM, llama.cpp,
 * Ollama…). Without a key it starts the loopback server from the testing module and streams from
 * it, so it runs as is:
 *
 *   npx tsx examples/openai.ts
 */
import { OpenAIChatModel } from '../src/openai';
import { startOpenAICompatibleServer } from '../src/testing/openai-compatible-server';
import type { OpenAICompatibleServer } from '../src/testing/openai-server-types';

const weatherTool = {
  name: 'get_weather',
  description: 'The current weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  },
};

/** A scripted stand-in for a real model: text for plain prompts, a tool call when tools are bound. */
function startLoopback(): Promise<OpenAICompatibleServer> {
  return startOpenAICompatibleServer({
    respond: (body) =>
      body.tools?.length
        ? { toolCalls: [{ name: 'get_weather', args: { city: 'Paris' } }] }
        : { content: 'Streams are values over time; Rx makes them composable.', delayMs: 20 },
  });
}

async function main(): Promise<void> {
  const loopback = process.env.OPENAI_API_KEY ? undefined : await startLoopback();
  try {
    const model = loopback
      ? new OpenAIChatModel({ apiKey: 'loopback', baseURL: loopback.url, model: 'rx-loopback' })
      : new OpenAIChatModel({ temperature: 0 });
    console.log(`model: ${model.model} (${loopback ? `loopback at ${loopback.url}` : 'remote'})\n`);

    // 1. Text, chunk by chunk.
    let answer = '';
    for await (const chunk of model.astream('Explain reactive streams in one sentence.')) {
      process.stdout.write(chunk.text);
      answer += chunk.text;
    }
    console.log(`\n\n${answer.length} characters streamed`);

    // 2. A tool call whose arguments arrive in fragments and add up on concat.
    const withTools = model.bindTools([weatherTool], { toolChoice: 'get_weather' });
    const message = await withTools.invoke('What is the weather in Paris?');
    console.log('tool calls:', JSON.stringify(message.toolCalls));
    console.log('usage:', JSON.stringify(message.usageMetadata));

    // 3. A deadline: the run errors with TIMEOUT and the HTTP request is closed.
    try {
      await model.invoke('Write a long story.', { timeoutMs: 1 });
    } catch (error) {
      console.log('with timeoutMs: 1 →', (error as { code?: string }).code);
    }
  } finally {
    await loopback?.close();
  }
}

await main();
