import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import { errors } from '../errors.js';

/**
 * Bulk-probing limit of the parity enumeration mode (RL-8, Clerk's "bulk" protection): more than
 * `probeMax` distinct unknown identifiers from one client IP within `probeWindowSeconds` → 429 for
 * every identifier lookup from that IP (known identifiers too, so the 429 is no oracle) until the
 * oldest probe leaves the window. Identifiers are kept only as keyed tags. In memory, per process.
 */
export class ProbeLimiter {
  /** ip → (identifier tag → last seen). */
  private readonly probes = new Map<string, Map<string, number>>();
  private lastSweep = 0;

  constructor(
    private readonly clock: Clock,
    private readonly cfg: ServerConfig['enumeration'],
  ) {}

  private get windowMs(): number {
    return this.cfg.probeWindowSeconds * 1000;
  }

  private recent(ip: string, now: number): Map<string, number> {
    const seen = this.probes.get(ip) ?? new Map<string, number>();
    for (const [tag, at] of seen) if (at <= now - this.windowMs) seen.delete(tag);
    if (seen.size === 0) this.probes.delete(ip);
    return seen;
  }

  private refuse(seen: Map<string, number>, now: number): never {
    const oldest = Math.min(...seen.values());
    throw errors.tooManyRequests(Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)));
  }

  /** Before any identifier lookup: 429 while this IP has used up its unknown identifiers. */
  check(ip: string): void {
    if (this.cfg.probeMax <= 0) return;
    const now = this.clock.now();
    this.sweep(now);
    const seen = this.recent(ip, now);
    if (seen.size >= this.cfg.probeMax) this.refuse(seen, now);
  }

  /** After a lookup found nothing: records `tag`; the first distinct identifier over the limit → 429. */
  record(ip: string, tag: string): void {
    if (this.cfg.probeMax <= 0) return;
    const now = this.clock.now();
    const seen = this.recent(ip, now);
    if (!seen.has(tag) && seen.size >= this.cfg.probeMax) this.refuse(seen, now);
    seen.set(tag, now);
    this.probes.set(ip, seen);
  }

  reset(): void {
    this.probes.clear();
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const ip of [...this.probes.keys()]) this.recent(ip, now);
  }
}

/** Failure counter of a decoy account (strict mode): the same fields the lockout reads from a user row. */
export interface DecoyCounter {
  failedAttempts: number;
  lastFailedAt: number | null;
}

/**
 * Lockout counters for identifiers without an account in strict mode (RL-8), so that repeated wrong
 * passwords meet the same escalating waits and lock (DEC-2) as a real account. In memory, per
 * process, keyed by the decoy's HMAC-derived id; an entry is forgotten `ttlMs` after its last
 * failure, and the oldest entries are dropped beyond `maxEntries`. A later sign-up with that
 * identifier uses its own, fresh counter (RL-4).
 */
export class DecoyCounters {
  private readonly counters = new Map<string, DecoyCounter & { touchedAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  get(id: string): DecoyCounter {
    const c = this.counters.get(id);
    if (!c || c.touchedAt <= this.clock.now() - this.ttlMs) return { failedAttempts: 0, lastFailedAt: null };
    return { failedAttempts: c.failedAttempts, lastFailedAt: c.lastFailedAt };
  }

  /** Compare-and-set, as `Store.compareAndSetFailures` (synchronous, so trivially atomic). */
  compareAndSet(id: string, expected: number, next: number, lastFailedAt: number | null): boolean {
    if (this.get(id).failedAttempts !== expected) return false;
    this.counters.delete(id); // re-insert: Map order is the eviction order
    if (next > 0) this.counters.set(id, { failedAttempts: next, lastFailedAt, touchedAt: this.clock.now() });
    // Oldest first (insertion order = last touch): drop expired entries and any beyond the cap.
    const cutoff = this.clock.now() - this.ttlMs;
    for (const [key, c] of this.counters) {
      if (c.touchedAt > cutoff && this.counters.size <= this.maxEntries) break;
      this.counters.delete(key);
    }
    return true;
  }

  reset(): void {
    this.counters.clear();
  }
}
