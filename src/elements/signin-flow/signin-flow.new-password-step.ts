import type { ReactiveControllerHost } from 'lit';
import type { SignInController } from '../../controller/sign-in-controller.js';
import { stampNewPasswordForm, type NewPasswordForm } from './signin-flow.new-password.js';
import { NewPasswordFeedback } from './signin-flow.strength.js';

/**
 * The `needs_new_password` step: its light-DOM form, live feedback and submit. Reached only through
 * `import()` (`signin-flow.lazy-step.ts`), so it is its own chunk, outside the initial load.
 */

/** What the step needs from `<signin-flow>`. */
export interface NewPasswordStepHost {
  host: ReactiveControllerHost & HTMLElement;
  controller(): SignInController | undefined;
  /** The node the form is stamped before, so the light DOM keeps its order. */
  before: Node | null;
  /** Shows (or clears, with `null`) the element's own error under the new-password field. */
  setError(message: string | null): void;
}

export interface NewPasswordStep {
  form: NewPasswordForm;
  /** On entering the step: marks the rules for what is already typed. */
  enter(): void;
}

/** Stamps the step's form once and wires it to the controller. */
export function connectNewPasswordStep({ host, controller, before, setError }: NewPasswordStepHost): NewPasswordStep {
  const form = stampNewPasswordForm(host, before);
  const feedback = new NewPasswordFeedback(host, controller, () => form);
  form.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const state = controller()?.state;
    if (!state || state.activity === 'pending') return;
    const password = form.password.value;
    // The rules synchronously; with show_zxcvbn, the strength too (the server decides in the end).
    const refusal = feedback.rulesRefusal(password) ?? (await feedback.strengthRefusal(password));
    if (form.password.value !== password) return;
    setError(refusal);
    if (!refusal) void controller()?.submitNewPassword(password, { signOutOfOtherSessions: form.signOutOthers.checked });
  });
  form.password.addEventListener('input', () => {
    setError(null);
    feedback.update();
  });
  return { form, enter: () => feedback.update() };
}
