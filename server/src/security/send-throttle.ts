import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import { errors } from '../errors.js';

/** OTP-8: SMS may go to `number` (E.164) under the configured calling-code allowlist. */
export function smsCountryAllowed(cfg: ServerConfig['delivery'], number: string): boolean {
  const allowed = cfg.smsAllowedCountryCodes;
  return allowed === undefined || allowed === '*' || allowed.some((prefix) => number.startsWith(`+${prefix}`));
}

/**
 * Code send limits (OTP-6, OTP-8): a resend cooldown per destination, and sliding-window caps
 * per destination, per client IP and, for SMS, per number range against
 * SMS pumping. Checked before the provider is called; a send that then
 * fails is released (FT-10). In memory, per process, entries expire with the window.
 */
export class SendThrottle {
  private readonly lastSent = new Map<string, number>();
  private readonly sends = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly clock: Clock,
    private readonly cfg: ServerConfig['otp'],
  ) {}

  /** Throws 429 with Retry-After, or records the send and returns a function that undoes it. */
  reserve(destination: string, ip: string, channel: 'email' | 'sms'): () => void {
    const now = this.clock.now();
    this.sweep(now);
    const cooldownMs = this.cfg.resendCooldownSeconds * 1000;
    const last = this.lastSent.get(destination);
    if (cooldownMs > 0 && last !== undefined && now < last + cooldownMs) {
      throw errors.resendCooldown(Math.max(1, Math.ceil((last + cooldownMs - now) / 1000)));
    }
    const windowMs = this.cfg.sendWindowSeconds * 1000;
    const keys: [string, number][] = [
      [`dest|${destination}`, this.cfg.sendMaxPerDestination],
      [`ip|${ip}`, this.cfg.sendMaxPerIp],
    ];
    if (channel === 'sms') keys.push([`range|${destination.slice(0, -this.cfg.smsRangeDigits)}`, this.cfg.sendMaxPerSmsRange]);
    for (const [key, max] of keys) {
      if (max <= 0) continue;
      const recent = (this.sends.get(key) ?? []).filter((t) => t > now - windowMs);
      this.sends.set(key, recent);
      if (recent.length >= max) throw errors.tooManyRequests(Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000)));
    }
    for (const [key, max] of keys) if (max > 0) this.sends.get(key)!.push(now);
    this.lastSent.set(destination, now);
    return () => {
      if (this.lastSent.get(destination) === now) {
        if (last === undefined) this.lastSent.delete(destination);
        else this.lastSent.set(destination, last);
      }
      for (const [key, max] of keys) {
        const list = max > 0 ? this.sends.get(key) : undefined;
        const i = list?.lastIndexOf(now) ?? -1;
        if (i >= 0) list!.splice(i, 1);
      }
    };
  }

  reset(): void {
    this.lastSent.clear();
    this.sends.clear();
  }

  private sweep(now: number): void {
    const windowMs = Math.max(this.cfg.sendWindowSeconds, this.cfg.resendCooldownSeconds) * 1000;
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [k, t] of this.lastSent) if (t <= now - windowMs) this.lastSent.delete(k);
    for (const [k, times] of this.sends) if (!times.some((t) => t > now - windowMs)) this.sends.delete(k);
  }
}
