import { sheetFrom } from './fields.js';

let sheet: CSSStyleSheet | undefined;

/**
 * Light-DOM form styles for every element that owns credential inputs, built on first use and
 * adopted once per root. Everything sits in `@layer signin`, so unlayered page CSS always wins;
 * colours come from the same `--signin-*` tokens as the shadow chrome.
 */
export function formSheet(): CSSStyleSheet {
  sheet ??= sheetFrom(`
@layer signin {
  :where(signin-flow, signin-otp) .signin-form { display: grid; gap: 0.875rem; margin: 0; }
  :where(signin-flow, signin-otp) .signin-field { display: grid; gap: 0.25rem; }
  :where(signin-flow, signin-otp) .signin-form label { display: grid; gap: 0.375rem; font-size: 0.9375rem; font-weight: 500; }
  :where(signin-flow, signin-otp) .signin-form input:not([type='checkbox']) {
    font: inherit; padding: 0.5rem 0.625rem; border-radius: var(--signin-radius, 0.5rem);
    border: 1px solid var(--signin-border, #9ca3af); background: var(--signin-input-background, transparent);
    color: inherit; min-height: 2.5rem; box-sizing: border-box; width: 100%;
  }
  :where(signin-otp) .signin-form input[autocomplete='one-time-code'] {
    font-size: 1.25rem; letter-spacing: 0.25em; text-align: center; font-variant-numeric: tabular-nums;
  }
  :where(signin-flow, signin-otp) .signin-form input:focus-visible { outline: 2px solid var(--signin-accent, #4f46e5); outline-offset: 1px; }
  :where(signin-flow, signin-otp) .signin-form input[aria-invalid='true'] { border-color: var(--signin-danger, #b91c1c); }
  :where(signin-flow, signin-otp) .signin-form .signin-checkbox { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; }
  :where(signin-flow, signin-otp) .signin-field-error { margin: 0; color: var(--signin-danger, #b91c1c); font-size: 0.875rem; }
  :where(signin-flow, signin-otp) .signin-password-rules { margin: 0; padding-left: 1.25rem; font-size: 0.875rem; }
  :where(signin-flow, signin-otp) .signin-password-rules [data-met='true'] { color: var(--signin-muted, #4b5563); text-decoration: line-through; }
  :where(signin-flow, signin-otp) .signin-submit {
    font: inherit; font-weight: 600; padding: 0.625rem 1rem; border: 0; cursor: pointer;
    border-radius: var(--signin-radius, 0.5rem);
    background: var(--signin-accent, #4f46e5); color: var(--signin-accent-foreground, #ffffff);
  }
  :where(signin-flow, signin-otp) .signin-submit:disabled { opacity: 0.6; cursor: progress; }
  :where(signin-flow) .signin-toggle-password {
    justify-self: start; font: inherit; font-size: 0.875rem; background: none; border: 0; padding: 0; margin: 0;
    color: var(--signin-accent, #4f46e5); cursor: pointer; text-decoration: underline;
  }
  :where(signin-flow) .signin-visually-hidden {
    position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; margin: -1px; padding: 0; border: 0;
  }
  /* Last, so it beats every display rule above at the same specificity. */
  :where(signin-flow, signin-otp) [hidden] { display: none; }
  @media (prefers-color-scheme: dark) {
    :where(signin-flow, signin-otp) .signin-submit { background: var(--signin-accent, #818cf8); color: var(--signin-accent-foreground, #0b1020); }
    :where(signin-flow, signin-otp) .signin-field-error { color: var(--signin-danger, #fca5a5); }
    :where(signin-flow) .signin-toggle-password { color: var(--signin-accent, #818cf8); }
  }
}`);
  return sheet;
}
