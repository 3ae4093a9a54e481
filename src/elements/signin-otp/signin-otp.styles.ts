import { css } from 'lit';

export default css`
  :host {
    display: grid;
    gap: 1.25rem;
  }
  [part='destination'] {
    color: var(--_fg);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  :host(:state(pending)) {
    cursor: progress;
  }
  [part='notice'] {
    margin: 0;
    padding: 0.625rem 0.75rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_fg-tint);
    color: var(--_muted);
    font-size: 0.875rem;
    text-wrap: pretty;
  }
  [part='actions'] {
    display: grid;
    gap: 0.5rem;
  }
  [part='actions']:empty {
    display: none;
  }
  /* The countdown changes every second: one line, digits of one width, so nothing moves. */
  [part~='resend-button'] {
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
`;
