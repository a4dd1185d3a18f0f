/**
 * The loopback OpenAI-compatible server and an OpenAIChatModel pointed at it, for one test file:
 * `const loopback = useLoopbackModel()` registers the server's shutdown after each test.
 */
import { afterEach } from 'vitest';
import { OpenAIChatModel } from '../../src/openai';
import type { OpenAIChatModelOptions } from '../../src/openai';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';
import type {
  OpenAICompatibleServer,
  OpenAICompatibleServerOptions,
  ScriptedResponse,
} from '../../src/testing/openai-server-types';

export interface LoopbackModel {
  /** Starts a server scripted with `responses` and a model against it (no retries, no logs). */
  start(
    responses: ScriptedResponse[],
    options?: OpenAIChatModelOptions,
  ): Promise<{ server: OpenAICompatibleServer; model: OpenAIChatModel }>;
  /** Starts a server alone (for a client of your own). */
  startServer(options: OpenAICompatibleServerOptions): Promise<OpenAICompatibleServer>;
  /** The server of the running test. */
  readonly server: OpenAICompatibleServer | undefined;
}

export function useLoopbackModel(): LoopbackModel {
  let server: OpenAICompatibleServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const startServer = async (
    options: OpenAICompatibleServerOptions,
  ): Promise<OpenAICompatibleServer> => {
    server = await startOpenAICompatibleServer(options);
    return server;
  };
  return {
    startServer,
    async start(responses, options = {}) {
      const started = await startServer({ responses });
      const model = new OpenAIChatModel({
        apiKey: 'test',
        baseURL: started.url,
        maxRetries: 0,
        configuration: { logLevel: 'off' },
        ...options,
      });
      return { server: started, model };
    },
    get server() {
      return server;
    },
  };
}
