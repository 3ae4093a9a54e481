import type { App } from '../context.js';
import { passwordStrategy } from './password.js';
import type { Factor, FactorStrategy, UserBundle } from './types.js';

/** First-factor strategies this server supports, in the order factors are listed. */
export const firstFactorStrategies: ReadonlyMap<string, FactorStrategy> = new Map([[passwordStrategy.strategy, passwordStrategy]]);

/** Second-factor / client-trust strategies (totp, backup_code, phone_code, email_code come next). */
export const secondFactorStrategies: ReadonlyMap<string, FactorStrategy> = new Map();

export function supportedFirstFactors(app: App, user: UserBundle): Factor[] {
  return [...firstFactorStrategies.values()].flatMap((s) => s.factors(app, user));
}

export function supportedSecondFactors(app: App, user: UserBundle): Factor[] {
  return [...secondFactorStrategies.values()].flatMap((s) => s.factors(app, user));
}

/** The user has a second factor enrolled, so MFA applies (§11.9). */
export const hasSecondFactor = (app: App, user: UserBundle) => supportedSecondFactors(app, user).length > 0;

export type { Factor, FactorStrategy, UserBundle } from './types.js';
