import {
  createField,
  errorSlotFor,
  findByAutocomplete,
  sheetFrom,
} from '../shared/fields.js';

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

function createSubmit(): HTMLButtonElement {
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.className = 'signin-submit';
  submit.textContent = 'Continue';
  return submit;
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
  const submit = createSubmit();
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
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"], button:not([type])') ?? form.appendChild(createSubmit());
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

let sheet: CSSStyleSheet | undefined;

/** Light-DOM styles, layered so unlayered page CSS always wins. Built on first use. */
export function flowFormSheet(): CSSStyleSheet {
  sheet ??= sheetFrom(`
@layer signin {
  :where(signin-flow) .signin-form { display: grid; gap: 0.875rem; margin: 0; }
  :where(signin-flow) [hidden] { display: none; }
  :where(signin-flow) .signin-field { display: grid; gap: 0.25rem; }
  :where(signin-flow) .signin-field label, :where(signin-flow) .signin-form label { display: grid; gap: 0.375rem; font-size: 0.9375rem; font-weight: 500; }
  :where(signin-flow) .signin-form input {
    font: inherit; padding: 0.5rem 0.625rem; border-radius: var(--signin-radius, 0.5rem);
    border: 1px solid var(--signin-border, #9ca3af); background: var(--signin-input-background, transparent);
    color: inherit; min-height: 2.5rem; box-sizing: border-box; width: 100%;
  }
  :where(signin-flow) .signin-form input:focus-visible { outline: 2px solid var(--signin-accent, #4f46e5); outline-offset: 1px; }
  :where(signin-flow) .signin-form input[aria-invalid='true'] { border-color: var(--signin-danger, #b91c1c); }
  :where(signin-flow) .signin-field-error { margin: 0; color: var(--signin-danger, #b91c1c); font-size: 0.875rem; }
  :where(signin-flow) .signin-submit {
    font: inherit; font-weight: 600; padding: 0.625rem 1rem; border: 0; cursor: pointer;
    border-radius: var(--signin-radius, 0.5rem);
    background: var(--signin-accent, #4f46e5); color: var(--signin-accent-foreground, #ffffff);
  }
  :where(signin-flow) .signin-submit:disabled { opacity: 0.6; cursor: progress; }
  :where(signin-flow) .signin-toggle-password {
    justify-self: start; font: inherit; font-size: 0.875rem; background: none; border: 0; padding: 0; margin: 0;
    color: var(--signin-accent, #4f46e5); cursor: pointer; text-decoration: underline;
  }
  :where(signin-flow) .signin-visually-hidden {
    position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; margin: -1px; padding: 0; border: 0;
  }
  @media (prefers-color-scheme: dark) {
    :where(signin-flow) .signin-submit { background: var(--signin-accent, #818cf8); color: var(--signin-accent-foreground, #0b1020); }
    :where(signin-flow) .signin-field-error { color: var(--signin-danger, #fca5a5); }
    :where(signin-flow) .signin-toggle-password { color: var(--signin-accent, #818cf8); }
  }
}`);
  return sheet;
}
