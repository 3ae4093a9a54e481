import { LitElement, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { SignInController, type SignInControllerState } from '../../controller/sign-in-controller.js';
import { cloneSignInEvent, type SignInPublicEvent } from '../../controller/events.js';
import type { FlowStep } from '../../controller/status.js';
import { signInControllerContext } from '../../context/sign-in-context.js';
import { SignInStateController } from '../../context/sign-in-state-controller.js';
import hostStyles from '../shared/host.styles.js';
import { adoptSheet, setFieldError } from '../shared/fields.js';
import { warn } from '../shared/dev.js';
import { RetryCountdown } from '../shared/retry-countdown.js';
import { syncHostStates } from '../shared/host-states.js';
import styles from './signin-flow.styles.js';
import { connectFlowForm } from './signin-flow.form.js';
import { formSheet } from '../shared/form.styles.js';
import { applyStep, type FlowLightDom } from './signin-flow.steps.js';
import { renderFlowCard, type FlowCardActions, type StepLoad } from './signin-flow.card.js';
import { fieldError, type LocalError } from './signin-flow.errors.js';
import { importNewPasswordStep, LazyStep, reportStepUnavailable, type NewPasswordStepImporter, type NewPasswordStepModule } from './signin-flow.lazy-step.js';
import type { NewPasswordStep } from './signin-flow.new-password-step.js';

const FORWARDED_EVENTS = ['signin-status-change', 'signin-complete', 'signin-error', 'signin-signed-out'] as const;

/**
 * @summary The whole sign-in: identifier, password and the signed-in state, driven by one controller.
 * @tag signin-flow
 *
 * @slot - The light DOM: the `<form>` holding the identifier and password (supply your own with
 *   `autocomplete="username"` and `autocomplete="current-password"` inputs, or let the element stamp
 *   its default), the new-password form (stamped once its chunk has loaded), and the `<signin-otp>`
 *   for code steps (stamped when absent).
 *
 * @csspart card - The box around the whole flow.
 * @csspart heading - The step title.
 * @csspart subtitle - The line under the title (application name, identifier, progress).
 * @csspart identity - The row showing the identifier during the password step.
 * @csspart back-button - "Use another account" / "Start over", back to the identifier step.
 * @csspart forgot-password-button - "Forgot password?" during the password step.
 * @csspart switch-method-button - "Use another method" during the password step.
 * @csspart factor-list - The list of methods in the method chooser.
 * @csspart factor-option - One method in the chooser (`data-strategy` names it).
 * @csspart links - The row with "Forgot password?" and "Use another method".
 * @csspart error - The error summary for errors that belong to no single field (`data-code="step_unavailable"` when a step's code failed to load).
 * @csspart retry-button - "Try again" after a step's code failed to load.
 * @csspart step-placeholder - Holds the new-password form's place while its code loads.
 * @csspart progress - The bar shown while a request is in flight.
 * @csspart signed-in - The signed-in panel.
 * @csspart sign-out-button - The sign-out button in the signed-in panel.
 * @csspart secondary-button - Every secondary (outlined) button.
 * @csspart status - The visually hidden live region that announces progress and errors.
 *
 * @cssprop --signin-accent - Accent colour: primary button, focus rings, links.
 * @cssprop --signin-accent-foreground - Text on the accent colour.
 * @cssprop --signin-background - Card background.
 * @cssprop --signin-foreground - Text colour.
 * @cssprop --signin-muted - Secondary text colour.
 * @cssprop --signin-danger - Error colour.
 * @cssprop --signin-border - Border colour of the card and inputs.
 * @cssprop --signin-radius - Corner radius of the card, inputs and buttons.
 * @cssprop --signin-font - Font family.
 * @cssprop --signin-padding - Padding inside the card.
 * @cssprop --signin-width - Maximum width of the element.
 * @cssprop --signin-input-background - Background of the inputs.
 *
 * @fires {SignInStatusChangeEvent} signin-status-change - The sign-in's status changed (`status`, `previousStatus`).
 * @fires {SignInCompleteEvent} signin-complete - The created session is active (`sessionId`, `user`).
 * @fires {SignInErrorEvent} signin-error - A request failed, or a step's code could not be loaded (`step_unavailable`) (`error.code`, `error.longMessage`).
 * @fires {SignInSignedOutEvent} signin-signed-out - The session ended after sign-out (`sessionId`).
 */
export class SignInFlowElement extends LitElement {
  static override styles = [hostStyles, styles];

  /** Frontend API host or URL, e.g. `clerk.example.com` or `http://localhost:8787`. */
  @property({ attribute: 'frontend-api' }) frontendApi?: string;

  /** Clerk publishable key (`pk_test_…` / `pk_live_…`); the Frontend API host is decoded from it. */
  @property({ attribute: 'publishable-key' }) publishableKey?: string;

  /** Proxy URL for the Frontend API: absolute, or a path on this origin such as `/__clerk`. */
  @property({ attribute: 'proxy-url' }) proxyUrl?: string;

  /** Label of the identifier input in the default form. */
  @property({ attribute: 'identifier-label' }) identifierLabel = 'Email, username or phone';

  /** The step on screen, reflected for styling: `loading`, `identifier`, `password`, `code`, `choose-factor`, `new-password`, `signed-in`, `unsupported`. */
  @property({ reflect: true }) step: FlowStep = 'loading';

  /** @internal For tests: imports the new-password step's chunk (set before the step is reached). */
  newPasswordStepImporter: NewPasswordStepImporter = importNewPasswordStep;

  @state() private localError: LocalError | null = null;

  #controller: SignInController | undefined;
  #provider: ContextProvider<typeof signInControllerContext> | undefined;
  readonly #state = new SignInStateController(this, () => this.#controller);
  readonly #countdown = new RetryCountdown(this, () => this.#state.state?.retryAt ?? null);
  readonly #internals: ElementInternals = this.attachInternals();
  /** The new-password step's chunk (a rarely used step: it stays out of the initial load). */
  readonly #newPasswordChunk = new LazyStep(this, () => this.newPasswordStepImporter, (module) => this.#connectNewPassword(module));
  #newPassword: NewPasswordStep | undefined;
  /** The step came before its form: focus its input once the form is there. */
  #focusWhenReady = false;
  #dom: FlowLightDom | undefined;
  /** What the buttons in the shadow DOM do. */
  readonly #cardActions: FlowCardActions = {
    restart: () => {
      this.localError = null;
      this.#controller?.restart();
    },
    signOut: () => void this.#controller?.signOut(),
    pickFactor: (factor) => void this.#controller?.selectFactor(factor),
    forgotPassword: () => void this.#controller?.forgotPassword(),
    chooseAnother: () => this.#controller?.chooseAnotherMethod(),
    retryStep: () => this.#loadNewPassword(),
  };

  /**
   * The sign-in controller. Set it before the element connects to share one controller or to
   * inject `fetch`; otherwise the element builds one from its attributes on first connect.
   */
  get controller(): SignInController | undefined {
    return this.#controller;
  }
  set controller(value: SignInController | undefined) {
    if (this.#provider) {
      warn('controller-replaced', '<signin-flow>.controller was replaced after connect; the first controller stays.');
      return;
    }
    this.#controller = value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const controller = (this.#controller ??= new SignInController({
      frontendApi: this.frontendApi,
      publishableKey: this.publishableKey,
      proxyUrl: this.proxyUrl,
    }));
    this.#provider ??= new ContextProvider(this, { context: signInControllerContext, initialValue: controller });
    for (const name of FORWARDED_EVENTS) controller.addEventListener(name, this.#forward);
    adoptSheet(this, formSheet());
    this.#dom ??= this.#buildLightDom();
    if (!controller.state.loaded && controller.state.activity !== 'pending') void controller.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const name of FORWARDED_EVENTS) this.#controller?.removeEventListener(name, this.#forward);
  }

  #buildLightDom(): FlowLightDom {
    const main = connectFlowForm(this, this.identifierLabel);
    main.form.addEventListener('submit', this.#onSubmit);
    main.form.addEventListener('input', this.#onInput);
    main.toggle.addEventListener('click', this.#onTogglePassword);
    const otp = this.querySelector<HTMLElement>(':scope > signin-otp') ?? this.appendChild(document.createElement('signin-otp'));
    return { main, otp };
  }

  /** Loads the new-password step; a second failure is reported as `step_unavailable` while it is on screen. */
  #loadNewPassword(): void {
    const chunk = this.#newPasswordChunk;
    void chunk.load().then(() => {
      if (chunk.error && this.step === 'new-password') reportStepUnavailable(this, chunk.error);
    });
  }

  #connectNewPassword({ connectNewPasswordStep }: NewPasswordStepModule): void {
    this.#newPassword = connectNewPasswordStep({
      host: this,
      controller: () => this.#controller,
      before: this.#dom!.otp,
      setError: (message) => {
        if (message) this.localError = { field: 'new-password', message };
        else if (this.localError?.field === 'new-password') this.localError = null;
      },
    });
    this.#dom!.newPassword = this.#newPassword.form;
  }

  /** The controller dispatches on itself; page code listens on this element, so send a copy. */
  readonly #forward = (event: Event): void => {
    this.dispatchEvent(cloneSignInEvent(event as SignInPublicEvent));
  };

  readonly #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const state = this.#state.state;
    const form = this.#dom?.main;
    if (!state || !form || state.activity === 'pending' || this.#countdown.waiting) return;
    if (state.step === 'identifier') {
      const identifier = form.identifier.value.trim();
      if (!identifier) {
        this.localError = { field: 'identifier', message: 'Enter your email address, username or phone number.' };
        return;
      }
      this.localError = null;
      // A password manager may have filled the password too: sign in in one step.
      const password = form.password.value;
      void (password
        ? this.#controller?.signInWithPassword(identifier, password)
        : this.#controller?.submitIdentifier(identifier));
    } else if (state.step === 'password') {
      if (!form.password.value) {
        this.localError = { field: 'password', message: 'Enter your password.' };
        return;
      }
      this.localError = null;
      void this.#controller?.submitPassword(form.password.value);
    }
  };

  readonly #onInput = (event: Event): void => {
    if (this.localError && event.target === this.#inputFor(this.localError.field)) this.localError = null;
  };

  readonly #onTogglePassword = (): void => {
    const form = this.#dom?.main;
    if (!form) return;
    const show = form.password.type === 'password';
    form.password.type = show ? 'text' : 'password';
    form.toggle.setAttribute('aria-pressed', String(show));
    form.toggle.textContent = show ? 'Hide password' : 'Show password';
  };

  #inputFor(field: LocalError['field']): HTMLInputElement | undefined {
    if (field === 'new-password') return this.#dom?.newPassword?.password;
    return field === 'identifier' ? this.#dom?.main.identifier : this.#dom?.main.password;
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const state = this.#state.state;
    if (!state) return;
    const entered = state.step !== this.step;
    this.step = state.step;
    // At the step, or ahead of it once a reset code is on its way, so that nobody waits for it.
    const status = this.#newPasswordChunk.status;
    const ahead = state.factor?.strategy.startsWith('reset_password_') === true;
    if (status === 'idle' ? state.step === 'new-password' || ahead : status === 'failed' && entered && state.step === 'new-password') {
      this.#loadNewPassword();
    }
  }

  /** The step on screen whose chunk is still loading or failed, else `null`. */
  #stepLoad(step: FlowStep): StepLoad {
    const chunk = this.#newPasswordChunk;
    return step === 'new-password' && chunk.status !== 'ready' ? { error: chunk.error } : null;
  }

  /** Also waits for the chunk of the step on screen: then the step is there (or has failed). */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.#newPasswordChunk.status === 'loading' && this.step === 'new-password') {
      await this.#newPasswordChunk.load();
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  protected override render() {
    const state = this.#state.state;
    return state ? renderFlowCard(state, this.localError, this.#countdown, this.#cardActions, this.#stepLoad(state.step)) : html`<slot></slot>`;
  }

  protected override updated(changed: PropertyValues): void {
    const state = this.#state.state;
    const dom = this.#dom;
    if (!state || !dom) return;
    const previousStep = changed.get('step') as FlowStep | undefined;
    this.#syncStates(state);
    applyStep(dom, state, this.#countdown.waiting);
    const placed = fieldError(state, this.localError, this.#countdown);
    const messageFor = (field: LocalError['field']) => (placed?.field === field ? placed.message : null);
    setFieldError(dom.main.identifier, dom.main.identifierError, messageFor('identifier'));
    setFieldError(dom.main.password, dom.main.passwordError, messageFor('password'));
    if (dom.newPassword) setFieldError(dom.newPassword.password, dom.newPassword.error, messageFor('new-password'));
    if (previousStep !== undefined && previousStep !== state.step) this.#moveFocus(state.step, previousStep);
    else if (this.#focusWhenReady && dom.newPassword && state.step === 'new-password') this.#focusNewPassword(false);
    else if (placed && changed.has('localError') === false && state.activity === 'error') this.#inputFor(placed.field)?.focus();
  }

  #syncStates(state: SignInControllerState): void {
    const stepLoad = this.#stepLoad(state.step);
    syncHostStates(this.#internals, {
      pending: state.activity === 'pending' || (stepLoad !== null && !stepLoad.error),
      error: state.activity === 'error' || !!stepLoad?.error,
      waiting: this.#countdown.waiting,
    });
    if (state.status) this.setAttribute('status', state.status);
    else this.removeAttribute('status');
  }

  #moveFocus(step: FlowStep, previous: FlowStep): void {
    const dom = this.#dom;
    if (!dom) return;
    const heading = () => this.renderRoot.querySelector<HTMLElement>('[part="heading"]');
    this.#focusWhenReady = false;
    switch (step) {
      case 'identifier':
        // Back from a later step: the person wants to change the identifier. A password left in the
        // concealed field would otherwise go out with the next identifier as a one-step sign-in.
        if (previous !== 'loading') {
          dom.main.password.value = '';
          dom.main.identifier.focus();
        }
        break;
      case 'password':
        dom.main.password.focus();
        break;
      case 'code':
        dom.otp.focus();
        break;
      case 'choose-factor':
        this.renderRoot.querySelector<HTMLElement>('[part~="factor-option"]')?.focus();
        break;
      case 'new-password':
        if (dom.newPassword) this.#focusNewPassword(true);
        else {
          // Its chunk is still loading: the heading until the form is there (not on first load).
          this.#focusWhenReady = true;
          if (previous !== 'loading') heading()?.focus();
        }
        break;
      default:
        if (step === 'signed-in') {
          dom.main.password.value = '';
          if (dom.newPassword) dom.newPassword.password.value = '';
        }
        if (previous !== 'loading') heading()?.focus();
    }
  }

  /** Enters the new-password step. `always`: on arrival; otherwise only if focus is still on the card. */
  #focusNewPassword(always: boolean): void {
    this.#focusWhenReady = false;
    this.#newPassword?.enter();
    const active = document.activeElement;
    if (always || active === this || active === document.body || active === null) this.#dom?.newPassword?.password.focus();
  }
}
