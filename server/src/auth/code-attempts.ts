/**
 * Attempt bookkeeping for prepared codes (email/SMS, OTP-2, OTP-3, OTP-5, FT-1, FT-2): expiry,
 * the per-code attempt cap, and an attempt *reserved* on the verification with a compare-and-set
 * before the code is evaluated, so parallel guesses cannot exceed the cap.
 */
import type { RequestContext } from '../context.js';
import { type ApiError, errors } from '../errors.js';
import type { FactorStrategy } from '../strategies/index.js';
import type { SignInRecord, VerificationRecord } from '../store.js';
import { allowedStatuses, reload, requireStatus, setVerification, trySave, verificationOf, type Slot } from './sign-in-state.js';

type Problem = ApiError | 'expired' | null;

function problem(ctx: RequestContext, v: VerificationRecord | null, strategy: FactorStrategy): Problem {
  if (!v || v.strategy !== strategy.strategy) return errors.codeNotPrepared();
  if (v.status === 'failed') return errors.verificationFailed();
  if (v.status === 'expired') return errors.verificationExpired();
  if (v.status !== 'unverified' || typeof v.data.codeHash !== 'string') return errors.codeNotPrepared();
  if (v.expireAt !== null && ctx.app.clock.now() >= v.expireAt) return 'expired';
  if (v.attempts >= ctx.app.config.otp.maxAttempts) return errors.verificationFailed();
  return null;
}

/** Refuses before anything is counted: not prepared, burned or expired (marked `expired`, OTP-2). */
export async function precheckCode(ctx: RequestContext, si: SignInRecord, slot: Slot, strategy: FactorStrategy): Promise<void> {
  const p = problem(ctx, verificationOf(si, slot), strategy);
  if (p === null) return;
  if (p !== 'expired') throw p;
  const expected = si.version;
  const v = verificationOf(si, slot)!;
  setVerification(si, slot, { ...v, status: 'expired', error: errors.verificationExpired().toEntry() });
  await trySave(ctx, si, expected); // best effort: a concurrent change wins
  throw errors.verificationExpired();
}

/** Counts this attempt on the verification (compare-and-set); returns the hash of the code it is for. */
export async function reserveCodeAttempt(ctx: RequestContext, si: SignInRecord, slot: Slot, strategy: FactorStrategy): Promise<string> {
  for (let i = 0; i < 200; i++) {
    if (i > 0) {
      await reload(ctx, si);
      requireStatus(si, allowedStatuses(slot), `attempt_${slot}_factor`);
      const p = problem(ctx, verificationOf(si, slot), strategy);
      if (p !== null) throw p === 'expired' ? errors.verificationExpired() : p;
    }
    const v = verificationOf(si, slot)!;
    const expected = si.version;
    setVerification(si, slot, { ...v, attempts: v.attempts + 1 });
    if (await trySave(ctx, si, expected)) return String(v.data.codeHash);
  }
  throw errors.stateInvalid('This sign in is busy. Try again.');
}

/** After a wrong code: at the cap the verification becomes `failed` (burned, OTP-5). */
export async function recordCodeFailure(ctx: RequestContext, si: SignInRecord, slot: Slot, codeHash: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (i > 0) await reload(ctx, si);
    const v = verificationOf(si, slot);
    if (!v || v.data.codeHash !== codeHash || v.status !== 'unverified' || v.attempts < ctx.app.config.otp.maxAttempts) return;
    const expected = si.version;
    setVerification(si, slot, { ...v, status: 'failed', error: errors.verificationFailed().toEntry() });
    if (await trySave(ctx, si, expected)) return;
  }
}

/** On retrying a completion after a conflict: the code checked must still be the stored one (not used, not replaced). */
export function assertSameCode(si: SignInRecord, slot: Slot, codeHash: string): void {
  if (verificationOf(si, slot)?.data.codeHash !== codeHash) {
    throw errors.stateInvalid('This code was already used, or a new code was requested meanwhile.');
  }
}
