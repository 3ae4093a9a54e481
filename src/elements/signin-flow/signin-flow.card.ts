import { html, nothing, type TemplateResult } from 'lit';
import type { SignInControllerState } from '../../controller/sign-in-controller.js';
import { resetFactor } from '../../controller/factors.js';
import type { SignInFactor } from '../../core/resources/factor.js';
import type { SignInError } from '../../core/errors.js';
import { renderChooser } from './signin-flow.chooser.js';
import { announcement, summaryError, type LocalError } from './signin-flow.errors.js';
import type { RetryCountdown } from '../shared/retry-countdown.js';
import { HEADINGS } from './signin-flow.steps.js';

/** What the card's buttons do; each keeps its identity across renders. */
export interface FlowCardActions {
  restart(): void;
  signOut(): void;
  pickFactor(factor: SignInFactor): void;
  forgotPassword(): void;
  chooseAnother(): void;
  /** Loads the step's chunk again after it failed. */
  retryStep(): void;
}

/**
 * The step on screen whose chunk is not there yet (`signin-flow.lazy-step.ts`): still loading
 * (`error: null`), or failed twice (`step_unavailable`). `null` once it is there.
 */
export type StepLoad = { error: SignInError | null } | null;

/**
 * `<signin-flow>`'s shadow DOM for the step in `state`: the card with its heading, progress, error
 * summary, the step's own buttons and panels around the slotted light-DOM forms, and the live
 * region. At the code step `<signin-otp>` brings its own heading, errors and live region.
 */
export function renderFlowCard(
  state: SignInControllerState,
  local: LocalError | null,
  wait: Pick<RetryCountdown, 'waiting' | 'secondsLeft'>,
  actions: FlowCardActions,
  stepLoad: StepLoad = null,
): TemplateResult<1> {
  const { step } = state;
  const loading = stepLoad !== null && !stepLoad.error;
  const pending = state.activity === 'pending' || loading;
  const stepError = stepLoad?.error ?? null;
  const summary = stepError ? stepError.longMessage : summaryError(state, local, wait);
  const status = stepLoad ? (stepError?.longMessage ?? 'Loading…') : announcement(state, local, wait);
  const heading = HEADINGS[step];
  const code = step === 'code';
  return html`
    <div part="card" aria-busy=${loading ? 'true' : nothing}>
      ${code ? nothing : html`<h2 part="heading" tabindex="-1">${heading.title}</h2>`}
      ${code ? nothing : renderSubtitle(state, heading.subtitle, actions)}
      ${pending ? html`<div part="progress" aria-hidden="true"></div>` : nothing}
      ${summary ? html`<p part="error" role="alert" data-code=${stepError?.code ?? nothing}>${summary}</p>` : nothing}
      ${step === 'signed-in' ? renderSignedIn(state, actions) : nothing}
      ${step === 'choose-factor' ? renderChooser(state.factors, actions.pickFactor) : nothing}
      ${loading ? html`<div part="step-placeholder"></div>` : nothing}
      <slot></slot>
      ${stepError
        ? html`<button part="retry-button secondary-button" type="button" @click=${actions.retryStep}>Try again</button>`
        : nothing}
      ${step === 'password' ? renderPasswordLinks(state, actions) : nothing}
      ${step === 'unsupported' || step === 'code' || step === 'choose-factor' || step === 'new-password'
        ? html`<button part="back-button secondary-button" type="button" @click=${actions.restart}>Start over</button>`
        : nothing}
      ${code ? nothing : html`<p part="status" class="visually-hidden" role="status">${status}</p>`}
    </div>
  `;
}

function renderSubtitle(state: SignInControllerState, subtitle: string, actions: FlowCardActions) {
  if (state.step === 'password') {
    return html`<div part="identity">
      <span>${state.identifier}</span>
      <button part="back-button secondary-button" type="button" @click=${actions.restart}>Use another account</button>
    </div>`;
  }
  const appName = state.environment?.displayConfig.applicationName;
  const text = state.step === 'identifier' && appName ? `to continue to ${appName}` : subtitle;
  return text ? html`<p part="subtitle">${text}</p>` : nothing;
}

function renderPasswordLinks(state: SignInControllerState, actions: FlowCardActions) {
  const canReset = resetFactor(state.signIn) !== null;
  const others = state.factors.length > 1;
  if (!canReset && !others) return nothing;
  return html`<div part="links">
    ${canReset
      ? html`<button part="forgot-password-button secondary-button" type="button" @click=${actions.forgotPassword}>Forgot password?</button>`
      : nothing}
    ${others
      ? html`<button part="switch-method-button secondary-button" type="button" @click=${actions.chooseAnother}>Use another method</button>`
      : nothing}
  </div>`;
}

function renderSignedIn(state: SignInControllerState, actions: FlowCardActions) {
  const user = state.user;
  const name = [user?.firstName, user?.lastName].filter(Boolean).join(' ');
  const who = name || user?.primaryEmailAddress || user?.username || user?.primaryPhoneNumber || 'your account';
  return html`<div part="signed-in">
    <p>Signed in as <strong>${who}</strong>.</p>
    <button part="sign-out-button secondary-button" type="button" @click=${actions.signOut}>Sign out</button>
  </div>`;
}
