import type { SignInFactor } from '../core/resources/factor.js';
import type { SignIn } from '../core/resources/sign-in.js';
import type {
  AttemptFirstFactorParams,
  AttemptSecondFactorParams,
  PrepareFirstFactorParams,
  PrepareSecondFactorParams,
} from '../core/resources/sign-in-params.js';
import type { SignInStatus } from './status.js';

/**
 * Which factors this build can verify, and how: pure functions over the sign-in's supported
 * factors, so the controller only sequences requests.
 */

/** First-factor strategies with a step in `<signin-flow>`. */
export const FIRST_FACTOR_STRATEGIES = ['password', 'email_code', 'phone_code', 'reset_password_email_code', 'reset_password_phone_code'] as const;
/** Second-factor (and client-trust) strategies with a step in `<signin-flow>`. */
export const SECOND_FACTOR_STRATEGIES = ['totp', 'phone_code', 'email_code', 'backup_code'] as const;

/** Strategies whose code the server sends, so a prepare request comes first. */
const SENT_CODE_STRATEGIES = new Set(['email_code', 'phone_code', 'reset_password_email_code', 'reset_password_phone_code']);
const RESET_STRATEGIES = new Set(['reset_password_email_code', 'reset_password_phone_code']);

/** Whether the code for `strategy` is delivered by the server (email, SMS) and can be re-sent. */
export function isSentCode(strategy: string): boolean {
  return SENT_CODE_STRATEGIES.has(strategy);
}

export function isResetStrategy(strategy: string): boolean {
  return RESET_STRATEGIES.has(strategy);
}

/** The statuses whose factors come from `supportedSecondFactors`. */
export function usesSecondFactors(status: SignInStatus | null): boolean {
  return status === 'needs_second_factor' || status === 'needs_client_trust';
}

/** The factors a person may pick from at this status: supported by the server and by this build. */
export function availableFactors(signIn: SignIn | null, status: SignInStatus | null): readonly SignInFactor[] {
  if (!signIn) return [];
  if (usesSecondFactors(status)) {
    return signIn.supportedSecondFactors.filter((f) => (SECOND_FACTOR_STRATEGIES as readonly string[]).includes(f.strategy));
  }
  if (status === 'needs_first_factor') {
    // Reset strategies are reached through "Forgot password?", not offered as a way to sign in.
    return signIn.supportedFirstFactors.filter(
      (f) => (FIRST_FACTOR_STRATEGIES as readonly string[]).includes(f.strategy) && !isResetStrategy(f.strategy),
    );
  }
  return [];
}

/** The reset-password factor to use for "Forgot password?", email first. */
export function resetFactor(signIn: SignIn | null): SignInFactor | null {
  const factors = signIn?.supportedFirstFactors ?? [];
  return factors.find((f) => f.strategy === 'reset_password_email_code') ?? factors.find((f) => f.strategy === 'reset_password_phone_code') ?? null;
}

function preferred(factors: readonly SignInFactor[], strategy: string): SignInFactor | undefined {
  const matching = factors.filter((f) => f.strategy === strategy);
  return matching.find((f) => f.default) ?? matching.find((f) => f.primary) ?? matching[0];
}

/**
 * The factor a sign-in starts with at `status`, as people expect: the password when there is one;
 * else an emailed code, else a texted one. For a second factor the authenticator app comes first
 * (nothing is sent), then SMS, then a backup code. Client trust sends an email code first.
 */
export function defaultFactor(signIn: SignIn | null, status: SignInStatus | null): SignInFactor | null {
  const factors = availableFactors(signIn, status);
  const order =
    status === 'needs_first_factor'
      ? ['password', 'email_code', 'phone_code']
      : status === 'needs_client_trust'
        ? ['email_code', 'phone_code']
        : ['totp', 'phone_code', 'email_code', 'backup_code'];
  for (const strategy of order) {
    const factor = preferred(factors, strategy);
    if (factor) return factor;
  }
  return null;
}

/** The prepare request for a sent code, first or second factor. */
export function prepareRequest(
  factor: SignInFactor,
  second: boolean,
): { second: false; params: PrepareFirstFactorParams } | { second: true; params: PrepareSecondFactorParams } {
  const emailAddressId = factor.emailAddressId ?? undefined;
  const phoneNumberId = factor.phoneNumberId ?? undefined;
  if (second) {
    const params: PrepareSecondFactorParams =
      factor.strategy === 'email_code' ? { strategy: 'email_code', emailAddressId } : { strategy: 'phone_code', phoneNumberId };
    return { second: true, params };
  }
  if (factor.strategy === 'email_code' || factor.strategy === 'reset_password_email_code') {
    return { second: false, params: { strategy: factor.strategy, emailAddressId: emailAddressId ?? '' } };
  }
  const strategy = factor.strategy === 'reset_password_phone_code' ? 'reset_password_phone_code' : 'phone_code';
  return {
    second: false,
    params: { strategy, phoneNumberId: phoneNumberId ?? '', ...(factor.channel === 'whatsapp' ? { channel: 'whatsapp' as const } : {}) },
  };
}

/** The attempt request for a code the person typed. */
export function attemptRequest(
  factor: SignInFactor,
  second: boolean,
  code: string,
): { second: false; params: AttemptFirstFactorParams } | { second: true; params: AttemptSecondFactorParams } {
  // `availableFactors` only lets through strategies these unions name.
  if (second) return { second: true, params: { strategy: factor.strategy, code } as AttemptSecondFactorParams };
  return { second: false, params: { strategy: factor.strategy, code } as AttemptFirstFactorParams };
}

/** Digits only for numeric codes (spaces and dashes from pasted "123 456" dropped); backup codes as typed. */
export function normalizeCode(strategy: string, raw: string): string {
  return strategy === 'backup_code' ? raw.trim() : raw.replace(/[\s-]/g, '');
}

/**
 * The factor whose code is already on its way: `create({ strategy: 'email_code' })` prepares in the
 * same request, and a reloaded page finds the verification it left. Adopting it avoids a second send.
 */
export function preparedFactor(signIn: SignIn | null, status: SignInStatus | null, now = Date.now()): SignInFactor | null {
  if (!signIn) return null;
  const verification = usesSecondFactors(status) ? signIn.secondFactorVerification : signIn.firstFactorVerification;
  if (verification.status !== 'unverified' || !verification.strategy || !isSentCode(verification.strategy)) return null;
  if (verification.expireAt && verification.expireAt.getTime() <= now) return null;
  const candidates = usesSecondFactors(status) ? signIn.supportedSecondFactors : signIn.supportedFirstFactors;
  return candidates.find((f) => f.strategy === verification.strategy) ?? null;
}
