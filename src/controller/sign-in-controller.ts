import { SignInError, toSignInError } from '../core/errors.js';
import { FrontendApi } from '../core/frontend-api.js';
import type { SignInFactor } from '../core/resources/factor.js';
import type { SignIn } from '../core/resources/sign-in.js';
import type { PasswordComplexityResult } from '../core/strategies/password.js';
import { ActionRunner } from './action-runner.js';
import type { ControllerHost } from './controller-host.js';
import { SignInSignedOutEvent } from './events.js';
import { initialState, nextState, type SignInControllerState, type SignInStatePatch as Patch } from './controller-state.js';
import { attemptRequest, isSentCode, normalizeCode, resetFactor, usesSecondFactors } from './factors.js';
import { LatestAction } from './latest-action.js';
import { passwordComplexity, passwordStrength, type PasswordStrengthFeedback } from './password-policy.js';
import { RequestWaits } from './request-waits.js';
import { SignInProgress } from './sign-in-progress.js';
import { toUserSummary } from './user-summary.js';

export type { SignInControllerState } from './controller-state.js';

export interface SignInControllerOptions {
  publishableKey?: string | undefined;
  frontendApi?: string | undefined;
  proxyUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  /** After a code is sent, how long the resend button waits (the server enforces its own limit). Default 30 s. */
  resendCooldownMs?: number | undefined;
  /** Share an existing core (then the options above are ignored). */
  core?: FrontendApi | undefined;
}

/** Stands in for a core whose options were invalid: every request fails with that error. */
function failingCore(error: SignInError): FrontendApi {
  return new FrontendApi({ frontendApi: 'https://config-error.invalid', fetch: () => Promise.reject(error), retryDelayMs: 0 });
}

/**
 * The sign-in state machine (no Lit). Actions never reject for sign-in errors: they resolve
 * `false`, set `activity: 'error'` and dispatch `SignInErrorEvent`. A new action aborts the one in
 * flight, whose result and abort are dropped silently.
 *
 * Events, dispatched on the controller itself:
 * - `SignInStatusChangeEvent(status, previous)` whenever the tracked status changes: after an
 *   action's result (or the sign-in an error response piggybacked), after `load()` restored an
 *   unfinished sign-in, and to `null` on `restart()` and sign-out.
 * - `SignInCompleteEvent` once per sign-in, after `status-change(complete)` **and** `setActive`.
 * - `SignInErrorEvent` per failed action (or failed load); `SignInSignedOutEvent` after `signOut()`.
 *
 * Entering a status that is verified factor by factor picks the expected factor (password, else an
 * emailed code; TOTP first for a second factor) and, for a code the server sends, sends it.
 *
 * Waits the server imposes (429 `Retry-After`, `user_locked`) are enforced here too (FT-12): until
 * one ends, an action that would send to the same endpoint fails at once with the same error and
 * sends nothing. A wait on sending codes sets `resendAt`; a wait on submitting sets `retryAt`.
 */
export class SignInController extends EventTarget {
  readonly core: FrontendApi;
  readonly #listeners = new Set<(state: SignInControllerState) => void>();
  readonly #actions = new LatestAction();
  readonly #waits = new RequestWaits();
  // The controller keeps the state and the public API; `#runner` runs actions and reports their
  // failures, `#progress` moves the tracked sign-in through its statuses.
  readonly #progress: SignInProgress;
  readonly #runner: ActionRunner;
  readonly #unsubscribeCore: () => void;
  #load: AbortController | null = null;
  #state: SignInControllerState;
  #disposed = false;

  constructor(options: SignInControllerOptions) {
    super();
    let core = options.core;
    try {
      core ??= new FrontendApi(options);
    } catch (error) {
      core = failingCore(toSignInError(error));
    }
    this.core = core;
    this.#state = initialState(core.session, core.environment);
    const host: ControllerHost = {
      core,
      actions: this.#actions,
      waits: this.#waits,
      state: () => this.#state,
      update: (patch) => this.#update(patch),
      dispatch: (event) => this.#dispatch(event),
    };
    this.#progress = new SignInProgress(host, options.resendCooldownMs ?? 30_000);
    this.#runner = new ActionRunner(host, this.#progress);
    this.#unsubscribeCore = core.subscribe(() => this.#syncCore());
  }

  get state(): SignInControllerState {
    return this.#state;
  }

  /** Called after every state change (not immediately); returns its own cleanup. */
  subscribe(listener: (state: SignInControllerState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Loads environment and client; restores an active session (step `signed-in`) or an unfinished sign-in. */
  async load(): Promise<void> {
    this.#load?.abort();
    const abort = (this.#load = new AbortController());
    const actionAtStart = this.#actions.current;
    if (this.#state.activity !== 'pending') this.#update({ activity: 'pending', error: null });
    try {
      await this.core.load({ signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted || this.#disposed) return;
      this.#update({ loaded: true });
      if (this.#actions.current === actionAtStart) this.#runner.reportError(error, 'submit');
      return;
    }
    if (abort.signal.aborted || this.#disposed) return;
    if (this.#actions.current !== actionAtStart) {
      this.#update({ loaded: true });
      return;
    }
    const restored = this.core.signIn;
    const resumable = restored.id !== undefined && restored.status !== 'complete';
    this.#update({ loaded: true, activity: 'idle', identifier: (resumable && restored.identifier) || this.#state.identifier });
    if (resumable) this.#progress.follow(restored);
  }

  /** `create({ identifier })`, then the default factor (a password step, or a code sent at once). */
  submitIdentifier(identifier: string): Promise<boolean> {
    return this.#runner.run({ identifier }, 'create', (signal) => this.core.signIn.create({ identifier }, { signal }));
  }

  /** `attemptFirstFactor({ strategy: 'password', password })` on the tracked sign-in. */
  submitPassword(password: string): Promise<boolean> {
    const signIn = this.#signIn();
    return this.#runner.run({}, 'attempt', (signal) => signIn.attemptFirstFactor({ strategy: 'password', password }, { signal }));
  }

  /** One-step `create({ strategy: 'password', identifier, password })`. */
  signInWithPassword(identifier: string, password: string): Promise<boolean> {
    return this.#runner.run({ identifier }, 'create', (signal) =>
      this.core.signIn.create({ strategy: 'password', identifier, password }, { signal }),
    );
  }

  /** Shows the method chooser (step `choose-factor`) with `state.factors`. */
  chooseAnotherMethod(): void {
    if (!this.#state.factors.length) return;
    this.#actions.cancel();
    this.#update({ choosingFactor: true, activity: 'idle', error: null });
  }

  /** Verifies with `factor` from `state.factors` (or a reset factor); sends its code when the server delivers one. */
  selectFactor(factor: SignInFactor): Promise<boolean> {
    const signIn = this.#signIn();
    return this.#runner.run({ factor, choosingFactor: false, resendAt: null }, null, (signal) =>
      isSentCode(factor.strategy) ? this.#progress.sendCode(signIn, factor, signal) : Promise.resolve(signIn),
    );
  }

  /** "Forgot password?": sends a reset code (email first) and continues at the code step. */
  forgotPassword(): Promise<boolean> {
    const factor = resetFactor(this.#signIn());
    if (factor) return this.selectFactor(factor);
    this.#runner.reportError(new SignInError('reset_password_unavailable', 'Password reset is not available for this account.'), 'submit');
    return Promise.resolve(false);
  }

  /** Attempts the current factor with the code the person typed (first or second factor, by status). */
  submitCode(code: string): Promise<boolean> {
    const signIn = this.#signIn();
    const factor = this.#state.factor;
    if (!factor) return Promise.resolve(false);
    const request = attemptRequest(factor, usesSecondFactors(this.#state.status), normalizeCode(factor.strategy, code));
    return this.#runner.run({}, 'attempt', (signal) =>
      request.second
        ? signIn.attemptSecondFactor(request.params, { signal })
        : signIn.attemptFirstFactor(request.params, { signal }),
    );
  }

  /** Sends the current factor's code again (the previous code stops working). */
  resendCode(): Promise<boolean> {
    const signIn = this.#signIn();
    const factor = this.#state.factor;
    if (!factor || !isSentCode(factor.strategy)) return Promise.resolve(false);
    return this.#runner.run({}, null, (signal) => this.#progress.sendCode(signIn, factor, signal), 'resend');
  }

  /** `resetPassword` at `needs_new_password`; other sessions end unless told otherwise. */
  submitNewPassword(password: string, options: { signOutOfOtherSessions?: boolean } = {}): Promise<boolean> {
    const signIn = this.#signIn();
    const signOutOfOtherSessions = options.signOutOfOtherSessions ?? true;
    return this.#runner.run({}, 'reset_password', (signal) => signIn.resetPassword({ password, signOutOfOtherSessions }, { signal }));
  }

  /** The instance's password rules that `password` breaks (`{}` passes); `null` when the instance sets none. */
  validatePassword(password: string): PasswordComplexityResult | null {
    return passwordComplexity(this.core, password);
  }

  /** `password`'s zxcvbn strength with `show_zxcvbn` (§13), loading its chunk on first use; `null` otherwise. */
  checkPasswordStrength(password: string): Promise<PasswordStrengthFeedback | null> {
    return passwordStrength(this.core, password);
  }

  /** Aborts anything in flight, clears the error and the tracked sign-in (status → null); keeps the identifier. */
  restart(): void {
    this.#actions.cancel();
    this.#update({ activity: 'idle', error: null, retryAt: this.#waits.retryAt(null, this.#state.identifier) });
    this.#progress.track(null);
  }

  /** Ends the client's sessions; dispatches `SignInSignedOutEvent`. */
  async signOut(): Promise<boolean> {
    const { id, signal } = this.#actions.start();
    const sessionId = this.core.session?.id ?? null;
    this.#update({ activity: 'pending', error: null });
    try {
      await this.core.signOut({ signal });
    } catch (error) {
      return this.#runner.fail(error, id, 'submit');
    }
    if (!this.#actions.isLatest(id)) return false;
    this.#update({ activity: 'idle', session: null, user: null, retryAt: null });
    this.#progress.track(null);
    this.#dispatch(new SignInSignedOutEvent(sessionId));
    return true;
  }

  /** The active session's JWT, or `null` when signed out. @throws {SignInError} on request failure. */
  getToken(options?: { skipCache?: boolean; signal?: AbortSignal }): Promise<string | null> {
    return this.core.getToken(options);
  }

  /** Aborts anything in flight and drops every listener; the controller stays silent afterwards. */
  dispose(): void {
    this.#disposed = true;
    this.#actions.cancel();
    this.#load?.abort();
    this.#unsubscribeCore();
    this.#listeners.clear();
  }

  #signIn(): SignIn {
    return this.#state.signIn ?? this.core.signIn;
  }

  #syncCore(): void {
    const session = this.core.session;
    if (session === this.#state.session && this.core.environment === this.#state.environment) return;
    this.#update({ session, user: session ? toUserSummary(session) : null, environment: this.core.environment });
  }

  #update(patch: Patch): void {
    if (this.#disposed) return;
    this.#state = nextState(this.#state, patch);
    for (const listener of [...this.#listeners]) listener(this.#state);
  }

  #dispatch(event: Event): void {
    if (!this.#disposed) this.dispatchEvent(event);
  }
}
