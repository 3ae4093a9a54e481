import { createField, createSubmit, errorSlotFor, findByAutocomplete } from '../shared/fields.js';

/**
 * The light-DOM form `<signin-flow>` uses for the identifier and password: either the page's own
 * `<form>` (fields found by autocomplete token) or the default one stamped here, once.
 */
export interface FlowForm {
  form: HTMLFormElement;
  identifier: HTMLInputElement;
  identifierError: HTMLElement;
  identifierRow: HTMLElement;
  password: HTMLInputElement;
  passwordError: HTMLElement;
  passwordRow: HTMLElement;
  toggle: HTMLButtonElement;
  submit: HTMLButtonElement;
  /** True when the page supplied the form. */
  pageSupplied: boolean;
}

const IDENTIFIER_ATTRIBUTES = {
  name: 'identifier',
  type: 'text',
  autocomplete: 'username',
  autocapitalize: 'none',
  spellcheck: 'false',
  required: '',
};

const PASSWORD_ATTRIBUTES = {
  name: 'password',
  type: 'password',
  autocomplete: 'current-password',
};

function createToggle(): HTMLButtonElement {
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'signin-toggle-password';
  toggle.textContent = 'Show password';
  toggle.setAttribute('aria-pressed', 'false');
  return toggle;
}


/** Returns the flow's form: the page's child `<form>` if there is one, else a stamped default. */
export function connectFlowForm(host: HTMLElement, identifierLabel: string): FlowForm {
  const existing = host.querySelector(':scope > form');
  return existing instanceof HTMLFormElement ? adoptPageForm(existing) : stampForm(host, identifierLabel);
}

function stampForm(host: HTMLElement, identifierLabel: string): FlowForm {
  const form = document.createElement('form');
  form.className = 'signin-form';
  form.noValidate = true;
  const identifier = createField(identifierLabel, IDENTIFIER_ATTRIBUTES);
  const password = createField('Password', PASSWORD_ATTRIBUTES);
  const toggle = createToggle();
  password.row.insertBefore(toggle, password.error);
  const submit = createSubmit('Continue');
  form.append(identifier.row, password.row, submit);
  host.append(form);
  return {
    form,
    identifier: identifier.input,
    identifierError: identifier.error,
    identifierRow: identifier.row,
    password: password.input,
    passwordError: password.error,
    passwordRow: password.row,
    toggle,
    submit,
    pageSupplied: false,
  };
}

function adoptPageForm(form: HTMLFormElement): FlowForm {
  form.noValidate = true;
  const identifier = findByAutocomplete(form, 'username') ?? appendInput(form, 'Email, username or phone', IDENTIFIER_ATTRIBUTES);
  const password = findByAutocomplete(form, 'current-password') ?? appendInput(form, 'Password', PASSWORD_ATTRIBUTES);
  const toggle = form.querySelector<HTMLButtonElement>('button.signin-toggle-password') ?? createToggle();
  if (!toggle.isConnected) (password.closest('label') ?? password).after(toggle);
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"], button:not([type])') ?? form.appendChild(createSubmit('Continue'));
  return {
    form,
    identifier,
    identifierError: errorSlotFor(identifier),
    identifierRow: rowOf(identifier, form),
    password,
    passwordError: errorSlotFor(password),
    passwordRow: rowOf(password, form),
    toggle,
    submit,
    pageSupplied: true,
  };
}

function appendInput(form: HTMLFormElement, label: string, attributes: Record<string, string>): HTMLInputElement {
  const field = createField(label, attributes);
  form.insertBefore(field.row, form.querySelector('button[type="submit"]'));
  return field.input;
}

/** The element to show or hide for a field: its wrapper inside the form, or the label. */
function rowOf(input: HTMLInputElement, form: HTMLFormElement): HTMLElement {
  let node: HTMLElement = input.closest('label') ?? input;
  while (node.parentElement && node.parentElement !== form) node = node.parentElement;
  return node;
}
