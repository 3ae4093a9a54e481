import { SignInError, toSignInError } from '../core/errors.js';
import { FrontendApi } from '../core/frontend-api.js';
import type { SignInFactor } from '../core/resources/factor.js';
import type { SignIn } from '../core/resources/sign-in.js';
import type { PasswordComplexityResult } from '../core/strategies/password.js';
import {
  SignInCompleteEvent,
  SignInErrorEvent,
  SignInSignedOutEvent,
  SignInStatusChangeEvent,
} from './events.js';
import { initialState, nextState, type SignInControllerState, type SignInStatePatch as Patch } from './controller-state.js';
import {
  attemptRequest,
  defaultFactor,
  isSentCode,
  normalizeCode,
  prepareRequest,
  preparedFactor,
  resetFactor,
  usesSecondFactors,
} from './factors.js';
import { LatestAction } from './latest-action.js';
import { passwordComplexity, passwordStrength, type PasswordStrengthFeedback } from './password-policy.js';
import { RequestWaits, SendFailure, submitEndpoint, waitEnd, type Endpoint, type RequestWait } from './request-waits.js';
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

/** How an action's failure is reported: a failed resend delays resending, not submitting. */
type FailureKind = 'submit' | 'resend';

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
  readonly #completed = new Set<string>();
  readonly #unsubscribeCore: () => void;
  readonly #resendCooldownMs: number;
  readonly #waits = new RequestWaits();
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
    this.#resendCooldownMs = options.resendCooldownMs ?? 30_000;
    this.#state = initialState(core.session, core.environment);
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
      if (this.#actions.current === actionAtStart) this.#reportError(error, 'submit');
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
    if (!resumable) return;
    this.#track(restored);
    this.#adoptFactor(restored);
  }

  /** `create({ identifier })`, then the default factor (a password step, or a code sent at once). */
  submitIdentifier(identifier: string): Promise<boolean> {
    return this.#act({ identifier }, 'create', (signal) => this.core.signIn.create({ identifier }, { signal }));
  }

  /** `attemptFirstFactor({ strategy: 'password', password })` on the tracked sign-in. */
  submitPassword(password: string): Promise<boolean> {
    const signIn = this.#signIn();
    return this.#act({}, 'attempt', (signal) => signIn.attemptFirstFactor({ strategy: 'password', password }, { signal }));
  }

  /** One-step `create({ strategy: 'password', identifier, password })`. */
  signInWithPassword(identifier: string, password: string): Promise<boolean> {
    return this.#act({ identifier }, 'create', (signal) =>
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
    return this.#act({ factor, choosingFactor: false, resendAt: null }, null, (signal) =>
      isSentCode(factor.strategy) ? this.#prepare(signIn, factor, signal) : Promise.resolve(signIn),
    );
  }

  /** "Forgot password?": sends a reset code (email first) and continues at the code step. */
  forgotPassword(): Promise<boolean> {
    const factor = resetFactor(this.#signIn());
    if (factor) return this.selectFactor(factor);
    this.#reportError(new SignInError('reset_password_unavailable', 'Password reset is not available for this account.'), 'submit');
    return Promise.resolve(false);
  }

  /** Attempts the current factor with the code the person typed (first or second factor, by status). */
  submitCode(code: string): Promise<boolean> {
    const signIn = this.#signIn();
    const factor = this.#state.factor;
    if (!factor) return Promise.resolve(false);
    const request = attemptRequest(factor, usesSecondFactors(this.#state.status), normalizeCode(factor.strategy, code));
    return this.#act({}, 'attempt', (signal) =>
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
    return this.#act({}, null, (signal) => this.#prepare(signIn, factor, signal), 'resend');
  }

  /** `resetPassword` at `needs_new_password`; other sessions end unless told otherwise. */
  submitNewPassword(password: string, options: { signOutOfOtherSessions?: boolean } = {}): Promise<boolean> {
    const signIn = this.#signIn();
    const signOutOfOtherSessions = options.signOutOfOtherSessions ?? true;
    return this.#act({}, 'reset_password', (signal) => signIn.resetPassword({ password, signOutOfOtherSessions }, { signal }));
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
    this.#update({ activity: 'idle', error: null, retryAt: this.#submitWait(null) });
    this.#track(null);
  }

  /** Ends the client's sessions; dispatches `SignInSignedOutEvent`. */
  async signOut(): Promise<boolean> {
    const { id, signal } = this.#actions.start();
    const sessionId = this.core.session?.id ?? null;
    this.#update({ activity: 'pending', error: null });
    try {
      await this.core.signOut({ signal });
    } catch (error) {
      return this.#fail(error, id, 'submit');
    }
    if (!this.#actions.isLatest(id)) return false;
    this.#update({ activity: 'idle', session: null, user: null, retryAt: null });
    this.#track(null);
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

  /**
   * Sends `factor`'s code (prepare first or second factor, by status) and starts the resend
   * cooldown. Failures, and refusals while the server's wait runs, become a `SendFailure`.
   */
  async #prepare(signIn: SignIn, factor: SignInFactor, signal: AbortSignal): Promise<SignIn> {
    const wait = this.#waits.active('prepare', this.#state.identifier);
    if (wait) throw new SendFailure(wait.error, wait.until);
    const request = prepareRequest(factor, usesSecondFactors(signIn.status));
    const sending = request.second
      ? signIn.prepareSecondFactor(request.params, { signal })
      : signIn.prepareFirstFactor(request.params, { signal });
    const prepared = await sending.catch((error: unknown) => {
      throw new SendFailure(error, this.#waits.record('prepare', error, this.#state.identifier)?.until);
    });
    this.#update({ resendAt: Date.now() + this.#resendCooldownMs });
    return prepared;
  }

  /**
   * Runs one action whose request goes to `endpoint` (`null`: only code sends, which `#prepare`
   * guards). While the server's wait for that endpoint runs, fails at once without a request.
   */
  async #act(patch: Patch, endpoint: Endpoint | null, send: (signal: AbortSignal) => Promise<SignIn>, kind: FailureKind = 'submit'): Promise<boolean> {
    const identifier = patch.identifier ?? this.#state.identifier;
    const wait = this.#waits.active(endpoint, identifier);
    if (wait) return this.#refuse(patch, wait, kind);
    const { id, signal } = this.#actions.start();
    const before = this.core.signIn;
    const retryAt = this.#state.retryAt !== null && this.#state.retryAt > Date.now() ? this.#state.retryAt : null;
    this.#update({ ...patch, activity: 'pending', error: null, retryAt });
    try {
      const signIn = await send(signal).catch((error: unknown) => {
        if (endpoint) this.#waits.record(endpoint, error, identifier);
        throw error;
      });
      if (!this.#actions.isLatest(id)) return false;
      return await this.#advance(signIn, id, signal);
    } catch (error) {
      // A failed create may still have made a sign-in (meta.client, OP-7): follow it.
      if (endpoint === 'create' && this.#actions.isLatest(id) && this.core.signIn !== before && this.core.signIn.id) {
        this.#track(this.core.signIn);
        this.#adoptFactor(this.core.signIn);
      }
      if (error instanceof SendFailure) return this.#fail(error.cause, id, 'resend', error.until);
      return this.#fail(error, id, kind);
    }
  }

  /** An action refused locally while the server's wait runs: the same error, nothing sent. */
  #refuse(patch: Patch, wait: RequestWait, kind: FailureKind): Promise<boolean> {
    this.#actions.cancel();
    this.#update(patch);
    this.#reportError(wait.error, kind, wait.until);
    return Promise.resolve(false);
  }

  /** When `status`'s submit endpoint accepts requests again, while its wait runs. */
  #submitWait(status: SignInControllerState['status']): number | null {
    return this.#waits.active(submitEndpoint(status), this.#state.identifier)?.until ?? null;
  }

  /**
   * Picks a factor without sending anything: a code already on its way, else a default that needs
   * no send (the password). Used when resuming a sign-in and after a failed one-step create.
   */
  #adoptFactor(signIn: SignIn): void {
    if (this.#state.factor) return;
    const fallback = defaultFactor(signIn, signIn.status);
    const factor = preparedFactor(signIn, signIn.status) ?? (fallback && !isSentCode(fallback.strategy) ? fallback : null);
    if (factor) this.#update({ factor });
  }

  /** After a response: complete, or enter the status with its default factor (sending its code if needed). */
  async #advance(signIn: SignIn, id: number, signal: AbortSignal): Promise<boolean> {
    this.#track(signIn);
    if (signIn.status === 'complete') return this.#complete(signIn, id, signal);
    if (this.#state.factor === null) {
      const factor = preparedFactor(signIn, signIn.status) ?? defaultFactor(signIn, signIn.status);
      if (factor) {
        // Shown before the send, so a failed delivery leaves the code step with its error and a resend.
        this.#update({ factor });
        if (isSentCode(factor.strategy) && !preparedFactor(signIn, signIn.status)) {
          await this.#prepare(signIn, factor, signal);
          if (!this.#actions.isLatest(id)) return false;
        }
      }
    }
    this.#update({ activity: 'idle', retryAt: this.#submitWait(signIn.status) });
    return true;
  }

  async #complete(signIn: SignIn, id: number, signal: AbortSignal): Promise<boolean> {
    const sessionId = signIn.createdSessionId;
    if (!sessionId) throw new SignInError('session_missing', 'The sign-in finished without a session.');
    await this.core.setActive({ session: sessionId }, { signal });
    if (!this.#actions.isLatest(id)) return false;
    const session = this.core.session;
    const user = session ? toUserSummary(session) : null;
    this.#update({ activity: 'idle', retryAt: null, session, user });
    const key = signIn.id ?? sessionId;
    if (user && !this.#completed.has(key)) {
      this.#completed.add(key);
      this.#dispatch(new SignInCompleteEvent(sessionId, user));
    }
    return true;
  }

  #fail(error: unknown, id: number, kind: FailureKind, until?: number): boolean {
    if (!this.#actions.isLatest(id) || this.#disposed) return false;
    const signInError = toSignInError(error);
    if (signInError.code === 'request_aborted') this.#update({ activity: 'idle' });
    else this.#reportError(signInError, kind, until);
    return false;
  }

  /** `until`: when the wait the error imposes ends; by default from its `retryAfter`. */
  #reportError(error: unknown, kind: FailureKind, until?: number): void {
    const signInError = toSignInError(error);
    const waitUntil = until ?? waitEnd(signInError);
    const patch: Patch =
      kind === 'resend'
        ? { resendAt: waitUntil ?? null }
        : { retryAt: waitUntil ?? this.#state.retryAt };
    this.#update({ ...patch, activity: 'error', error: signInError });
    this.#dispatch(new SignInErrorEvent(signInError));
  }

  /** Follows `signIn` (or none) and dispatches a status change when its status differs; a new status starts without a factor. */
  #track(signIn: SignIn | null): void {
    const previous = this.#state.status;
    const status = signIn?.status ?? null;
    const reset: Patch = status !== previous ? { factor: null, choosingFactor: false, resendAt: null } : {};
    this.#update({ signIn, status, ...reset });
    if (status !== previous) this.#dispatch(new SignInStatusChangeEvent(status, previous));
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
