import type { Clock } from '../clock.js';
import type { Channel, OutgoingMessage, Transport } from './types.js';

export interface OutboxMessage {
  id: string;
  channel: Channel;
  to: string;
  subject: string;
  text: string;
  code?: string;
  createdAt: number;
}

/**
 * Development outbox: the last N messages, in memory. It is a transport of its own when no
 * provider is configured and also records what a provider accepted, so the demo and browser
 * tests can read codes. Never created in production mode.
 */
export class Outbox implements Transport {
  readonly name = 'outbox';
  private readonly items: OutboxMessage[] = [];
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly size: number,
  ) {}

  async send(m: OutgoingMessage): Promise<void> {
    this.record(m);
  }

  record(m: OutgoingMessage): void {
    this.seq += 1;
    const item: OutboxMessage = { id: `msg_${this.seq}`, channel: m.channel, to: m.to, subject: m.subject, text: m.text, createdAt: this.clock.now() };
    if (m.code !== undefined) item.code = m.code;
    this.items.unshift(item);
    this.items.length = Math.min(this.items.length, this.size);
  }

  /** Newest first; optionally only messages to `to` (case-insensitive). */
  list(to?: string): OutboxMessage[] {
    const want = to?.trim().toLowerCase();
    return this.items.filter((m) => !want || m.to.toLowerCase() === want).map((m) => ({ ...m }));
  }

  clear(): void {
    this.items.length = 0;
  }
}
