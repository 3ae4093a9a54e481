import type { SignIn } from '../core/resources/sign-in.js';
import { toSignInError } from '../core/errors.js';
import type { ControllerHost } from './controller-host.js';
import type { SignInStatePatch as Patch } from './controller-state.js';
import { SignInErrorEvent } from './events.js';
import { SendFailure, waitEnd, type Endpoint, type RequestWait } from './request-waits.js';
import type { SignInProgress } from './sign-in-progress.js';

/** How an action's failure is reported: a failed resend delays resending, not submitting. */
export type FailureKind = 'submit' | 'resend';

/**
 * Runs `SignInController`'s actions from start to result. A new action aborts the one in flight,
 * whose result and abort are dropped silently. While the server's wait on an action's endpoint
 * runs (FT-12), the action fails at once with the same error and sends nothing. Failures never
 * reject: they resolve `false`, set `activity: 'error'` with `retryAt` or `resendAt`, and dispatch
 * `SignInErrorEvent`.
 */
export class ActionRunner {
  readonly #host: ControllerHost;
  readonly #progress: SignInProgress;

  constructor(host: ControllerHost, progress: SignInProgress) {
    this.#host = host;
    this.#progress = progress;
  }

  /**
   * Runs one action whose request goes to `endpoint` (`null`: only code sends, which
   * `SignInProgress.sendCode` guards) and advances the sign-in with its response.
   */
  async run(patch: Patch, endpoint: Endpoint | null, send: (signal: AbortSignal) => Promise<SignIn>, kind: FailureKind = 'submit'): Promise<boolean> {
    const host = this.#host;
    const { actions, core, waits } = host;
    const identifier = patch.identifier ?? host.state().identifier;
    const wait = waits.active(endpoint, identifier);
    if (wait) return this.#refuse(patch, wait, kind);
    const { id, signal } = actions.start();
    const before = core.signIn;
    const waiting = host.state().retryAt;
    const retryAt = waiting !== null && waiting > Date.now() ? waiting : null;
    host.update({ ...patch, activity: 'pending', error: null, retryAt });
    try {
      const signIn = await send(signal).catch((error: unknown) => {
        if (endpoint) waits.record(endpoint, error, identifier);
        throw error;
      });
      if (!actions.isLatest(id)) return false;
      return await this.#progress.advance(signIn, id, signal);
    } catch (error) {
      // A failed create may still have made a sign-in (meta.client, OP-7): follow it.
      if (endpoint === 'create' && actions.isLatest(id) && core.signIn !== before && core.signIn.id) this.#progress.follow(core.signIn);
      if (error instanceof SendFailure) return this.fail(error.cause, id, 'resend', error.until);
      return this.fail(error, id, kind);
    }
  }

  /** Reports action `id`'s failure unless a newer action replaced it; an abort only ends `pending`. */
  fail(error: unknown, id: number, kind: FailureKind, until?: number): boolean {
    if (!this.#host.actions.isLatest(id)) return false;
    const signInError = toSignInError(error);
    if (signInError.code === 'request_aborted') this.#host.update({ activity: 'idle' });
    else this.reportError(signInError, kind, until);
    return false;
  }

  /** `until`: when the wait the error imposes ends; by default from its `retryAfter`. */
  reportError(error: unknown, kind: FailureKind, until?: number): void {
    const signInError = toSignInError(error);
    const waitUntil = until ?? waitEnd(signInError);
    const patch: Patch =
      kind === 'resend'
        ? { resendAt: waitUntil ?? null }
        : { retryAt: waitUntil ?? this.#host.state().retryAt };
    this.#host.update({ ...patch, activity: 'error', error: signInError });
    this.#host.dispatch(new SignInErrorEvent(signInError));
  }

  /** An action refused locally while the server's wait runs: the same error, nothing sent. */
  #refuse(patch: Patch, wait: RequestWait, kind: FailureKind): Promise<boolean> {
    this.#host.actions.cancel();
    this.#host.update(patch);
    this.reportError(wait.error, kind, wait.until);
    return Promise.resolve(false);
  }
}
