/**
 * Frontend API wire shapes (spec/frontend-api.md §5–§8), snake_case exactly as sent. Only the
 * fields the bundle reads are typed; servers may send more. Every resource class converts these
 * once, in its `fromJSON`, and nothing outside `core/` sees a wire type.
 *
 * Timestamps are Unix milliseconds; fields a server may omit are optional and defaulted on read.
 */

/** Sign-in `object` value: the OpenAPI says `sign_in_attempt`, clerk-js fixtures `sign_in` (OP-1). */
export type SignInObjectJSON = 'sign_in_attempt' | 'sign_in';

/** One entry of the error envelope (§8.1). */
export interface ErrorJSON {
  code: string;
  message?: string;
  long_message?: string;
  meta?: Record<string, unknown> | null;
}

/** The error envelope every 4xx (and most 5xx) carries. */
export interface ErrorEnvelopeJSON {
  errors: ErrorJSON[];
  meta?: { client?: ClientJSON | null; [key: string]: unknown } | null;
  clerk_trace_id?: string;
}

/** A supported first or second factor (§6.3); the strategy decides which other fields appear. */
export interface FactorJSON {
  strategy: string;
  safe_identifier?: string | null;
  email_address_id?: string | null;
  phone_number_id?: string | null;
  web3_wallet_id?: string | null;
  primary?: boolean | null;
  default?: boolean | null;
  channel?: string | null;
  [key: string]: unknown;
}

/** §6.2 */
export interface VerificationJSON {
  object?: string;
  status: string | null;
  strategy: string | null;
  attempts?: number | null;
  expire_at?: number | null;
  nonce?: string | null;
  message?: string | null;
  external_verification_redirect_url?: string | null;
  error?: ErrorJSON | null;
  verified_at_client?: string | null;
  channel?: string | null;
}

/** `user_data` on a sign-in. */
export interface UserDataJSON {
  first_name?: string | null;
  last_name?: string | null;
  image_url?: string | null;
  has_image?: boolean | null;
}

/** §6.1 */
export interface SignInJSON {
  object?: SignInObjectJSON;
  id: string;
  status: string | null;
  supported_identifiers?: string[] | null;
  identifier?: string | null;
  user_data?: UserDataJSON | null;
  supported_first_factors?: FactorJSON[] | null;
  supported_second_factors?: FactorJSON[] | null;
  first_factor_verification?: VerificationJSON | null;
  second_factor_verification?: VerificationJSON | null;
  created_session_id?: string | null;
  client_trust_state?: 'pending' | 'new' | 'known' | null;
  abandon_at?: number | null;
}

export interface EmailAddressJSON {
  object?: 'email_address';
  id: string;
  email_address: string;
  verification?: VerificationJSON | null;
}

export interface PhoneNumberJSON {
  object?: 'phone_number';
  id: string;
  phone_number: string;
  verification?: VerificationJSON | null;
}

/** §6.6 (the recommended minimum; the rest is defaulted). */
export interface UserJSON {
  object?: 'user';
  id: string;
  first_name?: string | null;
  last_name?: string | null;
  username?: string | null;
  image_url?: string | null;
  has_image?: boolean | null;
  primary_email_address_id?: string | null;
  primary_phone_number_id?: string | null;
  primary_web3_wallet_id?: string | null;
  password_enabled?: boolean | null;
  two_factor_enabled?: boolean | null;
  totp_enabled?: boolean | null;
  backup_code_enabled?: boolean | null;
  email_addresses?: EmailAddressJSON[] | null;
  phone_numbers?: PhoneNumberJSON[] | null;
  public_metadata?: Record<string, unknown> | null;
  unsafe_metadata?: Record<string, unknown> | null;
  last_sign_in_at?: number | null;
  created_at?: number | null;
  updated_at?: number | null;
}

/** `{"object":"token","jwt":"…"}`: a session's `last_active_token` and the tokens endpoint (§12.2). */
export interface TokenJSON {
  object?: 'token';
  jwt: string;
}

export interface PublicUserDataJSON {
  first_name?: string | null;
  last_name?: string | null;
  image_url?: string | null;
  has_image?: boolean | null;
  identifier?: string | null;
  user_id?: string | null;
}

/** §6.5 */
export interface SessionJSON {
  object?: 'session';
  id: string;
  status: string;
  expire_at?: number | null;
  abandon_at?: number | null;
  last_active_at?: number | null;
  created_at?: number | null;
  updated_at?: number | null;
  last_active_token?: TokenJSON | null;
  last_active_organization_id?: string | null;
  factor_verification_age?: [number, number] | null;
  tasks?: { key: string }[] | null;
  user?: UserJSON | null;
  public_user_data?: PublicUserDataJSON | null;
}

/** §6.4 */
export interface ClientJSON {
  object?: 'client';
  id: string;
  sessions?: SessionJSON[] | null;
  sign_in?: SignInJSON | null;
  sign_up?: Record<string, unknown> | null;
  last_active_session_id?: string | null;
  last_authentication_strategy?: string | null;
  cookie_expires_at?: number | null;
  captcha_bypass?: boolean | null;
  created_at?: number | null;
  updated_at?: number | null;
}

/** `user_settings.password_settings` as sent (§7, §13), before normalisation. */
export interface PasswordSettingsJSON {
  min_length?: number | null;
  max_length?: number | null;
  require_numbers?: boolean | null;
  require_lowercase?: boolean | null;
  require_uppercase?: boolean | null;
  require_special_char?: boolean | null;
  allowed_special_characters?: string | null;
  show_zxcvbn?: boolean | null;
  min_zxcvbn_strength?: number | null;
  disable_hibp?: boolean | null;
}

/** One `user_settings.attributes.<name>` entry. */
export interface AttributeJSON {
  enabled?: boolean;
  required?: boolean;
  used_for_first_factor?: boolean;
  first_factors?: string[] | null;
  used_for_second_factor?: boolean;
  second_factors?: string[] | null;
}

/** §7; every field may be missing (`{}` is a valid environment). */
export interface EnvironmentJSON {
  object?: 'environment';
  auth_config?: { single_session_mode?: boolean; session_minter?: boolean } | null;
  display_config?: {
    application_name?: string | null;
    instance_environment_type?: string | null;
    sign_in_url?: string | null;
    sign_up_url?: string | null;
    home_url?: string | null;
  } | null;
  user_settings?: {
    attributes?: Record<string, AttributeJSON> | null;
    password_settings?: PasswordSettingsJSON | null;
    sign_in?: { second_factor?: { required?: boolean; enabled?: boolean } | null } | null;
  } | null;
  maintenance_mode?: boolean | null;
}

/** The `{response, client}` envelope of §5. */
export interface EnvelopeJSON<T> {
  response?: T | null;
  client?: ClientJSON | null;
  meta?: { client?: ClientJSON | null } | null;
}
