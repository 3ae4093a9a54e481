/**
 * Client trust (§11.10, FLOW-4, OP-14). After a correct password, a user without MFA on a client
 * that never completed a sign-in for them must confirm a code sent to a verified email address or
 * phone number (`needs_client_trust`). A completed sign-in trusts the client for that user while
 * the client lives (row written in the completion transaction). The step never replaces the
 * password and is not a second factor (DEC-3).
 */
import type { RequestContext } from '../context.js';
import { supportedSecondFactors, type FactorStrategy, type UserBundle } from '../strategies/index.js';
import type { SignInRecord } from '../store.js';

export async function needsClientTrust(ctx: RequestContext, si: SignInRecord, user: UserBundle, firstFactor: FactorStrategy): Promise<boolean> {
  const { app } = ctx;
  if (!app.config.clientTrust || firstFactor.strategy !== 'password') return false;
  if (await app.store.isClientTrusted(si.clientId, user.user.id, app.clock.now())) return false;
  // Without a verified, reachable email or phone the step cannot be completed: skip it (README).
  return supportedSecondFactors(app, user, 'trust').length > 0;
}
