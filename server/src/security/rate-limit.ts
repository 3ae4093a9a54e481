import { BlockList, isIP } from 'node:net';
import type { Clock } from '../clock.js';
import { errors } from '../errors.js';

/**
 * Sliding-window per-IP limiter (RL-6). In memory, per process; entries expire with the window.
 * Refused requests are not recorded, so a block lasts exactly until Retry-After.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
  ) {}

  /** Throws 429 `too_many_requests` with an integer Retry-After when `key` exceeded `max`. 0 = unlimited. */
  hit(bucket: string, key: string, max: number): void {
    if (max <= 0) return;
    const now = this.clock.now();
    this.sweep(now);
    const id = `${bucket}|${key}`;
    const recent = (this.hits.get(id) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= max) {
      const retry = Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
      this.hits.set(id, recent);
      throw errors.tooManyRequests(retry);
    }
    recent.push(now);
    this.hits.set(id, recent);
  }

  reset(): void {
    this.hits.clear();
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [id, times] of this.hits) if (!times.some((t) => t > now - this.windowMs)) this.hits.delete(id);
  }
}

const stripMapped = (ip: string) => (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip);

/** Resolves the client IP, honouring X-Forwarded-For only from trusted proxies (RL-7). */
export class ClientIpResolver {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  constructor(trustedProxies: string[]) {
    this.any = trustedProxies.length > 0;
    for (const entry of trustedProxies) {
      const [addr, bits] = entry.split('/');
      const type = isIP(addr!) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.trusted.addAddress(addr!, type);
      else this.trusted.addSubnet(addr!, Number(bits), type);
    }
  }

  private isTrusted(ip: string): boolean {
    const family = isIP(ip);
    if (!this.any || family === 0) return false;
    return this.trusted.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  }

  resolve(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    let ip = stripMapped(peer ?? 'unknown');
    if (!this.isTrusted(ip) || !forwardedFor) return ip;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((h) => stripMapped(h.trim()))
      .filter(Boolean);
    // Walk from the nearest hop outwards; the first address we do not trust is the client.
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (isIP(hop) === 0) return ip;
      ip = hop;
      if (!this.isTrusted(hop)) return hop;
    }
    return ip;
  }
}
