import type { PasswordSettings, PasswordComplexityResult } from '../../core/strategies/password.js';
import type { PasswordStrengthFeedback } from '../../controller/password-policy.js';
import { adoptSheet, createField, createSubmit, sheetFrom, uniqueId } from '../shared/fields.js';

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
  strength: PasswordStrengthNodes;
  signOutOthers: HTMLInputElement;
  submit: HTMLButtonElement;
}

/** Stamps the form into `host`'s light DOM before `before` (`null`: at the end). */
export function stampNewPasswordForm(host: HTMLElement, before: Node | null): NewPasswordForm {
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
  const strength = createStrengthNodes();
  field.row.insertBefore(strength.box, field.error);
  field.input.setAttribute('aria-describedby', `${rules.id} ${strength.text.id} ${strength.hints.id}`);
  const checkboxLabel = document.createElement('label');
  checkboxLabel.className = 'signin-checkbox';
  const signOutOthers = document.createElement('input');
  Object.assign(signOutOthers, { type: 'checkbox', name: 'sign-out-of-other-sessions', checked: true });
  checkboxLabel.append(signOutOthers, 'Sign out of all other devices');
  const submit = createSubmit('Set new password');
  form.append(username, field.row, checkboxLabel, submit);
  host.insertBefore(form, before);
  adoptSheet(host, strengthSheet());
  return { form, username, password: field.input, error: field.error, rules, strength, signOutOthers, submit };
}

/**
 * The zxcvbn strength feedback (§13): a meter, a polite live line that changes (and so is read
 * out) only when the state changes, and the hints, which are read with the input but not announced.
 */
export interface PasswordStrengthNodes {
  box: HTMLElement;
  meter: HTMLMeterElement;
  text: HTMLElement;
  hints: HTMLUListElement;
}

function createStrengthNodes(): PasswordStrengthNodes {
  const box = document.createElement('div');
  box.className = 'signin-password-strength';
  box.hidden = true;
  const meter = document.createElement('meter');
  Object.assign(meter, { min: 0, max: 4, low: 2, high: 3, optimum: 4, hidden: true });
  meter.setAttribute('aria-label', 'Password strength');
  const text = document.createElement('p');
  text.id = uniqueId('signin-strength');
  text.setAttribute('role', 'status');
  const hints = document.createElement('ul');
  hints.id = uniqueId('signin-strength-hints');
  hints.hidden = true;
  box.append(meter, text, hints);
  return { box, meter, text, hints };
}

const STRENGTH_WORDS = { fail: 'too weak', pass: 'fair', excellent: 'strong' } as const;

/**
 * Shows `feedback` (`null`: nothing to show yet). `enabled`: whether the instance asks for strength
 * at all (`show_zxcvbn`); the box, and with it the live region, stays rendered while it does.
 */
export function renderPasswordStrength(nodes: PasswordStrengthNodes, enabled: boolean, feedback: PasswordStrengthFeedback | null): void {
  nodes.box.hidden = !enabled;
  const state = feedback?.strength.state;
  const text = state ? `Password strength: ${STRENGTH_WORDS[state]}.` : '';
  if (nodes.text.textContent !== text) nodes.text.textContent = text;
  nodes.meter.hidden = !feedback;
  nodes.meter.value = feedback?.strength.result.score ?? 0;
  if (state) nodes.meter.setAttribute('aria-valuetext', STRENGTH_WORDS[state]);
  nodes.hints.replaceChildren(...(feedback?.messages ?? []).map((message) => Object.assign(document.createElement('li'), { textContent: message })));
  nodes.hints.hidden = nodes.hints.childElementCount === 0;
}

let sheet: CSSStyleSheet | undefined;

/** The strength feedback's few rules (layered like the form sheet, so page CSS wins). */
function strengthSheet(): CSSStyleSheet {
  sheet ??= sheetFrom(`@layer signin {
:where(signin-flow) .signin-password-strength > * { margin: 0; font-size: 0.8125rem; }
:where(signin-flow) .signin-password-strength meter { width: 100%; }
}`);
  return sheet;
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
