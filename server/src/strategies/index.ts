import type { App } from '../context.js';
import type { SignInRecord } from '../store.js';
import { backupCodeStrategy } from './backup-code.js';
import { emailCodeStrategy, phoneCodeStrategy, resetPasswordEmailCodeStrategy, resetPasswordPhoneCodeStrategy } from './code.js';
import { passwordStrategy } from './password.js';
import { totpStrategy } from './totp.js';
import type { Factor, FactorPurpose, FactorStrategy, UserBundle } from './types.js';

const byName = (list: FactorStrategy[]): ReadonlyMap<string, FactorStrategy> => new Map(list.map((s) => [s.strategy, s]));

/** First-factor strategies, in the order factors are listed (§6.3). */
export const firstFactorStrategies = byName([passwordStrategy, emailCodeStrategy, phoneCodeStrategy, resetPasswordEmailCodeStrategy, resetPasswordPhoneCodeStrategy]);

/** Second-factor (§11.9) and client-trust (§11.10) strategies; which apply depends on the purpose. */
export const secondFactorStrategies = byName([totpStrategy, phoneCodeStrategy, backupCodeStrategy, emailCodeStrategy]);

export function supportedFirstFactors(app: App, user: UserBundle): Factor[] {
  return [...firstFactorStrategies.values()].flatMap((s) => s.factors(app, user, 'first'));
}

export function supportedSecondFactors(app: App, user: UserBundle, purpose: Exclude<FactorPurpose, 'first'>): Factor[] {
  return [...secondFactorStrategies.values()].flatMap((s) => s.factors(app, user, purpose));
}

/**
 * MFA applies (§11.9): TOTP, backup codes or an SMS second-factor number. Independent of whether
 * SMS can be sent right now, so an outage never downgrades an MFA account to single factor.
 */
export const hasSecondFactor = (user: UserBundle) =>
  user.mfa.totp || user.mfa.backupCodes > 0 || user.identifiers.some((i) => i.kind === 'phone_number' && i.verified && i.reservedForSecondFactor);

/** Which second-factor list applies to a sign-in in `needs_second_factor` / `needs_client_trust`. */
export const secondFactorPurpose = (si: SignInRecord): 'second' | 'trust' => (si.status === 'needs_client_trust' ? 'trust' : 'second');

export type { Factor, FactorPurpose, FactorStrategy, UserBundle } from './types.js';
