import type { App, RequestContext } from '../context.js';
import type { ApiError } from '../errors.js';
import type { Body } from '../http.js';
import type { Consumable, IdentifierRecord, SignInRecord, UserRecord, VerificationRecord } from '../store.js';

/** One entry of `supported_first_factors` / `supported_second_factors` (§6.3). */
export interface Factor {
  strategy: string;
  [field: string]: unknown;
}

export interface UserBundle {
  user: UserRecord;
  identifiers: IdentifierRecord[];
  /** Second factors enrolled (TOTP, unused backup codes). */
  mfa: { totp: boolean; backupCodes: number };
  /** A decoy for an identifier without an account (strict enumeration mode, RL-8): never verifies. */
  decoy?: boolean;
}

/** Where a factor is offered: first factor, MFA second factor (§11.9), or client trust (§11.10). */
export type FactorPurpose = 'first' | 'second' | 'trust';

export interface StrategyInput {
  ctx: RequestContext;
  signIn: SignInRecord;
  user: UserBundle;
  body: Body;
  purpose: FactorPurpose;
}

export type VerifyResult = { ok: true; consume?: Consumable } | { ok: false; error: ApiError };

/**
 * A sign-in factor. The sign-in service owns state, attempt counting, lockout (DEC-2) and
 * completion; a strategy only lists its factors, optionally prepares a verification (send a
 * code) and checks the proof. Strategies are registered in `strategies/index.ts`.
 */
export interface FactorStrategy {
  readonly strategy: string;
  /** Verification `object` name, e.g. `verification_password`. */
  readonly verificationObject: string;
  /** Factor type recorded on the session and in the JWT `amr` claim (DEC-3). */
  readonly amr: string;
  /** Whether failures feed the per-account lockout counter (DEC-2). */
  readonly countsForLockout: boolean;
  /** Codes prepared per sign-in (email/SMS): attempts are counted on the verification (OTP-5). */
  readonly preparedCode?: boolean;
  /** `reset_password_*`: available while locked (RL-4); leads to a new password. */
  readonly resetsPassword?: boolean;
  /** Factors this strategy offers for `user` for `purpose` (empty when unavailable). */
  factors(app: App, user: UserBundle, purpose: FactorPurpose, signIn?: SignInRecord | null): Factor[];
  /** Only for strategies with a prepare step; returns the new (unverified) verification. */
  prepare?(input: StrategyInput): Promise<VerificationRecord>;
  /**
   * Validates the request shape (throwing ApiError 422 for missing or malformed fields, not
   * counted as an attempt) and returns a function that evaluates the proof.
   */
  parse(input: StrategyInput): () => Promise<VerifyResult>;
}
