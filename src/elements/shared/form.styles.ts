import { sheetFrom } from './fields.js';

let sheet: CSSStyleSheet | undefined;

/**
 * Light-DOM form styles for every element that owns credential inputs, built on first use and
 * adopted once per root. Everything sits in `@layer signin`, so unlayered page CSS always wins;
 * colours come from the same `--signin-*` tokens as the shadow chrome.
 *
 * Input borders default darker than the card's (3:1 against the background, WCAG 1.4.11).
 * With `:has()`, the password toggle sits inside the end of the password input; without it, the
 * toggle stays under the input.
 */
export function formSheet(): CSSStyleSheet {
  sheet ??= sheetFrom(`
@layer signin {
  :where(signin-flow, signin-otp) .signin-form { display: grid; gap: 1rem; margin: 0; }
  :where(signin-flow, signin-otp) .signin-field { display: grid; gap: 0.375rem; }
  :where(signin-flow, signin-otp) .signin-form label { display: grid; gap: 0.375rem; font-size: 0.875rem; font-weight: 500; line-height: 1.4; }
  :where(signin-flow, signin-otp) .signin-form input:not([type='checkbox']) {
    font: inherit; font-size: 1rem; line-height: 1.5; font-weight: 400; margin: 0;
    padding: 0.5625rem 0.75rem; border-radius: var(--signin-radius, 0.5rem);
    border: 1px solid var(--signin-border, #8a8f98); background: var(--signin-input-background, transparent);
    color: inherit; min-height: 2.75rem; box-sizing: border-box; width: 100%;
  }
  :where(signin-otp) .signin-form input[autocomplete='one-time-code'],
  :where(signin-otp) .signin-form input[name='code'] {
    font-size: 1.375rem; font-weight: 500; letter-spacing: 0.35em; text-indent: 0.35em; text-align: center;
    font-variant-numeric: tabular-nums;
  }
  :where(signin-flow, signin-otp) .signin-form input:focus-visible {
    outline: 2px solid var(--signin-accent, #4f46e5); outline-offset: -1px;
  }
  :where(signin-flow, signin-otp) .signin-form input[aria-invalid='true'] { border-color: var(--signin-danger, #b91c1c); }
  :where(signin-flow, signin-otp) .signin-form input[aria-invalid='true']:focus-visible { outline-color: var(--signin-danger, #b91c1c); }
  :where(signin-flow, signin-otp) .signin-form .signin-checkbox {
    display: flex; gap: 0.5rem; align-items: center; font-weight: 400; font-size: 0.9375rem; cursor: pointer;
  }
  :where(signin-flow, signin-otp) .signin-checkbox input {
    width: 1rem; height: 1rem; margin: 0; flex: none; accent-color: var(--signin-accent, #4f46e5);
  }
  :where(signin-flow, signin-otp) .signin-field-error { margin: 0; color: var(--signin-danger, #b91c1c); font-size: 0.875rem; }
  :where(signin-flow, signin-otp) .signin-password-rules {
    margin: 0; padding: 0; list-style: none; display: grid; gap: 0.125rem;
    font-size: 0.8125rem; font-weight: 400; color: var(--signin-muted, #4b5563);
  }
  :where(signin-flow, signin-otp) .signin-password-rules li { display: flex; gap: 0.5rem; align-items: baseline; }
  /* Drawn shapes, not characters: generated text would be read out with each rule. */
  :where(signin-flow, signin-otp) .signin-password-rules li::before {
    content: ''; flex: none; width: 0.4rem; height: 0.4rem; border-radius: 50%;
    border: 1.5px solid currentColor; transform: translateY(-0.05rem);
  }
  :where(signin-flow, signin-otp) .signin-password-rules [data-met='true'] { color: var(--signin-foreground, #111827); }
  :where(signin-flow, signin-otp) .signin-password-rules [data-met='true']::before {
    width: 0.55rem; height: 0.3rem; border-radius: 0; border-width: 0 0 2px 2px; border-color: var(--signin-accent, #4f46e5);
    transform: translateY(-0.2rem) rotate(-45deg);
  }
  :where(signin-flow, signin-otp) .signin-submit {
    font: inherit; font-size: 0.9375rem; font-weight: 600; line-height: 1.25; margin: 0;
    min-height: 2.75rem; padding: 0.625rem 1rem; border: 0; cursor: pointer;
    border-radius: var(--signin-radius, 0.5rem);
    background: var(--signin-accent, #4f46e5); color: var(--signin-accent-foreground, #ffffff);
  }
  :where(signin-flow, signin-otp) .signin-submit:hover:not(:disabled) {
    background: color-mix(in srgb, var(--signin-accent, #4f46e5) 87%, #000);
  }
  :where(signin-flow, signin-otp) .signin-submit:focus-visible { outline: 2px solid var(--signin-accent, #4f46e5); outline-offset: 2px; }
  :where(signin-flow, signin-otp) .signin-submit:disabled { opacity: 0.6; cursor: not-allowed; }
  :where(signin-flow, signin-otp) .signin-form[aria-busy='true'] .signin-submit:disabled { cursor: progress; }
  :where(signin-flow) .signin-toggle-password {
    justify-self: start; font: inherit; font-size: 0.8125rem; font-weight: 500; line-height: 1.25;
    background: none; border: 0; margin: 0; padding: 0.3125rem 0.5rem;
    border-radius: calc(var(--signin-radius, 0.5rem) - 0.125rem);
    color: var(--signin-accent, #4f46e5); cursor: pointer; white-space: nowrap;
  }
  :where(signin-flow) .signin-toggle-password:hover { background: color-mix(in srgb, var(--signin-accent, #4f46e5) 10%, transparent); }
  :where(signin-flow) .signin-toggle-password:focus-visible { outline: 2px solid var(--signin-accent, #4f46e5); outline-offset: 0; }
  /* The stamped password row: the label's text, then the input with the toggle over its end. */
  :where(signin-flow) .signin-field:has(> .signin-toggle-password) { grid-template-columns: minmax(0, 1fr) auto; }
  :where(signin-flow) .signin-field:has(> .signin-toggle-password) > label { display: contents; }
  :where(signin-flow) .signin-field:has(> .signin-toggle-password) > label > .signin-label { grid-column: 1 / -1; }
  :where(signin-flow) .signin-field:has(> .signin-toggle-password) > label > input { grid-column: 1 / -1; grid-row: 2; padding-inline-end: 8rem; }
  :where(signin-flow) .signin-field:has(> .signin-toggle-password) > .signin-toggle-password {
    grid-column: 2; grid-row: 2; align-self: center; margin-inline-end: 0.375rem;
  }
  :where(signin-flow) .signin-field:has(> .signin-toggle-password) > .signin-field-error { grid-column: 1 / -1; }
  :where(signin-flow) .signin-visually-hidden {
    position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; margin: -1px; padding: 0; border: 0;
  }
  /* Last, so it beats every display rule above at the same specificity. */
  :where(signin-flow, signin-otp) [hidden] { display: none; }
  @media (prefers-color-scheme: dark) {
    :where(signin-flow, signin-otp) .signin-form input:not([type='checkbox']) { border-color: var(--signin-border, #6b7280); }
    :where(signin-flow, signin-otp) .signin-form input:focus-visible { outline-color: var(--signin-accent, #818cf8); }
    :where(signin-flow, signin-otp) .signin-form input[aria-invalid='true'] { border-color: var(--signin-danger, #fca5a5); }
    :where(signin-flow, signin-otp) .signin-form input[aria-invalid='true']:focus-visible { outline-color: var(--signin-danger, #fca5a5); }
    :where(signin-flow, signin-otp) .signin-checkbox input { accent-color: var(--signin-accent, #818cf8); }
    :where(signin-flow, signin-otp) .signin-password-rules { color: var(--signin-muted, #cbd5e1); }
    :where(signin-flow, signin-otp) .signin-password-rules [data-met='true'] { color: var(--signin-foreground, #f9fafb); }
    :where(signin-flow, signin-otp) .signin-password-rules [data-met='true']::before { border-color: var(--signin-accent, #818cf8); }
    :where(signin-flow, signin-otp) .signin-submit { background: var(--signin-accent, #818cf8); color: var(--signin-accent-foreground, #0b1020); }
    :where(signin-flow, signin-otp) .signin-submit:hover:not(:disabled) { background: color-mix(in srgb, var(--signin-accent, #818cf8) 85%, #fff); }
    :where(signin-flow, signin-otp) .signin-submit:focus-visible { outline-color: var(--signin-accent, #818cf8); }
    :where(signin-flow, signin-otp) .signin-field-error { color: var(--signin-danger, #fca5a5); }
    :where(signin-flow) .signin-toggle-password { color: var(--signin-accent, #818cf8); }
    :where(signin-flow) .signin-toggle-password:hover { background: color-mix(in srgb, var(--signin-accent, #818cf8) 14%, transparent); }
    :where(signin-flow) .signin-toggle-password:focus-visible { outline-color: var(--signin-accent, #818cf8); }
  }
}`);
  return sheet;
}
