import { camelCaseKeys } from '../wire-convert.js';
import type { FactorJSON } from '../wire.js';

/**
 * A supported first or second factor (spec §6.3), deep-camelCased as clerk-js does. Which
 * optional fields appear depends on `strategy` (`email_code` has `emailAddressId`, `phone_code`
 * has `phoneNumberId`, …).
 */
export interface SignInFactor {
  readonly strategy: string;
  readonly safeIdentifier?: string | null;
  readonly emailAddressId?: string | null;
  readonly phoneNumberId?: string | null;
  readonly web3WalletId?: string | null;
  readonly primary?: boolean | null;
  readonly default?: boolean | null;
  readonly channel?: string | null;
  readonly [key: string]: unknown;
}

/** Missing or `null` factor lists become `[]`; entries without a string `strategy` are dropped. */
export function factorsFromJSON(json: readonly FactorJSON[] | null | undefined): readonly SignInFactor[] {
  if (!Array.isArray(json)) return [];
  return Object.freeze(
    json
      .filter((factor) => typeof factor?.strategy === 'string')
      .map((factor) => Object.freeze(camelCaseKeys<SignInFactor>(factor))),
  );
}
