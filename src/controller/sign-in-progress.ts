import { SignInError } from '../core/errors.js';
import type { SignInFactor } from '../core/resources/factor.js';
import type { SignIn } from '../core/resources/sign-in.js';
import type { ControllerHost } from './controller-host.js';
import type { SignInStatePatch as Patch } from './controller-state.js';
import { SignInCompleteEvent, SignInStatusChangeEvent } from './events.js';
import { defaultFactor, isSentCode, prepareRequest, preparedFactor, usesSecondFactors } from './factors.js';
import { SendFailure } from './request-waits.js';
import { toUserSummary } from './user-summary.js';

/**
 * The tracked sign-in's way through its statuses, for `SignInController`: following it (a new
 * status starts without a factor and dispatches `SignInStatusChangeEvent`), entering a status with
 * its expected factor (sending its code when the server delivers one), and completing it with
 * `setActive` (`SignInCompleteEvent`, once per sign-in). Request errors propagate to the action.
 */
export class SignInProgress {
  readonly #host: ControllerHost;
  readonly #resendCooldownMs: number;
  readonly #completed = new Set<string>();

  constructor(host: ControllerHost, resendCooldownMs: number) {
    this.#host = host;
    this.#resendCooldownMs = resendCooldownMs;
  }

  /** Follows `signIn` (or none) and dispatches a status change when its status differs; a new status starts without a factor. */
  track(signIn: SignIn | null): void {
    const host = this.#host;
    const previous = host.state().status;
    const status = signIn?.status ?? null;
    const reset: Patch = status !== previous ? { factor: null, choosingFactor: false, resendAt: null } : {};
    host.update({ signIn, status, ...reset });
    if (status !== previous) host.dispatch(new SignInStatusChangeEvent(status, previous));
  }

  /**
   * Follows a sign-in that no response of ours announced (a resumed one, or one a failed create
   * made) and picks a factor without sending anything: a code already on its way, else a default
   * that needs no send (the password).
   */
  follow(signIn: SignIn): void {
    this.track(signIn);
    if (this.#host.state().factor) return;
    const fallback = defaultFactor(signIn, signIn.status);
    const factor = preparedFactor(signIn, signIn.status) ?? (fallback && !isSentCode(fallback.strategy) ? fallback : null);
    if (factor) this.#host.update({ factor });
  }

  /**
   * Sends `factor`'s code (prepare first or second factor, by status) and starts the resend
   * cooldown. Failures, and refusals while the server's wait runs, become a `SendFailure`.
   */
  async sendCode(signIn: SignIn, factor: SignInFactor, signal: AbortSignal): Promise<SignIn> {
    const host = this.#host;
    const wait = host.waits.active('prepare', host.state().identifier);
    if (wait) throw new SendFailure(wait.error, wait.until);
    const request = prepareRequest(factor, usesSecondFactors(signIn.status));
    const sending = request.second
      ? signIn.prepareSecondFactor(request.params, { signal })
      : signIn.prepareFirstFactor(request.params, { signal });
    const prepared = await sending.catch((error: unknown) => {
      throw new SendFailure(error, host.waits.record('prepare', error, host.state().identifier)?.until);
    });
    host.update({ resendAt: Date.now() + this.#resendCooldownMs });
    return prepared;
  }

  /** After action `id`'s response: complete, or enter the status with its default factor (sending its code if needed). */
  async advance(signIn: SignIn, id: number, signal: AbortSignal): Promise<boolean> {
    const host = this.#host;
    this.track(signIn);
    if (signIn.status === 'complete') return this.#complete(signIn, id, signal);
    if (host.state().factor === null) {
      const factor = preparedFactor(signIn, signIn.status) ?? defaultFactor(signIn, signIn.status);
      if (factor) {
        // Shown before the send, so a failed delivery leaves the code step with its error and a resend.
        host.update({ factor });
        if (isSentCode(factor.strategy) && !preparedFactor(signIn, signIn.status)) {
          await this.sendCode(signIn, factor, signal);
          if (!host.actions.isLatest(id)) return false;
        }
      }
    }
    host.update({ activity: 'idle', retryAt: host.waits.retryAt(signIn.status, host.state().identifier) });
    return true;
  }

  async #complete(signIn: SignIn, id: number, signal: AbortSignal): Promise<boolean> {
    const host = this.#host;
    const sessionId = signIn.createdSessionId;
    if (!sessionId) throw new SignInError('session_missing', 'The sign-in finished without a session.');
    await host.core.setActive({ session: sessionId }, { signal });
    if (!host.actions.isLatest(id)) return false;
    const session = host.core.session;
    const user = session ? toUserSummary(session) : null;
    host.update({ activity: 'idle', retryAt: null, session, user });
    const key = signIn.id ?? sessionId;
    if (user && !this.#completed.has(key)) {
      this.#completed.add(key);
      host.dispatch(new SignInCompleteEvent(sessionId, user));
    }
    return true;
  }
}
