import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { SignInController, SignInControllerState } from '../../controller/sign-in-controller.js';
import { signInControllerContext } from '../../context/sign-in-context.js';
import { SignInStateController } from '../../context/sign-in-state-controller.js';
import hostStyles from '../shared/host.styles.js';
import { formSheet } from '../shared/form.styles.js';
import { adoptSheet, setBusy, setFieldError } from '../shared/fields.js';
import { warn } from '../shared/dev.js';
import { RetryCountdown, formatWait } from '../shared/retry-countdown.js';
import { errorMessage, newCodeMessage, waitMessage } from '../shared/messages.js';
import { syncHostStates } from '../shared/host-states.js';
import styles from './signin-otp.styles.js';
import { configureCodeInput, connectOtpForm, type OtpForm } from './signin-otp.form.js';
import { isCodeFieldError, isTextMessage, needsNewCode, otpCopy } from './signin-otp.copy.js';
import { listenForSmsCode } from './web-otp.js';

const CODE_LENGTH = 6;

/**
 * The host shows custom states `:state(pending)` (a request is in flight), `:state(error)` (the
 * last request failed) and `:state(waiting)` (submits are blocked until a wait runs out).
 *
 * @summary Asks for a one-time code (email, SMS, authenticator app or backup code) and verifies it.
 * @tag signin-otp
 *
 * @slot - The light-DOM `<form>` with one `autocomplete="one-time-code"` input. Supply your own or
 *   let the element stamp its default form here.
 *
 * @csspart heading - The step title ("Check your email", "Two-step verification", …).
 * @csspart description - Where the code was sent, with the masked destination.
 * @csspart destination - The masked email address or phone number.
 * @csspart error - Errors that belong to no field (delivery failures, rate limits).
 * @csspart notice - Why a text-message code is the weakest method (shown for SMS codes).
 * @csspart actions - The row of secondary actions.
 * @csspart stronger-method-button - "Use your authenticator app instead", beside an SMS code when the account has one.
 * @csspart resend-button - "Send a new code", with its cooldown.
 * @csspart switch-method-button - "Use another method".
 * @csspart secondary-button - Every outlined button.
 * @csspart status - The visually hidden live region.
 *
 * @cssprop --signin-accent - Accent colour: verify button and focus rings.
 * @cssprop --signin-danger - Error colour.
 * @cssprop --signin-muted - Colour of the description.
 */
export class SignInOtpElement extends LitElement {
  static override styles = [hostStyles, styles];

  /** Submit as soon as a whole numeric code is typed, pasted or filled in (not for backup codes). */
  @property({ attribute: 'auto-submit', type: Boolean }) autoSubmit = true;

  /** The sign-in controller, provided by an ancestor `<signin-flow>` (or any provider of the context). */
  @consume({ context: signInControllerContext, subscribe: true })
  @state()
  controller?: SignInController;

  @state() private localError: string | null = null;

  readonly #state = new SignInStateController(this, () => this.controller);
  readonly #resend = new RetryCountdown(this, () => this.#state.state?.resendAt ?? null);
  readonly #wait = new RetryCountdown(this, () => this.#state.state?.retryAt ?? null);
  readonly #internals: ElementInternals = this.attachInternals();
  #form: OtpForm | undefined;
  #factorKey = '';
  #stopWebOtp: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    adoptSheet(this, formSheet());
    if (!this.#form) {
      this.#form = connectOtpForm(this);
      this.#form.form.addEventListener('submit', this.#onSubmit);
      this.#form.input.addEventListener('input', this.#onInput);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopWebOtp?.();
    this.#stopWebOtp = undefined;
    this.#factorKey = '';
  }

  /** Focuses the code input. */
  override focus(options?: FocusOptions): void {
    this.#form?.input.focus(options);
  }

  readonly #onInput = (): void => {
    const form = this.#form;
    const state = this.#state.state;
    if (!form || !state) return;
    this.localError = null;
    if (state.factor?.strategy === 'backup_code') return;
    // Pasted or filled codes often carry spaces or a dash ("123 456"): keep the digits.
    const digits = form.input.value.replace(/\D/g, '');
    if (digits !== form.input.value) form.input.value = digits;
    if (this.autoSubmit && digits.length === CODE_LENGTH && state.activity !== 'pending') form.form.requestSubmit();
  };

  readonly #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const state = this.#state.state;
    const form = this.#form;
    if (!state || !form || state.activity === 'pending' || this.#wait.waiting) return;
    const code = form.input.value.trim();
    if (!code) {
      this.localError = 'Enter the code.';
      return;
    }
    this.localError = null;
    void this.controller?.submitCode(code);
  };

  readonly #onResend = (): void => {
    void this.controller?.resendCode();
  };

  readonly #onSwitch = (): void => {
    this.controller?.chooseAnotherMethod();
  };

  readonly #onStronger = (): void => {
    const totp = this.#state.state?.factors.find((f) => f.strategy === 'totp');
    if (totp) void this.controller?.selectFactor(totp);
  };

  #fieldError(state: SignInControllerState): string | null {
    if (this.localError) return this.localError;
    const error = state.error;
    if (!error || !isCodeFieldError(error.code, error.meta.paramName)) return null;
    return needsNewCode(error.code) && otpCopy(state.factor, state.status).sent ? newCodeMessage(error) : errorMessage(error);
  }

  #summary(state: SignInControllerState): string | null {
    const error = state.error;
    if (!error || this.#fieldError(state)) return null;
    return this.#wait.waiting ? waitMessage(error, this.#wait.secondsLeft) : errorMessage(error);
  }

  protected override render() {
    const state = this.#state.state;
    if (!state) {
      warn('no-provider', '<signin-otp> has no sign-in controller: put it inside <signin-flow>.');
      return html`<slot></slot>`;
    }
    // Between code steps there is nothing to say (and no error of ours to show).
    if (state.step !== 'code') return html`<slot></slot>`;
    const copy = otpCopy(state.factor, state.status);
    const destination = state.factor?.safeIdentifier;
    const summary = this.#summary(state);
    const resendLabel = this.#resend.waiting ? `Send a new code (${formatWait(this.#resend.secondsLeft)})` : 'Send a new code';
    return html`
      <h2 part="heading">${copy.title}</h2>
      <p part="description">
        ${copy.lead}${destination ? html` <strong part="destination">${destination}</strong>.` : nothing}
      </p>
      ${isTextMessage(state.factor) ? this.#renderSmsNotice(state) : nothing}
      ${summary ? html`<p part="error" role="alert">${summary}</p>` : nothing}
      <slot></slot>
      <div part="actions">
        ${isTextMessage(state.factor) && this.#hasAuthenticator(state)
          ? html`<button part="stronger-method-button secondary-button" type="button" @click=${this.#onStronger}>Use your authenticator app instead</button>`
          : nothing}
        ${copy.sent
          ? html`<button part="resend-button secondary-button" type="button" ?disabled=${this.#resend.waiting || state.activity === 'pending'} @click=${this.#onResend}>${resendLabel}</button>`
          : nothing}
        ${state.factors.length > 1
          ? html`<button part="switch-method-button secondary-button" type="button" @click=${this.#onSwitch}>Use another method</button>`
          : nothing}
      </div>
      <p part="status" class="visually-hidden" role="status">${state.activity === 'pending' ? 'Checking…' : (this.#fieldError(state) ?? '')}</p>
    `;
  }

  #hasAuthenticator(state: SignInControllerState): boolean {
    return state.factors.some((f) => f.strategy === 'totp');
  }

  /** OTP-9: SMS is the weakest method; say so briefly and point to a stronger one. */
  #renderSmsNotice(state: SignInControllerState) {
    const next = this.#hasAuthenticator(state)
      ? 'Your authenticator app is safer.'
      : 'Once you are signed in, consider setting up an authenticator app.';
    return html`<p part="notice">Text messages can be intercepted, so an SMS code is the least secure way to verify. ${next}</p>`;
  }

  protected override updated(_changed: PropertyValues): void {
    const state = this.#state.state;
    const form = this.#form;
    const atCode = state?.step === 'code';
    syncHostStates(this.#internals, {
      pending: atCode && state.activity === 'pending',
      error: atCode && state.activity === 'error',
      waiting: atCode && this.#wait.waiting,
    });
    if (!state || !form) return;
    this.#followFactor(state, form);
    const fieldError = this.#fieldError(state);
    setFieldError(form.input, form.error, fieldError);
    form.submit.disabled = state.activity === 'pending' || this.#wait.waiting;
    setBusy(form.form, state.activity === 'pending');
    if (fieldError && state.activity === 'error' && !this.localError) form.input.select();
  }

  /** A new factor (or a new status) starts with an empty input; SMS codes are read with WebOTP where the browser offers it. */
  #followFactor(state: SignInControllerState, form: OtpForm): void {
    const key = `${state.status}|${state.factor?.strategy ?? ''}|${state.factor?.phoneNumberId ?? state.factor?.emailAddressId ?? ''}`;
    if (key === this.#factorKey) return;
    this.#factorKey = key;
    form.input.value = '';
    configureCodeInput(form, state.factor?.strategy === 'backup_code');
    this.#stopWebOtp?.();
    this.#stopWebOtp = undefined;
    const strategy = state.factor?.strategy ?? '';
    if (strategy === 'phone_code' || strategy === 'reset_password_phone_code') {
      this.#stopWebOtp = listenForSmsCode((code) => {
        form.input.value = code;
        form.form.requestSubmit();
      });
    }
  }
}
