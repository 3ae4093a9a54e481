/** Small shared helpers of the sign-in state machine: slots, status guards, versioned saves. */
import type { RequestContext } from '../context.js';
import { errors } from '../errors.js';
import { signInUser } from '../serialize.js';
import { reqString } from '../http.js';
import { firstFactorStrategies, secondFactorPurpose, secondFactorStrategies, type FactorPurpose, type FactorStrategy, type UserBundle } from '../strategies/index.js';
import type { SignInRecord, SignInStatus, VerificationRecord } from '../store.js';

export type Slot = 'first' | 'second';

export const allowedStatuses = (slot: Slot): SignInStatus[] => (slot === 'first' ? ['needs_first_factor'] : ['needs_second_factor', 'needs_client_trust']);

export const purposeFor = (si: SignInRecord, slot: Slot): FactorPurpose => (slot === 'first' ? 'first' : secondFactorPurpose(si));

export const verificationOf = (si: SignInRecord, slot: Slot) => (slot === 'first' ? si.firstFactorVerification : si.secondFactorVerification);

export function setVerification(si: SignInRecord, slot: Slot, v: VerificationRecord): void {
  if (slot === 'first') si.firstFactorVerification = v;
  else si.secondFactorVerification = v;
}

export const newVerification = (strategy: FactorStrategy): VerificationRecord => ({
  strategy: strategy.strategy,
  status: 'unverified',
  attempts: 0,
  expireAt: null,
  error: null,
  verifiedAt: null,
  data: {},
});

/** Writes the sign-in if nobody changed it since `expected`; false on a conflict. */
export async function trySave(ctx: RequestContext, si: SignInRecord, expected: number): Promise<boolean> {
  si.updatedAt = ctx.app.clock.now();
  return ctx.app.store.updateSignIn(si, expected);
}

export async function save(ctx: RequestContext, si: SignInRecord, expected: number): Promise<void> {
  if (!(await trySave(ctx, si, expected))) throw errors.stateInvalid('This sign in was changed by another request. Reload and try again.');
}

/** Replaces `si` in place with the stored version. */
export async function reload(ctx: RequestContext, si: SignInRecord): Promise<void> {
  const fresh = await ctx.app.store.getSignIn(si.id);
  if (!fresh) throw errors.stateInvalid('This sign in no longer exists.');
  Object.assign(si, fresh);
}

export function requireStatus(si: SignInRecord, allowed: SignInStatus[], action: string): void {
  if (!allowed.includes(si.status)) throw errors.stateInvalid(`${action} is not allowed while the sign in is ${si.status}.`);
}

export async function requireUser(ctx: RequestContext, si: SignInRecord): Promise<UserBundle> {
  const user = await signInUser(ctx.app, si);
  if (!user) throw errors.identifierNotFound();
  return user;
}

/** The strategy named in the body: unknown first factors → 422 on `strategy`; second → strategy_for_user_invalid. */
export function lookupStrategy(ctx: RequestContext, slot: Slot): FactorStrategy {
  const name = reqString(ctx.body, 'strategy', 100);
  const strategy = (slot === 'first' ? firstFactorStrategies : secondFactorStrategies).get(name);
  if (!strategy) {
    throw slot === 'first'
      ? errors.paramValue('strategy', `The ${name} strategy is not supported by this server.`)
      : errors.strategyForUserInvalid();
  }
  return strategy;
}
