/**
 * The sign-in state machine (§10): loading, creation and prepare. Attempts are in attempts.ts,
 * completion and reset_password in completion.ts. Strategies (strategies/) only check proofs;
 * state, attempt counting and the per-account lockout (DEC-2) are handled here the same way
 * for every factor.
 */
import type { RequestContext } from '../context.js';
import { normalizePassword } from '../crypto/password.js';
import { ApiError, errors } from '../errors.js';
import { optBool, optString } from '../http.js';
import { newId } from '../ids.js';
import { firstFactorStrategies } from '../strategies/index.js';
import type { SignInRecord } from '../store.js';
import { attempt } from './attempts.js';
import { currentClient, ensureClient } from './clients.js';
import { probeTag, strictEnumeration } from './decoy.js';
import { classifyIdentifier } from './identifiers.js';
import { allowedStatuses, lookupStrategy, purposeFor, reload, requireStatus, requireUser, setVerification, trySave, type Slot } from './sign-in-state.js';

export { attempt } from './attempts.js';
export { resetPassword } from './completion.js';

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

/** Strategies `create` accepts: password (one step) and the code strategies (prepared at once, §11.2, §11.8). */
const CREATE_STRATEGIES = new Set(firstFactorStrategies.keys());

/** POST /v1/client/sign_ins (§9.2, §11.1). Replaces the client's current sign-in. */
export async function createSignIn(ctx: RequestContext): Promise<SignInRecord> {
  const { app, body } = ctx;
  app.rateLimiter.hit('sign_in_create', ctx.ip, app.config.rateLimit.createMax);
  const strategy = optString(body, 'strategy', 100);
  const identifier = optString(body, 'identifier', 320);
  const password = optString(body, 'password', Number.MAX_SAFE_INTEGER);
  const hasPassword = password !== undefined;
  if (optBool(body, 'transfer')) {
    throw new ApiError(422, 'account_transfer_invalid', 'There is nothing to transfer', { longMessage: 'There is no sign up to transfer to a sign in.' });
  }
  if (strategy !== undefined && !CREATE_STRATEGIES.has(strategy)) {
    throw errors.paramValue('strategy', `The ${strategy} strategy is not supported by this server.`);
  }
  const client = await ensureClient(ctx);
  const now = app.clock.now();
  const base = { id: newId('sia'), clientId: client.id, firstFactorVerification: null, secondFactorVerification: null, createdSessionId: null, pendingPasswordReset: null, createdAt: now, updatedAt: now, abandonAt: now + app.config.signInTtlSeconds * 1000, version: 0 };

  if (identifier === undefined) {
    if (strategy !== undefined || hasPassword) throw errors.paramNil('identifier');
    const si: SignInRecord = { ...base, status: 'needs_identifier', identifier: null, userId: null };
    await app.store.startSignIn(si);
    return si;
  }

  const found = classifyIdentifier(identifier);
  const strict = strictEnumeration(app);
  // RL-8 parity: an IP that probed too many unknown identifiers gets no more lookups for a while.
  if (!strict && found) app.probeLimiter.check(ctx.ip);
  const userId = found ? await app.store.findUserIdByIdentifier(found.kind, found.normalized) : null;
  // RL-8 strict: no account → a decoy sign-in that looks like a password account's and never completes.
  const decoy = !userId && strict && found !== null;
  if (!userId && !decoy) {
    if (found) app.probeLimiter.record(ctx.ip, probeTag(app, found.kind, found.normalized));
    if (password !== undefined) {
      // PW-11: the same scrypt work as for a real account.
      await app.hasher.dummyVerify(normalizePassword(password, app.config.password));
    }
    app.log.event('sign_in.identifier_not_found', { client_id: client.id, ip: ctx.ip });
    throw errors.identifierNotFound();
  }
  const si: SignInRecord = { ...base, status: 'needs_first_factor', identifier: identifier.trim(), userId };
  await app.store.startSignIn(si);
  ctx.client = await app.store.getClient(client.id);
  app.log.event(decoy ? 'sign_in.created_decoy' : 'sign_in.created', { sign_in_id: si.id, client_id: client.id, user_id: userId, ip: ctx.ip });
  if (strategy === 'password' || (strategy === undefined && hasPassword)) await attempt(ctx, si, 'first', 'password');
  else if (strategy !== undefined) await prepareFactor(ctx, si, 'first', strategy);
  return si;
}

/** prepare_first_factor / prepare_second_factor: sends a code (OTP-6: replaces the previous one). */
export async function prepareFactor(ctx: RequestContext, si: SignInRecord, slot: Slot, strategyName?: string): Promise<void> {
  requireStatus(si, allowedStatuses(slot), `prepare_${slot}_factor`);
  const strategy = strategyName ? firstFactorStrategies.get(strategyName)! : lookupStrategy(ctx, slot);
  const user = await requireUser(ctx, si);
  const purpose = purposeFor(si, slot);
  if (!strategy.prepare) throw errors.paramValue('strategy', `The ${strategy.strategy} strategy needs no preparation.`);
  if (strategy.factors(ctx.app, user, purpose).length === 0) throw errors.strategyForUserInvalid();
  const verification = await strategy.prepare({ ctx, signIn: si, user, body: ctx.body, purpose });
  for (let tries = 0; tries < 20; tries++) {
    if (tries > 0) {
      await reload(ctx, si);
      requireStatus(si, allowedStatuses(slot), `prepare_${slot}_factor`);
    }
    const expected = si.version;
    setVerification(si, slot, verification);
    if (await trySave(ctx, si, expected)) return;
  }
  throw errors.stateInvalid('This sign in was changed by another request. Reload and try again.');
}
