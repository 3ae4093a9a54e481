/**
 * Where a verified factor leads (§10.2) and atomic completion (§10.3 rule 3), plus
 * `reset_password` (§11.8, PW-10, PW-12, RL-4).
 */
import type { RequestContext } from '../context.js';
import { checkNewPassword } from '../crypto/password.js';
import { ApiError, errors } from '../errors.js';
import { optBool, reqString } from '../http.js';
import { firstFactorStrategies, hasSecondFactor, type FactorStrategy, type UserBundle } from '../strategies/index.js';
import type { CompleteResult, Consumable, SignInRecord } from '../store.js';
import { newCredential, issueCookie, reloadClient } from './clients.js';
import { needsClientTrust } from './client-trust.js';
import { newSession } from './sessions.js';
import { reload, requireStatus, requireUser, save, trySave } from './sign-in-state.js';

type Outcome = CompleteResult;

/** Factor types that make a session multi-factor (DEC-3: email never does). */
const SECOND_FACTOR_AMR = new Set(['otp', 'sms', 'backup_code']);

const firstAmr = (si: SignInRecord) => firstFactorStrategies.get(si.firstFactorVerification?.strategy ?? '')?.amr ?? 'unknown';

/** §10.2: reset code → new password; MFA (precedence) → second factor; new client → trust; else complete. */
export async function afterFirstFactor(ctx: RequestContext, si: SignInRecord, expected: number, user: UserBundle, strategy: FactorStrategy): Promise<Outcome> {
  let next: SignInRecord['status'] | null = null;
  if (strategy.resetsPassword) next = 'needs_new_password';
  else if (hasSecondFactor(user)) next = 'needs_second_factor';
  else if (await needsClientTrust(ctx, si, user, strategy)) next = 'needs_client_trust';
  if (next) {
    si.status = next;
    return (await trySave(ctx, si, expected)) ? 'ok' : 'conflict';
  }
  return complete(ctx, si, expected, user, strategy.strategy, [strategy.amr], null, { clearFailures: holdsReservation(strategy) });
}

/** Second factor (MFA) or client-trust code verified: complete, consuming a TOTP step / backup code atomically. */
export async function afterSecondFactor(ctx: RequestContext, si: SignInRecord, expected: number, user: UserBundle, strategy: FactorStrategy, consume?: Consumable): Promise<Outcome> {
  const mfa = si.status === 'needs_second_factor' && SECOND_FACTOR_AMR.has(strategy.amr);
  const factors = [firstAmr(si), strategy.amr, ...(mfa ? ['mfa'] : [])];
  return complete(ctx, si, expected, user, strategy.strategy, factors, mfa ? ctx.app.clock.now() : null, { consume, clearFailures: holdsReservation(strategy) });
}

/** The attempt reserved a lockout failure for this factor (attempts.ts); completing settles it as a success. */
export const holdsReservation = (strategy: FactorStrategy) => strategy.countsForLockout && !strategy.resetsPassword;

/**
 * §10.3 rule 3: sign-in complete, session, client credential rotated (SES-1), client trusted, a
 * pending password reset applied (PW-10, RL-4) and the failure counter cleared (DEC-2): one
 * transaction, so a store failure (FT-9) leaves all of it or none.
 */
async function complete(
  ctx: RequestContext,
  si: SignInRecord,
  expected: number,
  user: UserBundle,
  strategy: string,
  factors: string[],
  secondFactorAt: number | null,
  options: { consume?: Consumable; clearFailures?: boolean } = {},
): Promise<Outcome> {
  const { app } = ctx;
  const firstAt = si.firstFactorVerification?.verifiedAt ?? app.clock.now();
  const session = newSession(app, si.clientId, user.user.id, factors, firstAt, secondFactorAt);
  const credential = newCredential();
  const passwordReset = si.pendingPasswordReset ?? undefined;
  const before = { status: si.status, createdSessionId: si.createdSessionId, pendingPasswordReset: si.pendingPasswordReset };
  si.status = 'complete';
  si.createdSessionId = session.id;
  si.pendingPasswordReset = null; // the hash does not outlive the reset
  si.updatedAt = app.clock.now();
  const result = await app.store.completeSignIn({ signIn: si, expectedVersion: expected, session, clientTokenHash: credential.hash, strategy, passwordReset, ...options });
  if (result !== 'ok') {
    Object.assign(si, before);
    return result;
  }
  issueCookie(ctx, credential.token);
  await reloadClient(ctx);
  if (passwordReset) {
    app.log.event('user.password_reset', { user_id: user.user.id, sign_in_id: si.id, session_id: session.id, other_sessions_ended: passwordReset.endOtherSessions, ip: ctx.ip });
    app.notifier.notify(user.user.id, 'password_reset');
  }
  app.log.event('sign_in.completed', { sign_in_id: si.id, client_id: si.clientId, user_id: user.user.id, session_id: session.id, factors, ip: ctx.ip });
  return 'ok';
}

/** Policy checks for a new password (PW-1…PW-7); returns the normalised password. */
export function checkPasswordFor(ctx: RequestContext, user: UserBundle, raw: string): string {
  return checkNewPassword(raw, ctx.app.config.password, {
    emailAddresses: user.identifiers.filter((i) => i.kind === 'email_address').map((i) => i.value),
    username: user.user.username,
    firstName: user.user.firstName,
    lastName: user.user.lastName,
    applicationName: ctx.app.config.applicationName,
  });
}

/**
 * POST …/reset_password (and `attempt_first_factor` of a reset code with `password`): only in
 * needs_new_password. The new password (and the `sign_out_of_other_sessions` choice) is kept on
 * the sign-in and applied only by the transaction that completes it: at once for an account
 * without a second factor, else after the second factor (PW-10, PW-12, FLOW-5). Until then the
 * account is unchanged: old password, failure counter (DEC-2, RL-3) and other sessions.
 */
export async function resetPassword(ctx: RequestContext, si: SignInRecord): Promise<void> {
  const { app, body } = ctx;
  requireStatus(si, ['needs_new_password'], 'reset_password');
  const raw = reqString(body, 'password', Number.MAX_SAFE_INTEGER);
  const endOtherSessions = optBool(body, 'sign_out_of_other_sessions') ?? false;
  const user = await requireUser(ctx, si);
  const password = checkPasswordFor(ctx, user, raw);
  if (user.user.passwordHash && (await app.hasher.verify(user.user.passwordHash, password))) {
    throw new ApiError(422, 'form_new_password_matches_current', 'New password must differ from the current one', { meta: { param_name: 'password' } });
  }
  const passwordHash = await app.hasher.hash(password);
  await reload(ctx, si); // hashing yields: decide on the stored state
  requireStatus(si, ['needs_new_password'], 'reset_password');
  const expected = si.version;
  si.pendingPasswordReset = { passwordHash, endOtherSessions };
  if (hasSecondFactor(user)) {
    si.status = 'needs_second_factor';
    await save(ctx, si, expected);
    app.log.event('user.password_reset_pending', { user_id: user.user.id, sign_in_id: si.id, ip: ctx.ip });
    return;
  }
  const first = si.firstFactorVerification?.strategy ?? 'password';
  if ((await complete(ctx, si, expected, user, first, [firstAmr(si)], null)) !== 'ok') {
    throw errors.stateInvalid('This sign in was already completed by another request.');
  }
}
