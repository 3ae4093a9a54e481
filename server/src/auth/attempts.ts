/**
 * attempt_first_factor / attempt_second_factor (§11): shape checks, per-IP limit (RL-6),
 * per-account lockout (DEC-2, MFA-5), per-code attempt cap (OTP-5), then where the verified
 * factor leads. Exactly one concurrent success completes (FT-1, FT-4).
 */
import type { RequestContext } from '../context.js';
import { ApiError, errors } from '../errors.js';
import { optString } from '../http.js';
import { firstFactorStrategies, type FactorStrategy } from '../strategies/index.js';
import type { SignInRecord } from '../store.js';
import { assertSameCode, precheckCode, recordCodeFailure, reserveCodeAttempt } from './code-attempts.js';
import { afterFirstFactor, afterSecondFactor, checkPasswordFor, holdsReservation, resetPassword } from './completion.js';
import {
  allowedStatuses,
  lookupStrategy,
  newVerification,
  purposeFor,
  reload,
  requireStatus,
  requireUser,
  setVerification,
  trySave,
  verificationOf,
  type Slot,
} from './sign-in-state.js';

export async function attempt(ctx: RequestContext, si: SignInRecord, slot: Slot, strategyName?: string): Promise<void> {
  const { app, body } = ctx;
  requireStatus(si, allowedStatuses(slot), `attempt_${slot}_factor`);
  if (!strategyName) app.rateLimiter.hit('attempt', ctx.ip, app.config.rateLimit.attemptMax);
  const strategy = strategyName ? firstFactorStrategies.get(strategyName)! : lookupStrategy(ctx, slot);
  const user = await requireUser(ctx, si);
  const purpose = purposeFor(si, slot);
  const verify = strategy.parse({ ctx, signIn: si, user, body, purpose });
  if (strategy.factors(app, user, purpose).length === 0) throw errors.strategyForUserInvalid();
  // A reset code may carry the new password (one step); a non-string is 422, never coerced.
  const newPassword = strategy.resetsPassword ? optString(body, 'password', Number.MAX_SAFE_INTEGER) : undefined;
  const withNewPassword = newPassword !== undefined;
  if (withNewPassword) checkPasswordFor(ctx, user, newPassword); // 422 before the code is spent

  if (strategy.preparedCode) await precheckCode(ctx, si, slot, strategy);
  // Reset codes stay usable while locked (RL-4); their failures are still counted below.
  const reservation = holdsReservation(strategy) ? await reserveOrLog(ctx, si, user.user.id, strategy) : null;
  // Until the proof is evaluated and found wrong, this attempt is no failure: a refusal for any
  // other reason (sign-in changed, code replaced or burned meanwhile, busy, factor consumed by a
  // parallel winner) takes the reservation back, so it never leaks into the DEC-2 counter.
  let settled = false;
  try {
    const codeHash = strategy.preparedCode ? await reserveCodeAttempt(ctx, si, slot, strategy) : null;
    const verdict = await verify();
    // RL-8: a decoy account never verifies, whatever a strategy answered.
    const result = user.decoy && verdict.ok ? { ok: false as const, error: errors.codeIncorrect() } : verdict;
    const fields = { sign_in_id: si.id, client_id: si.clientId, user_id: si.userId, strategy: strategy.strategy, factor: slot, ip: ctx.ip };

    if (!result.ok) {
      settled = true; // a wrong proof: the reservation stays counted
      if (strategy.resetsPassword) await app.lockout.recordFailure(user.user.id);
      if (codeHash !== null) await recordCodeFailure(ctx, si, slot, codeHash);
      else await countFailure(ctx, si, slot, strategy);
      app.log.event('sign_in.attempt_failed', { ...fields, error: result.error.code });
      if (slot === 'second') await noticeSecondFactorFailure(ctx, si);
      throw result.error;
    }
    app.log.event('sign_in.factor_verified', fields);

    for (let tries = 0; tries < 50; tries++) {
      if (tries > 0) {
        await reload(ctx, si);
        requireStatus(si, allowedStatuses(slot), `attempt_${slot}_factor`);
        if (codeHash !== null) assertSameCode(si, slot, codeHash);
      }
      const expected = si.version;
      markVerified(ctx, si, slot, strategy, codeHash !== null);
      const outcome =
        slot === 'first' ? await afterFirstFactor(ctx, si, expected, user, strategy) : await afterSecondFactor(ctx, si, expected, user, strategy, result.consume);
      if (outcome === 'factor_used') throw errors.codeAlreadyUsed();
      if (outcome === 'ok') {
        // DEC-2: only an authentication that completes clears the counter, inside the completion
        // transaction (FT-9); a first factor that leads to a second factor or client trust neither
        // counts nor clears (RL-3).
        settled = true;
        if (si.status !== 'complete') await reservation?.release();
        if (withNewPassword) await resetPassword(ctx, si);
        return;
      }
    }
    throw errors.stateInvalid('This sign in was changed by another request. Reload and try again.');
  } finally {
    if (!settled) await reservation?.release();
  }
}

function markVerified(ctx: RequestContext, si: SignInRecord, slot: Slot, strategy: FactorStrategy, prepared: boolean): void {
  const prev = verificationOf(si, slot);
  const v = prepared || (prev && prev.strategy === strategy.strategy) ? { ...prev! } : newVerification(strategy);
  if (!prepared) v.attempts += 1;
  v.status = 'verified';
  v.verifiedAt = ctx.app.clock.now();
  v.error = null;
  const { codeHash: _spent, ...rest } = v.data; // OTP-7: the hash is deleted on success
  v.data = rest;
  setVerification(si, slot, v);
}

/** Password / TOTP / backup code failure: attempts + 1 on the verification. */
async function countFailure(ctx: RequestContext, si: SignInRecord, slot: Slot, strategy: FactorStrategy): Promise<void> {
  for (let tries = 0; tries < 20; tries++) {
    if (tries > 0) {
      await reload(ctx, si);
      if (!allowedStatuses(slot).includes(si.status)) return;
    }
    const expected = si.version;
    const prev = verificationOf(si, slot);
    const v = prev && prev.strategy === strategy.strategy ? { ...prev } : newVerification(strategy);
    v.attempts += 1;
    setVerification(si, slot, v);
    if (await trySave(ctx, si, expected)) return;
  }
}

/**
 * RL-10: a correct password followed by a failed second factor e-mails the account holder, at
 * most once per sign-in (a flag on the verified first factor, set with a compare-and-set).
 */
async function noticeSecondFactorFailure(ctx: RequestContext, si: SignInRecord): Promise<void> {
  for (let tries = 0; tries < 20; tries++) {
    if (tries > 0) await reload(ctx, si);
    const first = si.firstFactorVerification;
    if (si.status !== 'needs_second_factor' || first?.strategy !== 'password' || first.status !== 'verified' || first.data.secondFactorFailureNoticed) return;
    const expected = si.version;
    si.firstFactorVerification = { ...first, data: { ...first.data, secondFactorFailureNoticed: true } };
    if (await trySave(ctx, si, expected)) {
      ctx.app.notifier.notify(si.userId!, 'second_factor_failed');
      return;
    }
  }
}

async function reserveOrLog(ctx: RequestContext, si: SignInRecord, userId: string, strategy: FactorStrategy) {
  try {
    return await ctx.app.lockout.reserve(userId);
  } catch (err) {
    if (err instanceof ApiError) {
      ctx.app.log.event('sign_in.throttled', { sign_in_id: si.id, user_id: si.userId, strategy: strategy.strategy, code: err.code, ip: ctx.ip });
    }
    throw err;
  }
}
