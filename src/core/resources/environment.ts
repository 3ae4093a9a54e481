import { passwordSettingsFromJSON, type PasswordSettings } from '../strategies/password.js';
import type { AttributeJSON, EnvironmentJSON } from '../wire.js';

/** One `user_settings.attributes.<name>` entry, camelCased and defaulted. */
export interface AttributeSettings {
  readonly enabled: boolean;
  readonly required: boolean;
  readonly usedForFirstFactor: boolean;
  readonly firstFactors: readonly string[];
  readonly usedForSecondFactor: boolean;
  readonly secondFactors: readonly string[];
}

export interface AuthConfig {
  readonly singleSessionMode: boolean;
  readonly sessionMinter: boolean;
}

export interface DisplayConfig {
  readonly applicationName: string | null;
  readonly instanceEnvironmentType: string | null;
  readonly signInUrl: string | null;
  readonly signUpUrl: string | null;
  readonly homeUrl: string | null;
}

export interface UserSettings {
  readonly attributes: Readonly<Record<string, AttributeSettings>>;
  /** `null` when the server sent none: `validatePassword` then does nothing (§13). */
  readonly passwordSettings: PasswordSettings | null;
  readonly signIn: { readonly secondFactor: { readonly required: boolean; readonly enabled: boolean } };
}

function attributeFromJSON(json: AttributeJSON): AttributeSettings {
  return Object.freeze({
    enabled: json.enabled ?? false,
    required: json.required ?? false,
    usedForFirstFactor: json.used_for_first_factor ?? false,
    firstFactors: Object.freeze([...(json.first_factors ?? [])]),
    usedForSecondFactor: json.used_for_second_factor ?? false,
    secondFactors: Object.freeze([...(json.second_factors ?? [])]),
  });
}

/**
 * The instance configuration (spec §7), only the parts the sign-in path reads. Every field may be
 * missing: `{}` is a valid environment and yields the defaults.
 */
export class Environment {
  readonly authConfig: AuthConfig;
  readonly displayConfig: DisplayConfig;
  readonly userSettings: UserSettings;
  readonly maintenanceMode: boolean;

  private constructor(json: EnvironmentJSON) {
    const auth = json.auth_config ?? {};
    const display = json.display_config ?? {};
    const user = json.user_settings ?? {};
    this.authConfig = Object.freeze({
      singleSessionMode: auth.single_session_mode ?? false,
      sessionMinter: auth.session_minter ?? false,
    });
    this.displayConfig = Object.freeze({
      applicationName: display.application_name ?? null,
      instanceEnvironmentType: display.instance_environment_type ?? null,
      signInUrl: display.sign_in_url ?? null,
      signUpUrl: display.sign_up_url ?? null,
      homeUrl: display.home_url ?? null,
    });
    const attributes: Record<string, AttributeSettings> = {};
    for (const [name, attribute] of Object.entries(user.attributes ?? {})) attributes[name] = attributeFromJSON(attribute ?? {});
    const secondFactor = user.sign_in?.second_factor ?? {};
    this.userSettings = Object.freeze({
      attributes: Object.freeze(attributes),
      passwordSettings: user.password_settings ? passwordSettingsFromJSON(user.password_settings) : null,
      signIn: Object.freeze({
        secondFactor: Object.freeze({ required: secondFactor.required ?? false, enabled: secondFactor.enabled ?? false }),
      }),
    });
    this.maintenanceMode = json.maintenance_mode ?? false;
  }

  /** Anything that is not an object is read as `{}`. */
  static fromJSON(json: EnvironmentJSON | null | undefined): Environment {
    return new Environment(typeof json === 'object' && json !== null ? json : {});
  }
}
