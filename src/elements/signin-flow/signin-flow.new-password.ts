import type { PasswordSettings, PasswordComplexityResult } from '../../core/strategies/password.js';
import { createField, createSubmit, uniqueId } from '../shared/fields.js';

/**
 * The light-DOM form for `needs_new_password`: a `new-password` input with live feedback on the
 * instance's rules, "sign out of other devices", and the identifier as a hidden `username` field so
 * password managers update the right entry. Stamped once; afterwards only attributes change.
 */
export interface NewPasswordForm {
  form: HTMLFormElement;
  username: HTMLInputElement;
  password: HTMLInputElement;
  error: HTMLElement;
  rules: HTMLUListElement;
  signOutOthers: HTMLInputElement;
  submit: HTMLButtonElement;
}

export function stampNewPasswordForm(host: HTMLElement): NewPasswordForm {
  const form = document.createElement('form');
  form.className = 'signin-form signin-new-password-form';
  form.noValidate = true;
  form.hidden = true;
  const username = document.createElement('input');
  Object.assign(username, { type: 'text', name: 'username', autocomplete: 'username', readOnly: true, tabIndex: -1 });
  username.className = 'signin-visually-hidden';
  username.setAttribute('aria-hidden', 'true');
  const field = createField('New password', { name: 'new-password', type: 'password', autocomplete: 'new-password', required: '' });
  const rules = document.createElement('ul');
  rules.className = 'signin-password-rules';
  rules.id = uniqueId('signin-rules');
  field.row.insertBefore(rules, field.error);
  field.input.setAttribute('aria-describedby', rules.id);
  const checkboxLabel = document.createElement('label');
  checkboxLabel.className = 'signin-checkbox';
  const signOutOthers = document.createElement('input');
  Object.assign(signOutOthers, { type: 'checkbox', name: 'sign-out-of-other-sessions', checked: true });
  checkboxLabel.append(signOutOthers, 'Sign out of all other devices');
  const submit = createSubmit('Set new password');
  form.append(username, field.row, checkboxLabel, submit);
  host.append(form);
  return { form, username, password: field.input, error: field.error, rules, signOutOthers, submit };
}

/** The rules the instance enables, in the order people read them. */
function ruleTexts(settings: PasswordSettings): [keyof PasswordComplexityResult, string][] {
  const rules: [keyof PasswordComplexityResult, string][] = [['min_length', `At least ${settings.minLength} characters`]];
  if (settings.requireNumbers) rules.push(['require_numbers', 'A number']);
  if (settings.requireLowercase) rules.push(['require_lowercase', 'A lowercase letter']);
  if (settings.requireUppercase) rules.push(['require_uppercase', 'An uppercase letter']);
  if (settings.requireSpecialChar) rules.push(['require_special_char', 'A special character']);
  rules.push(['max_length', `Fewer than ${settings.maxLength} characters`]);
  return rules;
}

/** Shows each enabled rule, marked as met or not for the current value (`data-met`). */
export function renderPasswordRules(list: HTMLUListElement, settings: PasswordSettings | null, failed: PasswordComplexityResult | null): void {
  if (!settings) {
    list.hidden = true;
    return;
  }
  list.hidden = false;
  const rules = ruleTexts(settings);
  while (list.children.length > rules.length) list.lastElementChild!.remove();
  rules.forEach(([rule, text], index) => {
    const item = (list.children[index] as HTMLLIElement | undefined) ?? list.appendChild(document.createElement('li'));
    const met = failed !== null && !failed[rule];
    item.textContent = met ? `${text} (done)` : text;
    item.dataset.met = String(met);
  });
}
