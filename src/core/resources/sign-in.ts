import type { ApiRequest } from '../api-client.js';
import { SignInError } from '../errors.js';
import { isSignInStatus, type SignInStatus } from '../sign-in-status.js';
import { validatePassword, type ValidatePasswordCallbacks } from '../strategies/password.js';
import type { PasswordStrengthLoader } from '../strategies/password-strength-loader.js';
import type { SignInJSON } from '../wire.js';
import type { Environment } from './environment.js';
import { factorsFromJSON, type SignInFactor } from './factor.js';
import type {
  AttemptFirstFactorParams,
  AttemptSecondFactorParams,
  PrepareFirstFactorParams,
  PrepareSecondFactorParams,
  ResetPasswordParams,
  SignInCreateParams,
  SignInRequestOptions,
} from './sign-in-params.js';
import { Verification } from './verification.js';

/** What a `SignIn` needs from its owner (`FrontendApi`): the policy and a way to send. */
export interface SignInHost {
  readonly environment: Environment | null;
  /** Loads the zxcvbn strength chunk for `validatePassword` (§13); without it, complexity only. */
  readonly passwordStrength?: PasswordStrengthLoader | null;
  /**
   * Sends a sign-in request and applies the response to `target` and the shared state. Resolves
   * with `target`, or with a detached copy when a newer request has already applied state.
   */
  sendSignIn(target: SignIn, request: ApiRequest): Promise<SignIn>;
}

export interface UserData {
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly imageUrl: string | null;
  readonly hasImage: boolean;
}

export type ClientTrustState = 'pending' | 'new' | 'known';

interface SignInData {
  id: string | undefined;
  status: SignInStatus | null;
  supportedIdentifiers: readonly string[];
  identifier: string | null;
  supportedFirstFactors: readonly SignInFactor[];
  supportedSecondFactors: readonly SignInFactor[];
  firstFactorVerification: Verification;
  secondFactorVerification: Verification;
  userData: UserData | null;
  createdSessionId: string | null;
  clientTrustState: ClientTrustState | undefined;
}

function dataFromJSON(json: SignInJSON | null): SignInData {
  const user = json?.user_data;
  return Object.freeze({
    id: json?.id,
    status: isSignInStatus(json?.status) ? json.status : null,
    supportedIdentifiers: Object.freeze([...(json?.supported_identifiers ?? [])]),
    identifier: json?.identifier ?? null,
    supportedFirstFactors: factorsFromJSON(json?.supported_first_factors),
    supportedSecondFactors: factorsFromJSON(json?.supported_second_factors),
    firstFactorVerification: Verification.fromJSON(json?.first_factor_verification),
    secondFactorVerification: Verification.fromJSON(json?.second_factor_verification),
    userData: user
      ? Object.freeze({ firstName: user.first_name ?? null, lastName: user.last_name ?? null, imageUrl: user.image_url ?? null, hasImage: user.has_image ?? false })
      : null,
    createdSessionId: json?.created_session_id ?? null,
    clientTrustState: json?.client_trust_state ?? undefined,
  });
}

let assign: (signIn: SignIn, json: SignInJSON) => void;

/**
 * The current sign-in (spec §6.1, signin-object.md). One object per sign-in id: every method
 * sends its request, then **updates this instance in place** from the response and resolves with
 * it. `create` on an existing object turns it into the new sign-in. Properties are read-only.
 */
export class SignIn {
  readonly #host: SignInHost;
  #data: SignInData;

  private constructor(host: SignInHost, json: SignInJSON | null) {
    this.#host = host;
    this.#data = dataFromJSON(json);
  }

  static {
    assign = (signIn, json) => {
      signIn.#data = dataFromJSON(json);
    };
  }

  /** `null` builds the empty sign-in (`id` undefined, `status` null). */
  static fromJSON(json: SignInJSON | null, host: SignInHost): SignIn {
    return new SignIn(host, json);
  }

  /** `sia_…`; undefined before `create`. */
  get id(): string | undefined { return this.#data.id; }
  /** `null` before `create`, or for a status this build does not know (spec OP-10). */
  get status(): SignInStatus | null { return this.#data.status; }
  get supportedIdentifiers(): readonly string[] { return this.#data.supportedIdentifiers; }
  get identifier(): string | null { return this.#data.identifier; }
  get supportedFirstFactors(): readonly SignInFactor[] { return this.#data.supportedFirstFactors; }
  /** Populated once the first factor is verified. */
  get supportedSecondFactors(): readonly SignInFactor[] { return this.#data.supportedSecondFactors; }
  get firstFactorVerification(): Verification { return this.#data.firstFactorVerification; }
  get secondFactorVerification(): Verification { return this.#data.secondFactorVerification; }
  get userData(): UserData | null { return this.#data.userData; }
  /** Set when `status` is `complete`; pass it to `FrontendApi.setActive`. */
  get createdSessionId(): string | null { return this.#data.createdSessionId; }
  get clientTrustState(): ClientTrustState | undefined { return this.#data.clientTrustState; }

  /**
   * Starts a new sign-in (`POST /client/sign_ins`), replacing the client's current one.
   * @throws {SignInError} `SignInApiError` (e.g. `form_identifier_not_found`,
   *   `form_password_incorrect`), `SignInNetworkError`, `SignInTimeoutError`, `SignInAbortError`.
   */
  async create(params: SignInCreateParams, options?: SignInRequestOptions): Promise<SignIn> {
    return this.#send('POST', '/client/sign_ins', params, options);
  }

  /** Sends the code for a code strategy. @throws {SignInError} as `create`, and `sign_in_not_started`. */
  async prepareFirstFactor(params: PrepareFirstFactorParams, options?: SignInRequestOptions): Promise<SignIn> {
    return this.#send('POST', this.#path('prepare_first_factor'), params, options);
  }

  /** Verifies the first factor (password or code). @throws {SignInError} as `prepareFirstFactor`. */
  async attemptFirstFactor(params: AttemptFirstFactorParams, options?: SignInRequestOptions): Promise<SignIn> {
    return this.#send('POST', this.#path('attempt_first_factor'), params, options);
  }

  /** Sends a second-factor code. @throws {SignInError} as `prepareFirstFactor`. */
  async prepareSecondFactor(params: PrepareSecondFactorParams, options?: SignInRequestOptions): Promise<SignIn> {
    return this.#send('POST', this.#path('prepare_second_factor'), params, options);
  }

  /** Verifies the second factor. @throws {SignInError} as `prepareFirstFactor`. */
  async attemptSecondFactor(params: AttemptSecondFactorParams, options?: SignInRequestOptions): Promise<SignIn> {
    return this.#send('POST', this.#path('attempt_second_factor'), params, options);
  }

  /** Sets the new password in `needs_new_password`. @throws {SignInError} as `prepareFirstFactor`. */
  async resetPassword(params: ResetPasswordParams, options?: SignInRequestOptions): Promise<SignIn> {
    return this.#send('POST', this.#path('reset_password'), params, options);
  }

  /** Re-reads the sign-in (`GET /client/sign_ins/{id}`). @throws {SignInError} as `prepareFirstFactor`. */
  async reload(options?: SignInRequestOptions): Promise<SignIn> {
    return this.#send('GET', this.#path(''), undefined, options);
  }

  /**
   * Checks `password` against the instance policy without a request (spec §13). Returns
   * `undefined` when the environment has no `password_settings`, else whether complexity passed.
   * `callback` gets the failed rule names, or use the `{ onValidation, onValidationComplexity }`
   * form; with `show_zxcvbn`, a password that passes complexity is reported after the lazily
   * loaded strength check (see `validatePassword` in `strategies/password.ts`).
   */
  validatePassword(password: string, callback?: ((errors: string[]) => void) | ValidatePasswordCallbacks): boolean | undefined {
    const settings = this.#host.environment?.userSettings.passwordSettings ?? null;
    return validatePassword(password, settings, callback, this.#host.passwordStrength ?? null);
  }

  #path(action: string): string {
    const id = this.#data.id;
    if (!id) {
      throw new SignInError('sign_in_not_started', 'Start the sign-in first.', {
        longMessage: 'There is no sign-in yet: call create() before preparing, attempting or reloading.',
      });
    }
    return `/client/sign_ins/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
  }

  async #send(method: 'GET' | 'POST', path: string, body: object | undefined, options?: SignInRequestOptions): Promise<SignIn> {
    return this.#host.sendSignIn(this, { method, path, ...(body ? { body: { ...body } } : {}), signal: options?.signal });
  }
}

/** @internal Replaces a sign-in's data from wire JSON; only `FrontendApi` calls it. */
export function applySignInJSON(signIn: SignIn, json: SignInJSON): void {
  assign(signIn, json);
}
