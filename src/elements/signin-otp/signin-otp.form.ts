import { createField, createSubmit, errorSlotFor, findByAutocomplete } from '../shared/fields.js';

/** The light-DOM form of `<signin-otp>`: the page's `<form>` or the default stamped once. */
export interface OtpForm {
  form: HTMLFormElement;
  input: HTMLInputElement;
  label: HTMLElement;
  error: HTMLElement;
  submit: HTMLButtonElement;
  pageSupplied: boolean;
}

/** One input for the whole code (never one box per digit): SMS autofill and managers fill it whole. */
const CODE_ATTRIBUTES = {
  name: 'code',
  type: 'text',
  autocomplete: 'one-time-code',
  inputmode: 'numeric',
  autocapitalize: 'none',
  spellcheck: 'false',
  required: '',
};

export function connectOtpForm(host: HTMLElement): OtpForm {
  const existing = host.querySelector(':scope > form');
  if (existing instanceof HTMLFormElement) {
    existing.noValidate = true;
    const input = findByAutocomplete(existing, 'one-time-code') ?? existing.querySelector<HTMLInputElement>('input[name="code"]');
    if (input) {
      const submit =
        existing.querySelector<HTMLButtonElement>('button[type="submit"], button:not([type])') ?? existing.appendChild(createSubmit('Verify'));
      const label = input.closest('label')?.querySelector<HTMLElement>('.signin-label') ?? input.closest('label') ?? input;
      return { form: existing, input, label, error: errorSlotFor(input), submit, pageSupplied: true };
    }
  }
  const form = document.createElement('form');
  form.className = 'signin-form';
  form.noValidate = true;
  const field = createField('Verification code', CODE_ATTRIBUTES);
  const submit = createSubmit('Verify');
  form.append(field.row, submit);
  host.append(form);
  const label = field.label.querySelector<HTMLElement>('.signin-label')!;
  return { form, input: field.input, label, error: field.error, submit, pageSupplied: false };
}


/**
 * Switches the one input between a numeric code (email, SMS, authenticator app) and a backup
 * code (letters and digits, no one-time-code autofill). Attributes only; the node stays.
 */
export function configureCodeInput(form: OtpForm, backupCode: boolean): void {
  const { input } = form;
  input.inputMode = backupCode ? 'text' : 'numeric';
  input.autocomplete = backupCode ? 'off' : 'one-time-code';
  if (backupCode) input.removeAttribute('maxlength');
  else input.maxLength = 10; // a 6-digit code, with room for the spaces or dash of "123 456"
  if (!form.pageSupplied) form.label.textContent = backupCode ? 'Backup code' : 'Verification code';
}
