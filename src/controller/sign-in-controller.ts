import { SignInError, isSignInApiError, toSignInError } from '../core/errors.js';
import { FrontendApi } from '../core/frontend-api.js';
import type { SignIn } from '../core/resources/sign-in.js';
import {
  SignInCompleteEvent,
  SignInErrorEvent,
  SignInSignedOutEvent,
  SignInStatusChangeEvent,
} from './events.js';
import { initialState, nextState, type SignInControllerState, type SignInStatePatch as Patch } from './controller-state.js';
import { LatestAction } from './latest-action.js';
import { toUserSummary } from './user-summary.js';

export type { SignInControllerState } from './controller-state.js';

export interface SignInControllerOptions {
  publishableKey?: string | undefined;
  frontendApi?: string | undefined;
  proxyUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
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
 */
export class SignInController extends EventTarget {
  readonly core: FrontendApi;
  readonly #listeners = new Set<(state: SignInControllerState) => void>();
  readonly #actions = new LatestAction();
  readonly #completed = new Set<string>();
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
      if (this.#actions.current === actionAtStart) this.#reportError(error);
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
    if (resumable) this.#track(restored);
  }

  /** `create({ identifier })`; step `password` when a password factor is offered, else `unsupported`. */
  submitIdentifier(identifier: string): Promise<boolean> {
    return this.#act({ identifier }, true, (signal) => this.core.signIn.create({ identifier }, { signal }));
  }

  /** `attemptFirstFactor({ strategy: 'password', password })` on the tracked sign-in. */
  submitPassword(password: string): Promise<boolean> {
    const signIn = this.#state.signIn ?? this.core.signIn;
    return this.#act({}, false, (signal) => signIn.attemptFirstFactor({ strategy: 'password', password }, { signal }));
  }

  /** One-step `create({ strategy: 'password', identifier, password })`. */
  signInWithPassword(identifier: string, password: string): Promise<boolean> {
    return this.#act({ identifier }, true, (signal) =>
      this.core.signIn.create({ strategy: 'password', identifier, password }, { signal }),
    );
  }

  /** Aborts anything in flight, clears the error and the tracked sign-in (status → null); keeps the identifier. */
  restart(): void {
    this.#actions.cancel();
    this.#update({ activity: 'idle', error: null, retryAt: null });
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
      return this.#fail(error, id);
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

  async #act(patch: Patch, creates: boolean, send: (signal: AbortSignal) => Promise<SignIn>): Promise<boolean> {
    const { id, signal } = this.#actions.start();
    const before = this.core.signIn;
    const retryAt = this.#state.retryAt !== null && this.#state.retryAt > Date.now() ? this.#state.retryAt : null;
    this.#update({ ...patch, activity: 'pending', error: null, retryAt });
    try {
      const signIn = await send(signal);
      if (!this.#actions.isLatest(id)) return false;
      this.#track(signIn);
      if (signIn.status === 'complete') return await this.#complete(signIn, id, signal);
      this.#update({ activity: 'idle', retryAt: null });
      return true;
    } catch (error) {
      // A failed create may still have made a sign-in (meta.client, OP-7): follow it.
      if (creates && this.#actions.isLatest(id) && this.core.signIn !== before && this.core.signIn.id) this.#track(this.core.signIn);
      return this.#fail(error, id);
    }
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

  #fail(error: unknown, id: number): boolean {
    if (!this.#actions.isLatest(id) || this.#disposed) return false;
    const signInError = toSignInError(error);
    if (signInError.code === 'request_aborted') this.#update({ activity: 'idle' });
    else this.#reportError(signInError);
    return false;
  }

  #reportError(error: unknown): void {
    const signInError = toSignInError(error);
    const retryAfter = isSignInApiError(signInError) ? signInError.retryAfter : undefined;
    const retryAt = retryAfter !== undefined ? Date.now() + retryAfter * 1000 : this.#state.retryAt;
    this.#update({ activity: 'error', error: signInError, retryAt });
    this.#dispatch(new SignInErrorEvent(signInError));
  }

  /** Follows `signIn` (or none) and dispatches a status change when its status differs. */
  #track(signIn: SignIn | null): void {
    const previous = this.#state.status;
    const status = signIn?.status ?? null;
    this.#update({ signIn, status });
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
