import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PasswordStrengthFeedback } from '../../controller/password-policy.js';
import type { SignInController } from '../../controller/sign-in-controller.js';
import { renderPasswordRules, renderPasswordStrength, type NewPasswordForm } from './signin-flow.new-password.js';

type Feedback = PasswordStrengthFeedback | null;
/** One strength check: the password and its (eventual) result. */
type Check = { password: string; result: Promise<Feedback> };

/**
 * The new-password step's live feedback and its checks before sending: the instance's rules
 * (synchronous) and, with `show_zxcvbn`, the zxcvbn strength (§13), checked once typing pauses
 * rather than on every keystroke. A result is shown only while its password is still the latest.
 */
export class NewPasswordFeedback implements ReactiveController {
  readonly #controller: () => SignInController | undefined;
  readonly #form: () => NewPasswordForm | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #latest: Check | null = null;

  constructor(host: ReactiveControllerHost, controller: () => SignInController | undefined, form: () => NewPasswordForm | undefined) {
    this.#controller = controller;
    this.#form = form;
    host.addController(this);
  }

  /** On each input and on entering the step: marks the rules, then schedules the strength check. */
  update(delayMs = 300): void {
    const form = this.#form();
    if (!form) return;
    const password = form.password.value;
    const failed = password ? this.#controller()?.validatePassword(password) ?? null : null;
    renderPasswordRules(form.rules, this.#controller()?.state.environment?.userSettings.passwordSettings ?? null, failed);
    clearTimeout(this.#timer);
    if (failed && !Object.keys(failed).length) this.#timer = setTimeout(() => void this.#settle(password), delayMs);
    else this.#show((this.#latest = { password, result: Promise.resolve(null) }), null);
  }

  /** Why `password` may not be sent: a rule it breaks (synchronously), or `null`. */
  rulesRefusal(password: string): string | null {
    const failed = this.#controller()?.validatePassword(password) ?? null;
    return !password || (failed && Object.keys(failed).length) ? 'Choose a password that meets every rule below.' : null;
  }

  /** Why `password` is too weak, or `null`: also when strength is off or its chunk failed to load. */
  async strengthRefusal(password: string): Promise<string | null> {
    const feedback = await this.#settle(password);
    return feedback?.strength.state === 'fail' ? feedback.messages.join(' ') : null;
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  /** The strength of `password` now (reusing a check already made for it). Never rejects. */
  #settle(password: string): Promise<Feedback> {
    clearTimeout(this.#timer);
    if (this.#latest?.password === password) return this.#latest.result;
    const latest: Check = { password, result: (this.#controller()?.checkPasswordStrength(password) ?? Promise.resolve(null)).catch(() => null) };
    this.#latest = latest;
    void latest.result.then((feedback) => this.#show(latest, feedback));
    return latest.result;
  }

  #show(latest: Check, feedback: Feedback): void {
    const nodes = this.#form()?.strength;
    const enabled = this.#controller()?.state.environment?.userSettings.passwordSettings?.showZxcvbn ?? false;
    if (nodes && this.#latest === latest) renderPasswordStrength(nodes, enabled, feedback);
  }
}
