import { css } from 'lit';

/**
 * Design tokens and the card chrome every element shares. Tokens are inherited custom properties,
 * so the same values reach the light-DOM form (see `*.form.ts`) without crossing the shadow root.
 *
 * Buttons come in two kinds so every step looks alike: secondary buttons (outlined, full width,
 * one height) and the quiet back buttons ("Start over", "Use another account"). Sizes match the
 * light-DOM submit button in `form.styles.ts`.
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
    /* Tints derived from the tokens, so a page that sets --signin-accent gets matching hovers. */
    --_accent-tint: color-mix(in srgb, var(--_accent) 9%, transparent);
    --_danger-tint: color-mix(in srgb, var(--_danger) 8%, transparent);
    --_fg-tint: color-mix(in srgb, var(--_fg) 5%, transparent);
    display: block;
    box-sizing: border-box;
    color: var(--_fg);
    font-family: var(--_font);
    line-height: 1.5;
    max-width: var(--signin-width, 24rem);
    -webkit-text-size-adjust: 100%;
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
      --_accent-tint: color-mix(in srgb, var(--_accent) 14%, transparent);
      --_danger-tint: color-mix(in srgb, var(--_danger) 10%, transparent);
      --_fg-tint: color-mix(in srgb, var(--_fg) 6%, transparent);
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [part='card'] {
    /* The progress bar sits on the card's top edge instead of pushing the content down. */
    position: relative;
    overflow: clip;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--signin-padding, 1.5rem);
    display: grid;
    gap: 1.25rem;
  }
  [part='heading'] {
    outline: none; /* focused by script after a step change, for screen readers; not interactive */
    margin: 0;
    font-size: 1.3125rem;
    font-weight: 650;
    line-height: 1.3;
    letter-spacing: -0.011em;
    text-wrap: balance;
  }
  /* Title and the line under it read as one group. */
  [part='heading'] + [part='subtitle'],
  [part='heading'] + [part='description'],
  [part='heading'] + [part='identity'] {
    margin-top: -0.75rem;
  }
  [part='subtitle'],
  [part='description'] {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9375rem;
    text-wrap: pretty;
  }
  [part='error'] {
    margin: 0;
    padding: 0.625rem 0.75rem;
    border-radius: var(--_radius);
    border: 1px solid color-mix(in srgb, var(--_danger) 45%, transparent);
    background: var(--_danger-tint);
    color: var(--_danger);
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums; /* "try again in 28 seconds" counts down without jitter */
  }
  [part='progress'] {
    position: absolute;
    inset: 0 0 auto;
    height: 3px;
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
    font-size: 0.875rem;
    font-weight: 500;
    line-height: 1.25;
    min-height: 2.5rem;
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    cursor: pointer;
    transition: background-color 0.15s, border-color 0.15s;
  }
  @media (prefers-reduced-motion: reduce) {
    button {
      transition: none;
    }
  }
  [part~='secondary-button'] {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    width: 100%;
    background: transparent;
    color: var(--_accent);
    border: 1px solid var(--_border);
  }
  [part~='secondary-button']:hover:not(:disabled) {
    background: var(--_accent-tint);
    border-color: color-mix(in srgb, var(--_accent) 45%, var(--_border));
  }
  [part~='secondary-button']:disabled {
    color: var(--_muted);
    border-style: dashed;
    cursor: not-allowed;
  }
  /* Back buttons are quieter than secondary ones: same size and colour, no outline. */
  [part~='back-button'] {
    border-color: transparent;
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
