import type { PasswordSettingsJSON } from '../wire.js';
import type { PasswordStrength, PasswordStrengthLoader } from './password-strength-loader.js';

/**
 * The password strategy: its request parameters and the client-side policy check of spec §13:
 * **complexity** synchronously here, **strength** (`show_zxcvbn`) through the lazily loaded
 * zxcvbn-ts chunk (`password-strength-loader.ts`). The server stays the authority (422
 * `form_password_*`, §8.3).
 */

/** `create({ strategy: 'password', identifier, password })`: sign in in one request (§11.1). */
export interface PasswordCreateParams {
  strategy: 'password';
  identifier: string;
  password: string;
}

/** `attemptFirstFactor({ strategy: 'password', password })` (§11.1, two steps). */
export interface PasswordAttemptParams {
  strategy: 'password';
  password: string;
}

/** `user_settings.password_settings` after the §13 normalisation. */
export interface PasswordSettings {
  /** `max(value ?? 8, 8)` */
  readonly minLength: number;
  /** `72` when the value is `0`, else `min(value ?? 72, 72)`; a password must be strictly shorter. */
  readonly maxLength: number;
  readonly requireNumbers: boolean;
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireSpecialChar: boolean;
  /** Taken literally; empty means "any ASCII punctuation". */
  readonly allowedSpecialCharacters: string;
  readonly showZxcvbn: boolean;
  readonly minZxcvbnStrength: number;
  readonly disableHibp: boolean;
}

/** Normalises the wire settings (§13). An empty object is valid and yields the defaults. */
export function passwordSettingsFromJSON(json: PasswordSettingsJSON): PasswordSettings {
  const max = json.max_length;
  return Object.freeze({
    minLength: Math.max(json.min_length ?? 8, 8),
    maxLength: max === 0 ? 72 : Math.min(max ?? 72, 72),
    requireNumbers: json.require_numbers ?? false,
    requireLowercase: json.require_lowercase ?? false,
    requireUppercase: json.require_uppercase ?? false,
    requireSpecialChar: json.require_special_char ?? false,
    allowedSpecialCharacters: json.allowed_special_characters ?? '',
    showZxcvbn: json.show_zxcvbn ?? false,
    minZxcvbnStrength: json.min_zxcvbn_strength ?? 0,
    disableHibp: json.disable_hibp ?? false,
  });
}

/** The complexity rules of §13, named as on the wire. */
export const PASSWORD_COMPLEXITY_RULES = [
  'min_length',
  'max_length',
  'require_numbers',
  'require_lowercase',
  'require_uppercase',
  'require_special_char',
] as const;
export type PasswordComplexityRule = (typeof PASSWORD_COMPLEXITY_RULES)[number];

/** `{ <rule>: true }` for every failed rule; `{}` when the password passes. */
export type PasswordComplexityResult = Partial<Record<PasswordComplexityRule, true>>;

/** What `onValidation` receives. */
export interface PasswordValidation {
  complexity: PasswordComplexityResult;
  /** Only with `show_zxcvbn` once complexity passed; absent when the strength chunk failed to load. */
  strength?: PasswordStrength;
}

/** The object form of §13's callbacks. */
export interface ValidatePasswordCallbacks {
  /**
   * Called once: synchronously with `{ complexity }`, unless complexity passed and `show_zxcvbn`
   * is on; then asynchronously with `{ complexity, strength }`.
   */
  onValidation?: (result: PasswordValidation) => void;
  /** Called synchronously with `true` exactly when no rule failed, else `false`. */
  onValidationComplexity?: (passed: boolean) => void;
}

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** Tests each enabled rule. Length counts UTF-16 code units, as the reference client does. */
export function checkPasswordComplexity(password: string, settings: PasswordSettings): PasswordComplexityResult {
  const failed: PasswordComplexityResult = {};
  if (password.length < settings.minLength) failed.min_length = true;
  if (password.length >= settings.maxLength) failed.max_length = true;
  if (settings.requireNumbers && !/[0-9]/.test(password)) failed.require_numbers = true;
  if (settings.requireLowercase && !/[a-z]/.test(password)) failed.require_lowercase = true;
  if (settings.requireUppercase && !/[A-Z]/.test(password)) failed.require_uppercase = true;
  if (settings.requireSpecialChar) {
    const specials = settings.allowedSpecialCharacters || ASCII_PUNCTUATION;
    if (![...password].some((char) => specials.includes(char))) failed.require_special_char = true;
  }
  return failed;
}

/**
 * The §13 strength of `password`: `null` when `show_zxcvbn` is off, a complexity rule fails, there
 * is no loader, or the strength chunk could not be loaded (after one retry). Never rejects.
 */
export async function checkPasswordStrength(
  password: string,
  settings: PasswordSettings,
  loader: PasswordStrengthLoader | null,
): Promise<PasswordStrength | null> {
  if (!settings.showZxcvbn || !loader || Object.keys(checkPasswordComplexity(password, settings)).length) return null;
  const strength = await loader.load();
  return strength ? strength.checkPasswordStrength(password, settings.minZxcvbnStrength) : null;
}

/**
 * `SignIn.validatePassword`: checks `password` against the instance policy without a request.
 * Returns `undefined` (and calls nothing) when there is no policy, else whether **complexity**
 * passed. Each callback form is called once, with the timing of §13: synchronously, unless
 * complexity passed and `show_zxcvbn` is on (and a `loader` is given); then after the strength
 * check. The function form receives the failed rule names (`['min_length', 'require_numbers']`),
 * or a failed strength's keys (`['unstable__errors.zxcvbn.notEnough', …]`), `[]` when it passes.
 */
export function validatePassword(
  password: string,
  settings: PasswordSettings | null,
  callback?: ((errors: string[]) => void) | ValidatePasswordCallbacks,
  loader: PasswordStrengthLoader | null = null,
): boolean | undefined {
  if (!settings) return undefined;
  const complexity = checkPasswordComplexity(password, settings);
  const failed = PASSWORD_COMPLEXITY_RULES.filter((rule) => complexity[rule]);
  const passed = failed.length === 0;
  const report = (strength?: PasswordStrength): void => {
    if (typeof callback === 'function') callback(strength?.state === 'fail' ? strength.keys : failed);
    else callback?.onValidation?.(strength ? { complexity, strength } : { complexity });
  };
  if (passed && settings.showZxcvbn && loader) {
    if (typeof callback === 'object') callback.onValidationComplexity?.(true);
    void checkPasswordStrength(password, settings, loader).then((strength) => report(strength ?? undefined));
    return true;
  }
  report();
  if (typeof callback === 'object') callback.onValidationComplexity?.(passed);
  return passed;
}
