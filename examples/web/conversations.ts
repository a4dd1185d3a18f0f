/**
 * Conversations kept in memory by the chat app, so a reload mid-answer shows what was said so
 * far: each assistant message grows as its tokens are sent.
 * @module
 */

/** How an assistant message ended (or that it is still streaming). */
export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** A retrieved passage shown under an answer. */
export interface SourceRef {
  source: string;
  heading: string;
  score?: number;
}

/** One message of a conversation. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
  status?: MessageStatus;
  sources?: SourceRef[];
  error?: { code: string; message: string };
}

/** A conversation: its id and messages, oldest first. */
export interface Conversation {
  id: string;
  messages: ChatMessage[];
}

/** Conversations by id, in memory, the oldest dropped past `maxConversations`. */
export class ConversationStore {
  private readonly byId = new Map<string, Conversation>();

  constructor(private readonly maxConversations = 1000) {}

  /** The conversation `id`, or a new one when `id` is missing or unknown. */
  open(id: string | undefined): Conversation {
    const found = id === undefined ? undefined : this.byId.get(id);
    if (found) return found;
    const conversation: Conversation = { id: globalThis.crypto.randomUUID(), messages: [] };
    this.byId.set(conversation.id, conversation);
    if (this.byId.size > this.maxConversations) {
      const oldest = this.byId.keys().next().value;
      if (oldest !== undefined) this.byId.delete(oldest);
    }
    return conversation;
  }

  /** The conversation `id`, if kept. */
  get(id: string): Conversation | undefined {
    return this.byId.get(id);
  }

  /** How many conversations are kept. */
  get size(): number {
    return this.byId.size;
  }
}
