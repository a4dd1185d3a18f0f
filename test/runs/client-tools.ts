/**
 * The tools and tool arguments the official-client tests (openai 6) share: a server tool the
 * run executes, and an order with nested arrays and objects for client tool calls.
 */
import { z } from 'zod';
import { DemoChatModel } from '../../src/models';
import type { RunTool } from '../../src/runs';

/** Nested array/object arguments, the shape that broke `AssistantStream`'s delta merging. */
export const ORDER = {
  items: [
    { sku: 'A-1', qty: 2, tags: ['gift'] },
    { sku: 'A-17', qty: 1, tags: [] },
  ],
  address: { city: 'Oslo', lines: ['Storgata 1', '0155'] },
};

/** A server tool: it has `execute`, so the run calls it and the client never sees the call. */
export const weather: RunTool = {
  name: 'weather',
  description: 'The weather in a city',
  schema: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${String(city)}`,
};

/**
 * A model that first asks for the weather (a server tool) and an ORDER (a client tool) in one
 * step, then says each of `replies` in turn.
 */
export const orderModel = (...replies: string[]): DemoChatModel =>
  new DemoChatModel({
    script: [
      {
        content: 'Checking.',
        toolCalls: [
          { id: 'call_w', name: 'weather', args: { city: 'Oslo' } },
          { id: 'call_o', name: 'place_order', args: ORDER },
        ],
      },
      ...replies,
    ],
  });
