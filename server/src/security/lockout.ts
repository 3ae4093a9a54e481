import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import { errors } from '../errors.js';
import type { Store, UserRecord } from '../store.js';

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
  constructor(
    private readonly cfg: ServerConfig['lockout'],
    private readonly clock: Clock,
    private readonly store: Store,
  ) {}

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

  /**
   * Refuses (without evaluation) during a wait (429) or lock (403), otherwise counts the attempt
   * as a failure up front. Call `succeeded()` when the factor verifies.
   */
  async reserve(userId: string): Promise<{ succeeded(): Promise<void>; countBefore: number }> {
    for (let i = 0; i < 20; i++) {
      const user = await this.store.getUser(userId);
      if (!user) throw errors.identifierNotFound();
      const st = this.state(user);
      if (st.kind === 'locked') throw errors.userLocked(st.seconds);
      if (st.kind === 'wait') throw errors.tooManyRequests(st.seconds, { lockout_expires_in_seconds: st.seconds });
      const next = user.failedAttempts + 1;
      if (await this.store.compareAndSetFailures(userId, user.failedAttempts, next, this.clock.now())) {
        return {
          countBefore: user.failedAttempts,
          succeeded: async () => {
            // Clear only our own reservation's effect: success resets the counter (RL-3).
            for (let j = 0; j < 20; j++) {
              const u = await this.store.getUser(userId);
              if (!u || (await this.store.compareAndSetFailures(userId, u.failedAttempts, 0, null))) return;
            }
          },
        };
      }
    }
    throw errors.tooManyRequests(1);
  }
}
