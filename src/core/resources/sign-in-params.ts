import type { PasswordAttemptParams, PasswordCreateParams } from '../strategies/password.js';

/**
 * Parameters of the `SignIn` methods, limited to the strategies this build handles. The wire is
 * uniform (spec §9.2): each object is form-encoded as is, camelCase keys becoming snake_case.
 */

/** Every method takes these as its optional last argument. */
export interface SignInRequestOptions {
  /** Aborting rejects the call with `SignInAbortError`. */
  signal?: AbortSignal | undefined;
}

/** Extras any `create` may carry; servers ignore what they don't know (§3.5). */
interface CreateExtras {
  locale?: string;
}

/** Code strategies: `create` with one of them also prepares the code in one go (§11.2, §11.8). */
export type CodeStrategy = 'email_code' | 'phone_code' | 'reset_password_email_code' | 'reset_password_phone_code';

export type SignInCreateParams =
  | ({ identifier: string; strategy?: undefined } & CreateExtras)
  | (PasswordCreateParams & CreateExtras)
  | ({ strategy: CodeStrategy; identifier: string } & CreateExtras);

export type PrepareFirstFactorParams =
  | { strategy: 'email_code' | 'reset_password_email_code'; emailAddressId: string }
  | {
      strategy: 'phone_code' | 'reset_password_phone_code';
      phoneNumberId: string;
      default?: boolean;
      channel?: 'sms' | 'whatsapp';
    };

export type AttemptFirstFactorParams =
  | PasswordAttemptParams
  | { strategy: 'email_code' | 'phone_code'; code: string }
  /** With `password` the new password is set at once; without, the status becomes `needs_new_password`. */
  | { strategy: 'reset_password_email_code' | 'reset_password_phone_code'; code: string; password?: string };

export type PrepareSecondFactorParams =
  | { strategy: 'phone_code'; phoneNumberId?: string }
  | { strategy: 'email_code'; emailAddressId?: string };

export interface AttemptSecondFactorParams {
  strategy: 'phone_code' | 'totp' | 'backup_code' | 'email_code';
  code: string;
}

export interface ResetPasswordParams {
  password: string;
  /** Sent as `sign_out_of_other_sessions`. */
  signOutOfOtherSessions?: boolean;
}
