import type { SignInControllerState } from '../../controller/sign-in-controller.js';
import { setBusy } from '../shared/fields.js';
import type { FlowStep } from '../../controller/status.js';
import type { FlowForm } from './signin-flow.form.js';
import type { NewPasswordForm } from './signin-flow.new-password.js';

/** Title and subtitle of each step (the code step's chrome comes from `<signin-otp>`). */
export const HEADINGS: Record<FlowStep, { title: string; subtitle: string }> = {
  loading: { title: 'Sign in', subtitle: 'Loading…' },
  identifier: { title: 'Sign in', subtitle: 'Welcome back. Sign in to continue.' },
  password: { title: 'Enter your password', subtitle: '' },
  code: { title: 'Enter the code', subtitle: '' },
  'choose-factor': { title: 'Use another method', subtitle: 'Choose how to continue.' },
  'new-password': { title: 'Set a new password', subtitle: 'Choose a new password for your account.' },
  'signed-in': { title: "You're signed in", subtitle: '' },
  unsupported: {
    title: "Can't continue here",
    subtitle: 'This account needs a sign-in step this page does not offer. Start over or use another method.',
  },
};

/** Everything the flow keeps in its light DOM, each part built once. */
export interface FlowLightDom {
  main: FlowForm;
  /** Stamped when the new-password step's chunk has loaded (`signin-flow.lazy-step.ts`). */
  newPassword?: NewPasswordForm;
  otp: HTMLElement;
}

const HIDDEN_CLASS = 'signin-visually-hidden';

/**
 * Hides a field from people and assistive technology while leaving it in the form, filled and
 * fillable: password managers read the username during the password step and may fill the password
 * during the identifier step (then the flow signs in in one request).
 */
function setConcealed(row: HTMLElement, input: HTMLInputElement, concealed: boolean): void {
  row.classList.toggle(HIDDEN_CLASS, concealed);
  if (concealed) {
    row.setAttribute('aria-hidden', 'true');
    input.tabIndex = -1;
  } else {
    row.removeAttribute('aria-hidden');
    input.removeAttribute('tabindex');
  }
}

/**
 * Shows the light DOM as the step needs. Only attributes change: the inputs are never replaced, so
 * password managers keep track of them.
 */
export function applyStep(dom: FlowLightDom, state: SignInControllerState, waiting: boolean): void {
  const { step } = state;
  const pending = state.activity === 'pending';
  const { main, newPassword } = dom;
  main.form.hidden = step !== 'loading' && step !== 'identifier' && step !== 'password';
  setBusy(main.form, pending);
  setConcealed(main.identifierRow, main.identifier, step === 'password');
  main.identifier.readOnly = step === 'password';
  setConcealed(main.passwordRow, main.password, step !== 'password');
  main.password.required = step === 'password';
  main.toggle.hidden = step !== 'password';
  main.submit.disabled = pending || waiting || step === 'loading';
  const label = step === 'password' ? 'Sign in' : 'Continue';
  if (main.submit.textContent !== label && !main.pageSupplied) main.submit.textContent = label;

  if (newPassword) {
    newPassword.form.hidden = step !== 'new-password';
    setBusy(newPassword.form, pending);
    newPassword.submit.disabled = pending;
    if (newPassword.username.value !== state.identifier) newPassword.username.value = state.identifier;
  }

  dom.otp.hidden = step !== 'code';
}
