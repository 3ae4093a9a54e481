import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import { errors } from '../errors.js';
import type { Store, UserRecord } from '../store.js';
import { DecoyCounters, type DecoyCounter } from './enumeration.js';

/** Ids of decoy accounts (strict enumeration mode, RL-8): counted in memory, never in the store. */
export const isDecoyUserId = (userId: string) => userId.startsWith('decoy_');

export interface Reservation {
  countBefore: number;
  /** Verified but not complete: take back this reservation only. (Completion clears the counter in its transaction.) */
  release(): Promise<void>;
}

export type LockState =
  | { kind: 'open' }
  | { kind: 'wait'; seconds: number }
  | { kind: 'locked'; seconds: number };

/**
 * Per-account lockout (DEC-2, RL-1…RL-5). The counter holds consecutive failures; only success
 * clears it and cooldowns do not. An attempt is *reserved* (counted as a failure) before it is
 * evaluated, so parallel guesses cannot exceed the limits (FT-3); success then clears it.
 */
export class Lockout {
  /** Counters of decoy accounts (RL-8), kept for a day after their last failure. */
  readonly decoys: DecoyCounters;

  constructor(
    private readonly cfg: ServerConfig['lockout'],
    private readonly clock: Clock,
    private readonly store: Store,
  ) {
    this.decoys = new DecoyCounters(clock, Math.max(cfg.durationSeconds, 24 * 3600) * 1000);
  }

  private async counter(userId: string): Promise<DecoyCounter | null> {
    return isDecoyUserId(userId) ? this.decoys.get(userId) : this.store.getUser(userId);
  }

  private async cas(userId: string, expected: number, next: number, lastFailedAt: number | null): Promise<boolean> {
    return isDecoyUserId(userId) ? this.decoys.compareAndSet(userId, expected, next, lastFailedAt) : this.store.compareAndSetFailures(userId, expected, next, lastFailedAt);
  }

  /** Seconds to wait after `count` consecutive failures, before the lock threshold. */
  delayAfter(count: number): number {
    if (count <= this.cfg.freeFailures) return 0;
    const exp = count - this.cfg.freeFailures - 1;
    return Math.min(this.cfg.baseDelaySeconds * 2 ** Math.min(exp, 30), this.cfg.maxDelaySeconds);
  }

  state(user: Pick<UserRecord, 'failedAttempts' | 'lastFailedAt'>): LockState {
    const count = user.failedAttempts;
    if (count === 0 || user.lastFailedAt === null) return { kind: 'open' };
    const now = this.clock.now();
    if (count >= this.cfg.threshold) {
      const until = user.lastFailedAt + this.cfg.durationSeconds * 1000;
      return now < until ? { kind: 'locked', seconds: Math.ceil((until - now) / 1000) } : { kind: 'open' };
    }
    const until = user.lastFailedAt + this.delayAfter(count) * 1000;
    return now < until ? { kind: 'wait', seconds: Math.ceil((until - now) / 1000) } : { kind: 'open' };
  }

  /** Password sign-in is disabled until reset after this many consecutive failures. */
  passwordDisabled(user: Pick<UserRecord, 'failedAttempts'>): boolean {
    return user.failedAttempts >= this.cfg.disableThreshold;
  }

  /** Throws during a wait (429) or lock (403) without counting anything (used before sending codes). */
  check(user: Pick<UserRecord, 'failedAttempts' | 'lastFailedAt'>): void {
    const st = this.state(user);
    if (st.kind === 'locked') throw errors.userLocked(st.seconds);
    if (st.kind === 'wait') throw errors.tooManyRequests(st.seconds, { lockout_expires_in_seconds: st.seconds });
  }

  /** Counts one failure regardless of the lock state (password-reset codes, RL-4). */
  async recordFailure(userId: string): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const u = await this.counter(userId);
      if (!u || (await this.cas(userId, u.failedAttempts, u.failedAttempts + 1, this.clock.now()))) return;
    }
  }

  private async undo(userId: string, countBefore: number, lastBefore: number | null): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const u = await this.counter(userId);
      if (!u || u.failedAttempts === 0) return;
      const mine = u.failedAttempts === countBefore + 1;
      const next = mine ? countBefore : u.failedAttempts - 1;
      if (await this.cas(userId, u.failedAttempts, next, mine ? lastBefore : u.lastFailedAt)) return;
    }
  }

  /**
   * Refuses (without evaluation) during a wait (429) or lock (403), otherwise counts the attempt
   * as a failure up front. A completed sign-in clears the counter (Store.completeSignIn,
   * `clearFailures`); a verified factor that does not complete calls `release()`.
   */
  async reserve(userId: string): Promise<Reservation> {
    for (let i = 0; i < 20; i++) {
      const user = await this.counter(userId);
      if (!user) throw errors.identifierNotFound();
      const st = this.state(user);
      if (st.kind === 'locked') throw errors.userLocked(st.seconds);
      if (st.kind === 'wait') throw errors.tooManyRequests(st.seconds, { lockout_expires_in_seconds: st.seconds });
      const next = user.failedAttempts + 1;
      if (await this.cas(userId, user.failedAttempts, next, this.clock.now())) {
        return {
          countBefore: user.failedAttempts,
          // A verified factor that does not complete the sign-in (e.g. the password before TOTP)
          // neither counts nor clears: undo only this reservation (RL-3).
          release: () => this.undo(userId, user.failedAttempts, user.lastFailedAt),
        };
      }
    }
    throw errors.tooManyRequests(1);
  }
}
