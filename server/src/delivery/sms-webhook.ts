import { createHmac } from 'node:crypto';
import type { Clock } from '../clock.js';
import { DeliveryError, type OutgoingMessage, type Transport } from './types.js';

/**
 * SMS through an HTTP webhook: `POST <SMS_WEBHOOK_URL>` with JSON `{to, channel, body}`
 * (`channel` is `sms` or `whatsapp`; the code is only inside `body`). With SMS_WEBHOOK_SECRET the
 * request carries `X-Signin-Timestamp: <unix seconds>` and
 * `X-Signin-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`.
 * Any non-2xx status or a timeout is a delivery failure (FT-10). Nothing secret goes in the URL.
 */
export class SmsWebhookTransport implements Transport {
  readonly name = 'sms_webhook';

  constructor(
    private readonly url: string,
    private readonly secret: string | undefined,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {}

  async send(m: OutgoingMessage): Promise<void> {
    const body = JSON.stringify({ to: m.to, channel: m.smsChannel ?? 'sms', body: m.text });
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'signin-elements-server' };
    if (this.secret) {
      const ts = String(Math.floor(this.clock.now() / 1000));
      headers['X-Signin-Timestamp'] = ts;
      headers['X-Signin-Signature'] = 'sha256=' + createHmac('sha256', this.secret).update(`${ts}.${body}`).digest('hex');
    }
    let status: number;
    try {
      const res = await fetch(this.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      throw new DeliveryError(`SMS webhook unreachable: ${err instanceof Error ? err.name : 'error'}`, { cause: err });
    }
    if (status < 200 || status > 299) throw new DeliveryError(`SMS webhook answered ${status}`);
  }
}
