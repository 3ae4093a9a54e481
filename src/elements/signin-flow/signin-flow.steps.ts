import type { SignInControllerState } from '../../controller/sign-in-controller.js';
import type { FlowStep } from '../../controller/status.js';
import type { FlowForm } from './signin-flow.form.js';

/** Title and subtitle of each step. */
export const HEADINGS: Record<FlowStep, { title: string; subtitle: string }> = {
  loading: { title: 'Sign in', subtitle: 'Loading…' },
  identifier: { title: 'Sign in', subtitle: 'Welcome back. Sign in to continue.' },
  password: { title: 'Enter your password', subtitle: '' },
  'signed-in': { title: "You're signed in", subtitle: '' },
  unsupported: {
    title: "Can't continue here",
    subtitle: 'This account needs a sign-in step this page does not offer. Start over or use another method.',
  },
};

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
 * Shows the light-DOM form as the step needs. Only attributes change: the inputs are never
 * replaced, so password managers keep track of them.
 */
export function applyStep(form: FlowForm, state: SignInControllerState, waiting: boolean): void {
  const { step } = state;
  const pending = state.activity === 'pending';
  form.form.hidden = step === 'signed-in' || step === 'unsupported';
  form.form.toggleAttribute('aria-busy', pending);
  setConcealed(form.identifierRow, form.identifier, step === 'password');
  form.identifier.readOnly = step === 'password';
  setConcealed(form.passwordRow, form.password, step !== 'password');
  form.password.required = step === 'password';
  form.toggle.hidden = step !== 'password';
  form.submit.disabled = pending || waiting || step === 'loading';
  const label = step === 'password' ? 'Sign in' : 'Continue';
  if (form.submit.textContent !== label && !form.pageSupplied) form.submit.textContent = label;
}
