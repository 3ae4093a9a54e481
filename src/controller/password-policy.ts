import type { FrontendApi } from '../core/frontend-api.js';
import type { PasswordStrength } from '../core/strategies/password-strength-loader.js';
import { checkPasswordComplexity, checkPasswordStrength, type PasswordComplexityResult } from '../core/strategies/password.js';

/** A §13 strength with its English sentences, for a new-password form. */
export interface PasswordStrengthFeedback {
  readonly strength: PasswordStrength;
  /** One sentence per key of `strength` (none for `excellent`). */
  readonly messages: readonly string[];
}

/** The instance's password rules that `password` breaks (`{}` passes); `null` when the instance sets none. */
export function passwordComplexity(core: FrontendApi, password: string): PasswordComplexityResult | null {
  const settings = core.environment?.userSettings.passwordSettings;
  return settings ? checkPasswordComplexity(password, settings) : null;
}

/**
 * The zxcvbn strength of `password` (§13), loading its chunk on first use. `null` when the instance
 * sets no policy or no `show_zxcvbn`, when a complexity rule fails, or when the chunk could not be
 * loaded (one retry): then only complexity is checked here and the server decides. Never rejects.
 */
export async function passwordStrength(core: FrontendApi, password: string): Promise<PasswordStrengthFeedback | null> {
  const settings = core.environment?.userSettings.passwordSettings;
  const strength = settings ? await checkPasswordStrength(password, settings, core.passwordStrength) : null;
  const module = strength && (await core.passwordStrength.load());
  return strength && module ? { strength, messages: module.describePasswordStrength(strength) } : null;
}
