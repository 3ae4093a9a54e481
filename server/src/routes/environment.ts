import type { App } from '../context.js';
import type { Route } from './route.js';

const attribute = (enabled: boolean, firstFactors: string[], extra: Record<string, unknown> = {}, secondFactors: string[] = []) => ({
  enabled,
  required: false,
  used_for_first_factor: enabled && firstFactors.length > 0,
  first_factors: firstFactors,
  used_for_second_factor: secondFactors.length > 0,
  second_factors: secondFactors,
  verifications: [],
  verify_at_sign_up: false,
  ...extra,
});

/** The minimal environment of §7, un-enveloped. Only factors this server implements are advertised. */
export function environmentJson(app: App): Record<string, unknown> {
  const pw = app.config.password;
  const base = app.publicUrl;
  const email = app.delivery.canSend('email');
  const sms = app.delivery.canSend('sms');
  return {
    object: 'environment',
    id: 'env_signin_elements',
    auth_config: { object: 'auth_config', id: 'aac_signin_elements', single_session_mode: false, session_minter: false, claimed_at: null, reverification: false },
    display_config: {
      object: 'display_config',
      id: 'display_config_signin_elements',
      application_name: app.config.applicationName,
      instance_environment_type: app.config.mode,
      sign_in_url: `${base}/`,
      sign_up_url: `${base}/`,
      home_url: `${base}/`,
      after_sign_in_url: `${base}/`,
      after_sign_out_all_url: `${base}/`,
      branded: false,
      captcha_public_key: null,
      captcha_public_key_invisible: null,
      captcha_widget_type: null,
      captcha_provider: null,
      captcha_oauth_bypass: null,
      logo_image_url: '',
      favicon_image_url: '',
    },
    user_settings: {
      attributes: {
        email_address: attribute(true, ['password', ...(email ? ['email_code', 'reset_password_email_code'] : [])]),
        phone_number: attribute(true, ['password', ...(sms ? ['phone_code', 'reset_password_phone_code'] : [])], {}, sms ? ['phone_code'] : []),
        authenticator_app: attribute(true, [], {}, ['totp']),
        backup_code: attribute(true, [], {}, ['backup_code']),
        username: attribute(true, ['password']),
        password: attribute(true, [], { required: true }),
        web3_wallet: attribute(false, []),
        passkey: attribute(false, []),
        first_name: attribute(true, []),
        last_name: attribute(true, []),
      },
      password_settings: {
        min_length: pw.minLength,
        max_length: Math.min(pw.maxLength, 72),
        require_numbers: false,
        require_lowercase: false,
        require_uppercase: false,
        require_special_char: false,
        allowed_special_characters: '',
        // §13: the strength check the server enforces (PASSWORD_MIN_STRENGTH); off = no meter.
        show_zxcvbn: pw.minStrength !== null,
        min_zxcvbn_strength: pw.minStrength ?? 0,
        disable_hibp: false,
        enforce_hibp_on_sign_in: false,
      },
      // RL-8: `strict` is Clerk's enumeration protection (one answer for every identifier).
      attack_protection: { enumeration_protection: { enabled: app.config.enumeration.mode === 'strict' } },
      sign_in: { second_factor: { required: false, enabled: true }, client_trust: { enabled: app.config.clientTrust } },
      sign_up: { captcha_enabled: false, mode: 'public', progressive: true },
      social: {},
      enterprise_sso: { enabled: false },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false },
      actions: { delete_self: false, create_organization: false },
    },
    organization_settings: { enabled: false },
    commerce_settings: { billing: { enabled: false } },
    api_keys_settings: { enabled: false },
    maintenance_mode: false,
    client_debug_mode: false,
    partitioned_cookies: false,
  };
}

export const environmentRoutes: Route[] = [
  { method: 'GET', path: '/v1/environment', handler: async (ctx) => ({ status: 200, body: environmentJson(ctx.app) }) },
  { method: 'PATCH', path: '/v1/environment', handler: async (ctx) => ({ status: 200, body: environmentJson(ctx.app) }) },
];
