import { ChatMessage, ChatMessageChunk } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { AIMessage, AIMessageChunk, fromForeignMessage } from '../../src/chunks';

describe('fromForeignMessage: chat messages without a role', () => {
  it('a role-less ChatMessageChunk (a delta without role) is an AIMessageChunk', () => {
    const chunk = new ChatMessageChunk({ content: 'Hel', role: undefined as unknown as string });
    const ours = fromForeignMessage(chunk);
    expect(ours).toBeInstanceOf(AIMessageChunk);
    expect(ours?.text).toBe('Hel');
  });

  it('role null too, and a role-less ChatMessage is an AIMessage', () => {
    const chunk = new ChatMessageChunk({ content: 'x', role: null as unknown as string });
    expect(fromForeignMessage(chunk)).toBeInstanceOf(AIMessageChunk);
    const message = new ChatMessage({ content: 'y', role: undefined as unknown as string });
    const ours = fromForeignMessage(message);
    expect(ours).toBeInstanceOf(AIMessage);
    expect(ours).not.toBeInstanceOf(AIMessageChunk);
  });

  it('a ChatMessage naming a role still maps by it', () => {
    expect(fromForeignMessage(new ChatMessage({ content: 'q', role: 'user' }))?.type).toBe('human');
    expect(fromForeignMessage(new ChatMessage({ content: 'q', role: 'critic' }))).toBeUndefined();
  });
});
