import type { Clock } from '@mostrador/core';

export interface ChatTurn {
  readonly question: string;
  readonly answer: string;
}

export interface ChatMemoryOptions {
  /** Turns kept per chat. Default 4. */
  readonly turns: number;
  /** A chat idle longer than this starts afresh. Default 30 minutes. */
  readonly idleMs: number;
  /** Chats kept at once; the least recently used are forgotten first. Default 5 000. */
  readonly maxChats: number;
}

export const DEFAULT_CHAT_MEMORY: ChatMemoryOptions = { turns: 4, idleMs: 30 * 60_000, maxChats: 5_000 };

/**
 * The short per-chat memory: the last few questions and final answers of one chat, never tool
 * results (figures are looked up again each turn) and never another chat's. In process memory:
 * a restart forgets it, which only costs context.
 */
export class ChatMemory {
  private readonly chats = new Map<string, { turns: ChatTurn[]; at: number }>();

  constructor(
    private readonly options: ChatMemoryOptions,
    private readonly clock: Clock,
  ) {}

  recall(chatId: string): readonly ChatTurn[] {
    const chat = this.chats.get(chatId);
    if (!chat) return [];
    if (this.clock.now().getTime() - chat.at > this.options.idleMs) {
      this.chats.delete(chatId);
      return [];
    }
    return [...chat.turns];
  }

  remember(chatId: string, turn: ChatTurn): void {
    const turns = [...this.recall(chatId), turn].slice(-this.options.turns);
    this.chats.delete(chatId);
    this.chats.set(chatId, { turns, at: this.clock.now().getTime() });
    while (this.chats.size > this.options.maxChats) {
      const oldest = this.chats.keys().next().value;
      if (oldest === undefined) break;
      this.chats.delete(oldest);
    }
  }
}
