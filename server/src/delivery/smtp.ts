import nodemailer, { type Transporter } from 'nodemailer';
import { DeliveryError, type OutgoingMessage, type Transport } from './types.js';

/** Email over SMTP (nodemailer), with bounded connection, greeting and socket timeouts (FT-10). */
export class SmtpTransport implements Transport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    this.transporter = nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs, pool: false } as never);
  }

  async send(m: OutgoingMessage): Promise<void> {
    try {
      await this.transporter.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text });
    } catch (err) {
      // The error may quote the server's reply; it never contains the message body.
      throw new DeliveryError(`SMTP delivery failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  close(): void {
    this.transporter.close();
  }
}
