/**
 * Code delivery (§11.2, FT-10). Email: SMTP when SMTP_URL is set, else (development only) the
 * outbox. SMS: the webhook when SMS_WEBHOOK_URL is set, else (development only) the outbox. In
 * development every message a provider accepted is also recorded in the outbox.
 */
import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import { Outbox } from './outbox.js';
import { SmsWebhookTransport } from './sms-webhook.js';
import { SmtpTransport } from './smtp.js';
import type { Channel, OutgoingMessage, Transport } from './types.js';

export { DeliveryError, type Channel, type OutgoingMessage, type Transport } from './types.js';
export type { OutboxMessage } from './outbox.js';
export { Outbox } from './outbox.js';

export class Delivery {
  /** Development mode only; null in production. */
  readonly outbox: Outbox | null;
  private readonly transports: Partial<Record<Channel, Transport>> = {};

  constructor(config: ServerConfig, clock: Clock) {
    const dl = config.delivery;
    this.outbox = config.mode === 'development' ? new Outbox(clock, dl.outboxSize) : null;
    const timeoutMs = dl.timeoutSeconds * 1000;
    if (dl.smtpUrl) this.transports.email = new SmtpTransport(dl.smtpUrl, dl.smtpFrom, timeoutMs);
    else if (this.outbox) this.transports.email = this.outbox;
    if (dl.smsWebhookUrl) this.transports.sms = new SmsWebhookTransport(dl.smsWebhookUrl, dl.smsWebhookSecret, timeoutMs, clock);
    else if (this.outbox) this.transports.sms = this.outbox;
  }

  /** Whether codes can be sent on `channel` (factors needing it are hidden otherwise). */
  canSend(channel: Channel): boolean {
    return this.transports[channel] !== undefined;
  }

  describe(channel: Channel): string {
    return this.transports[channel]?.name ?? 'none';
  }

  /** Sends or throws DeliveryError; the message counts as sent only when this resolves. */
  async send(message: OutgoingMessage): Promise<void> {
    const transport = this.transports[message.channel];
    if (!transport) throw new Error(`no transport for ${message.channel}`);
    await transport.send(message);
    if (this.outbox && transport !== this.outbox) this.outbox.record(message);
  }

  close(): void {
    for (const t of new Set(Object.values(this.transports))) t.close?.();
  }
}
