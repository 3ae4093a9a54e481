import { css } from 'lit';

/**
 * Design tokens and the card chrome every element shares. Tokens are inherited custom properties,
 * so the same values reach the light-DOM form (see `*.form.ts`) without crossing the shadow root.
 */
export default css`
  :host {
    --_accent: var(--signin-accent, #4f46e5);
    --_accent-fg: var(--signin-accent-foreground, #ffffff);
    --_bg: var(--signin-background, #ffffff);
    --_fg: var(--signin-foreground, #111827);
    --_muted: var(--signin-muted, #4b5563);
    --_danger: var(--signin-danger, #b91c1c);
    --_border: var(--signin-border, #d1d5db);
    --_radius: var(--signin-radius, 0.5rem);
    --_font: var(--signin-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    display: block;
    box-sizing: border-box;
    color: var(--_fg);
    font-family: var(--_font);
    max-width: var(--signin-width, 24rem);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--signin-accent, #818cf8);
      --_accent-fg: var(--signin-accent-foreground, #0b1020);
      --_bg: var(--signin-background, #111827);
      --_fg: var(--signin-foreground, #f9fafb);
      --_muted: var(--signin-muted, #cbd5e1);
      --_danger: var(--signin-danger, #fca5a5);
      --_border: var(--signin-border, #374151);
    }
  }
  :host([hidden]) {
    display: none;
  }
  [part='card'] {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--signin-padding, 1.5rem);
    display: grid;
    gap: 1rem;
  }
  [part='heading'] {
    outline: none; /* focused by script after a step change, for screen readers; not interactive */
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
  }
  [part='subtitle'],
  [part='description'] {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  [part='error'] {
    margin: 0;
    padding: 0.625rem 0.75rem;
    border-radius: var(--_radius);
    border: 1px solid currentColor;
    color: var(--_danger);
    font-size: 0.9375rem;
  }
  [part='progress'] {
    height: 2px;
    background: linear-gradient(90deg, transparent, var(--_accent), transparent);
    background-size: 200% 100%;
    animation: signin-progress 1s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    [part='progress'] {
      animation: none;
      background: var(--_accent);
    }
  }
  @keyframes signin-progress {
    from { background-position: 100% 0; }
    to { background-position: -100% 0; }
  }
  button {
    font: inherit;
    border-radius: var(--_radius);
    padding: 0.5rem 0.875rem;
    cursor: pointer;
  }
  [part~='secondary-button'] {
    background: transparent;
    color: var(--_accent);
    border: 1px solid var(--_border);
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
