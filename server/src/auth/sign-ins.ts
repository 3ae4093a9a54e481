/**
 * The sign-in state machine (§10): creation, first/second factor attempts, reset_password and
 * atomic completion (§10.3). Strategies (strategies/) only check proofs; state, attempt
 * counting and the per-account lockout (DEC-2) are handled here, the same for every factor.
 */
import type { RequestContext } from '../context.js';
import { checkNewPassword, normalizePassword } from '../crypto/password.js';
import { ApiError, errors } from '../errors.js';
import { optBool, optString, reqString } from '../http.js';
import { newId } from '../ids.js';
import { loadUser } from '../serialize.js';
import { firstFactorStrategies, hasSecondFactor, secondFactorStrategies, type FactorStrategy, type UserBundle } from '../strategies/index.js';
import type { SignInRecord, SignInStatus, VerificationRecord } from '../store.js';
import { classifyIdentifier } from './identifiers.js';
import { currentClient, ensureClient, issueCookie, newCredential, reloadClient } from './clients.js';
import { newSession } from './sessions.js';

type Slot = 'first' | 'second';

const save = async (ctx: RequestContext, si: SignInRecord, expectedVersion: number) => {
  si.updatedAt = ctx.app.clock.now();
  if (!(await ctx.app.store.updateSignIn(si, expectedVersion))) {
    throw errors.stateInvalid('This sign in was changed by another request. Reload and try again.');
  }
};

function requireStatus(si: SignInRecord, allowed: SignInStatus[], action: string): void {
  if (!allowed.includes(si.status)) {
    throw errors.stateInvalid(`${action} is not allowed while the sign in is ${si.status}.`);
  }
}

async function requireUser(ctx: RequestContext, si: SignInRecord): Promise<UserBundle> {
  const user = await loadUser(ctx.app, si.userId);
  if (!user) throw errors.identifierNotFound();
  return user;
}

/** Loads a sign-in of the request's client for reading (404 for unknown or foreign ids, FLOW-2). */
export async function loadSignIn(ctx: RequestContext, id: string): Promise<SignInRecord> {
  const client = await currentClient(ctx);
  const si = client ? await ctx.app.store.getSignIn(id) : null;
  if (!client || !si || si.clientId !== client.id) throw errors.notFound('sign in');
  return si;
}

/** As loadSignIn, and the sign-in must be the current one (403) and not abandoned (FLOW-3). */
export async function loadSignInForUpdate(ctx: RequestContext, id: string): Promise<SignInRecord> {
  const si = await loadSignIn(ctx, id);
  const client = await currentClient(ctx);
  if (client!.signInId !== si.id) throw errors.forbiddenOlderSignIn();
  if (ctx.app.clock.now() >= si.abandonAt) throw errors.signInExpired();
  return si;
}

/** POST /v1/client/sign_ins (§9.2, §11.1). Replaces the client's current sign-in. */
export async function createSignIn(ctx: RequestContext): Promise<SignInRecord> {
  const { app, body } = ctx;
  app.rateLimiter.hit('sign_in_create', ctx.ip, app.config.rateLimit.createMax);
  const strategy = optString(body, 'strategy', 100);
  const identifier = optString(body, 'identifier', 320);
  const hasPassword = body.password !== undefined && body.password !== null && body.password !== '';
  if (optBool(body, 'transfer')) {
    throw new ApiError(422, 'account_transfer_invalid', 'There is nothing to transfer', { longMessage: 'There is no sign up to transfer to a sign in.' });
  }
  if (strategy !== undefined && strategy !== 'password') {
    throw errors.paramValue('strategy', `The ${strategy} strategy is not supported by this server.`);
  }
  const client = await ensureClient(ctx);
  const now = app.clock.now();
  const base = { id: newId('sia'), clientId: client.id, firstFactorVerification: null, secondFactorVerification: null, createdSessionId: null, createdAt: now, updatedAt: now, abandonAt: now + app.config.signInTtlSeconds * 1000, version: 0 };

  if (identifier === undefined) {
    if (strategy === 'password' || hasPassword) throw errors.paramNil('identifier');
    const si: SignInRecord = { ...base, status: 'needs_identifier', identifier: null, userId: null };
    await app.store.startSignIn(si);
    return si;
  }

  const found = classifyIdentifier(identifier);
  const userId = found ? await app.store.findUserIdByIdentifier(found.kind, found.normalized) : null;
  if (!userId) {
    if (hasPassword) {
      // PW-11: the same scrypt work as for a real account.
      const password = normalizePassword(reqString(body, 'password', Number.MAX_SAFE_INTEGER), app.config.password);
      await app.hasher.dummyVerify(password);
    }
    app.log.event('sign_in.identifier_not_found', { client_id: client.id, ip: ctx.ip });
    throw errors.identifierNotFound();
  }
  const si: SignInRecord = { ...base, status: 'needs_first_factor', identifier: identifier.trim(), userId };
  await app.store.startSignIn(si);
  ctx.client = await app.store.getClient(client.id);
  app.log.event('sign_in.created', { sign_in_id: si.id, client_id: client.id, user_id: userId, ip: ctx.ip });
  if (strategy === 'password' || hasPassword) await attempt(ctx, si, 'first', 'password');
  return si;
}

export async function prepareFactor(ctx: RequestContext, si: SignInRecord, slot: Slot): Promise<void> {
  requireStatus(si, slot === 'first' ? ['needs_first_factor'] : ['needs_second_factor', 'needs_client_trust'], `prepare_${slot}_factor`);
  const strategy = lookupStrategy(ctx, slot);
  const user = await requireUser(ctx, si);
  if (!strategy.prepare) throw errors.paramValue('strategy', `The ${strategy.strategy} strategy needs no preparation.`);
  if (strategy.factors(ctx.app, user).length === 0) throw errors.strategyForUserInvalid();
  const expected = si.version;
  const verification = await strategy.prepare({ ctx, signIn: si, user, body: ctx.body });
  if (slot === 'first') si.firstFactorVerification = verification;
  else si.secondFactorVerification = verification;
  await save(ctx, si, expected);
}

function lookupStrategy(ctx: RequestContext, slot: Slot): FactorStrategy {
  const name = reqString(ctx.body, 'strategy', 100);
  const strategy = (slot === 'first' ? firstFactorStrategies : secondFactorStrategies).get(name);
  if (!strategy) {
    throw slot === 'first'
      ? errors.paramValue('strategy', `The ${name} strategy is not supported by this server.`)
      : errors.strategyForUserInvalid();
  }
  return strategy;
}

/** attempt_first_factor / attempt_second_factor, and the password part of a combined create. */
export async function attempt(ctx: RequestContext, si: SignInRecord, slot: Slot, strategyName?: string): Promise<void> {
  const { app } = ctx;
  requireStatus(si, slot === 'first' ? ['needs_first_factor'] : ['needs_second_factor', 'needs_client_trust'], `attempt_${slot}_factor`);
  if (!strategyName) app.rateLimiter.hit('attempt', ctx.ip, app.config.rateLimit.attemptMax);
  const strategy = strategyName ? firstFactorStrategies.get(strategyName)! : lookupStrategy(ctx, slot);
  const user = await requireUser(ctx, si);
  const verify = strategy.parse({ ctx, signIn: si, user, body: ctx.body });
  if (strategy.factors(app, user).length === 0) throw errors.strategyForUserInvalid();

  const reservation = strategy.countsForLockout ? await reserveOrLog(ctx, si, strategy) : null;
  const result = await verify();
  const now = app.clock.now();
  for (let tries = 0; ; tries++) {
    const expected = si.version;
    const prev = slot === 'first' ? si.firstFactorVerification : si.secondFactorVerification;
    const v: VerificationRecord =
      prev && prev.strategy === strategy.strategy
        ? { ...prev }
        : { strategy: strategy.strategy, status: 'unverified', attempts: 0, expireAt: null, error: null, verifiedAt: null, data: {} };
    v.attempts += 1;
    if (result.ok) {
      v.status = 'verified';
      v.verifiedAt = now;
    }
    if (slot === 'first') si.firstFactorVerification = v;
    else si.secondFactorVerification = v;
    if (!result.ok) {
      si.updatedAt = now;
      if (!(await app.store.updateSignIn(si, expected))) {
        const fresh = tries < 5 ? await app.store.getSignIn(si.id) : null;
        if (!fresh) throw errors.stateInvalid('This sign in was changed by another request.');
        Object.assign(si, fresh);
        continue;
      }
      app.log.event('sign_in.attempt_failed', { sign_in_id: si.id, client_id: si.clientId, user_id: si.userId, strategy: strategy.strategy, factor: slot, ip: ctx.ip });
      throw result.error;
    }
    await reservation?.succeeded();
    app.log.event('sign_in.factor_verified', { sign_in_id: si.id, client_id: si.clientId, user_id: si.userId, strategy: strategy.strategy, factor: slot, ip: ctx.ip });
    if (slot === 'first') await afterFirstFactor(ctx, si, expected, user, strategy);
    else await complete(ctx, si, expected, user, strategy.strategy, [firstAmr(si), strategy.amr], now);
    return;
  }
}

async function reserveOrLog(ctx: RequestContext, si: SignInRecord, strategy: FactorStrategy) {
  try {
    return await ctx.app.lockout.reserve(si.userId!);
  } catch (err) {
    if (err instanceof ApiError) {
      ctx.app.log.event('sign_in.throttled', { sign_in_id: si.id, user_id: si.userId, strategy: strategy.strategy, code: err.code, ip: ctx.ip });
    }
    throw err;
  }
}

const firstAmr = (si: SignInRecord) => firstFactorStrategies.get(si.firstFactorVerification?.strategy ?? '')?.amr ?? 'unknown';

/** §10.2: MFA takes precedence over client trust; otherwise complete (no trust step yet, see README). */
async function afterFirstFactor(ctx: RequestContext, si: SignInRecord, expected: number, user: UserBundle, strategy: FactorStrategy): Promise<void> {
  if (hasSecondFactor(ctx.app, user)) {
    si.status = 'needs_second_factor';
    await save(ctx, si, expected);
    return;
  }
  await complete(ctx, si, expected, user, strategy.strategy, [strategy.amr], null);
}

/** §10.3 rule 3: sign-in complete, active session listed, client credential rotated (SES-1), in one transaction. */
async function complete(ctx: RequestContext, si: SignInRecord, expected: number, user: UserBundle, strategy: string, factors: string[], secondFactorAt: number | null): Promise<void> {
  const { app } = ctx;
  const firstAt = si.firstFactorVerification?.verifiedAt ?? app.clock.now();
  const session = newSession(app, si.clientId, user.user.id, factors, firstAt, secondFactorAt);
  const credential = newCredential();
  si.status = 'complete';
  si.createdSessionId = session.id;
  si.updatedAt = app.clock.now();
  const ok = await app.store.completeSignIn({ signIn: si, expectedVersion: expected, session, clientTokenHash: credential.hash, strategy });
  if (!ok) throw errors.stateInvalid('This sign in was already completed by another request.');
  issueCookie(ctx, credential.token);
  await reloadClient(ctx);
  app.log.event('sign_in.completed', { sign_in_id: si.id, client_id: si.clientId, user_id: user.user.id, session_id: session.id, factors, ip: ctx.ip });
}

/** POST …/reset_password: only in needs_new_password (reached once reset codes exist). */
export async function resetPassword(ctx: RequestContext, si: SignInRecord): Promise<void> {
  const { app, body } = ctx;
  requireStatus(si, ['needs_new_password'], 'reset_password');
  const raw = reqString(body, 'password', Number.MAX_SAFE_INTEGER);
  const signOutOthers = optBool(body, 'sign_out_of_other_sessions') ?? false;
  const user = await requireUser(ctx, si);
  const password = checkNewPassword(raw, app.config.password, {
    emailAddresses: user.identifiers.filter((i) => i.kind === 'email_address').map((i) => i.value),
    username: user.user.username,
    firstName: user.user.firstName,
    lastName: user.user.lastName,
    applicationName: app.config.applicationName,
  });
  if (user.user.passwordHash && (await app.hasher.verify(user.user.passwordHash, password))) {
    throw new ApiError(422, 'form_new_password_matches_current', 'New password must differ from the current one', { meta: { param_name: 'password' } });
  }
  const now = app.clock.now();
  await app.store.setPasswordHash(user.user.id, await app.hasher.hash(password), now);
  await app.store.compareAndSetFailures(user.user.id, user.user.failedAttempts, 0, null); // RL-4: reset clears the lock
  if (signOutOthers) await app.store.endUserSessions(user.user.id, 'revoked', now);
  app.log.event('user.password_reset', { user_id: user.user.id, sign_in_id: si.id, ip: ctx.ip });
  const expected = si.version;
  if (hasSecondFactor(app, user)) {
    si.status = 'needs_second_factor';
    await save(ctx, si, expected);
    return;
  }
  await complete(ctx, si, expected, user, si.firstFactorVerification?.strategy ?? 'password', [firstAmr(si)], null);
}
