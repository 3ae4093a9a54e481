export type Channel = 'email' | 'sms';

/** A message carrying a one-time code. `code` is kept only for the development outbox. */
export interface OutgoingMessage {
  channel: Channel;
  /** Email address or E.164 number. */
  to: string;
  subject: string;
  text: string;
  code?: string;
  /** SMS only: `sms` or `whatsapp`, passed to the webhook. */
  smsChannel?: 'sms' | 'whatsapp';
}

/** One transport (SMTP, SMS webhook, outbox). Rejects with a DeliveryError on failure. */
export interface Transport {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
  close?(): void;
}

export class DeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}
