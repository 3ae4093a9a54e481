/**
 * Light-DOM field helpers shared by every element that owns credential inputs. Inputs are built
 * once with DOM APIs (never innerHTML) and afterwards only their attributes change, because
 * password managers lose track of replaced nodes.
 */

let nextId = 0;
/** A document-unique id for light-DOM ARIA references (which cannot cross shadow roots). */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

export interface FieldParts {
  row: HTMLElement;
  label: HTMLLabelElement;
  input: HTMLInputElement;
  error: HTMLElement;
}

/** Builds `<div><label>Text <input></label><p error></p></div>` with the given input attributes. */
export function createField(labelText: string, attributes: Record<string, string>): FieldParts {
  const row = document.createElement('div');
  row.className = 'signin-field';
  const label = document.createElement('label');
  const text = document.createElement('span');
  text.className = 'signin-label';
  text.textContent = labelText;
  const input = document.createElement('input');
  for (const [name, value] of Object.entries(attributes)) input.setAttribute(name, value);
  label.append(text, input);
  const error = createErrorSlot();
  row.append(label, error);
  return { row, label, input, error };
}

/** The form's real submit button, so Enter submits and password managers offer to save. */
export function createSubmit(label: string): HTMLButtonElement {
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.className = 'signin-submit';
  submit.textContent = label;
  return submit;
}

/** The element that holds one field's error text; empty and hidden until needed. */
export function createErrorSlot(): HTMLElement {
  const error = document.createElement('p');
  error.className = 'signin-field-error';
  error.id = uniqueId('signin-error');
  error.hidden = true;
  return error;
}

/** Shows or clears a field error: text, `aria-invalid` and `aria-describedby` stay in step. */
export function setFieldError(input: HTMLInputElement, error: HTMLElement, message: string | null): void {
  const describedBy = new Set((input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
  if (message) {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    describedBy.add(error.id);
  } else {
    error.textContent = '';
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    describedBy.delete(error.id);
  }
  if (describedBy.size) input.setAttribute('aria-describedby', [...describedBy].join(' '));
  else input.removeAttribute('aria-describedby');
}

/**
 * Marks a form busy while its request is in flight. ARIA reads only `aria-busy="true"` as busy
 * (an empty value means false), so the value is spelled out and removed afterwards.
 */
export function setBusy(form: HTMLElement, busy: boolean): void {
  if (busy) form.setAttribute('aria-busy', 'true');
  else form.removeAttribute('aria-busy');
}

/** Finds an input in `form` whose autocomplete tokens include `token`. */
export function findByAutocomplete(form: HTMLFormElement, token: string): HTMLInputElement | null {
  for (const input of form.querySelectorAll('input')) {
    const tokens = (input.getAttribute('autocomplete') ?? '').toLowerCase().split(/\s+/);
    if (tokens.includes(token)) return input;
  }
  return null;
}

/** The error holder that follows an input's label, created beside it when the page has none. */
export function errorSlotFor(input: HTMLInputElement): HTMLElement {
  const anchor = input.closest('label') ?? input;
  const next = anchor.nextElementSibling;
  if (next instanceof HTMLElement && next.classList.contains('signin-field-error')) return next;
  const error = createErrorSlot();
  anchor.after(error);
  return error;
}

const adopted = new WeakMap<Node, Set<CSSStyleSheet>>();

/**
 * Adopts a light-DOM sheet into the root the element lives in (the document or a shadow root),
 * once per root. Rules sit in `@layer signin`, so any unlayered page CSS wins.
 */
export function adoptSheet(node: Node, sheet: CSSStyleSheet): void {
  const root = node.getRootNode();
  if (!(root instanceof Document || root instanceof ShadowRoot)) return;
  const seen = adopted.get(root) ?? new Set<CSSStyleSheet>();
  if (seen.has(sheet)) return;
  seen.add(sheet);
  adopted.set(root, seen);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** Builds a constructable sheet from CSS text (light-DOM form styles). */
export function sheetFrom(cssText: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  return sheet;
}
