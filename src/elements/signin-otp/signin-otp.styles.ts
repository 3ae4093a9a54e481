import { css } from 'lit';

export default css`
  :host {
    display: grid;
    gap: 1rem;
  }
  [part='destination'] {
    color: var(--_fg);
    overflow-wrap: anywhere;
  }
  :host(:state(pending)) {
    cursor: progress;
  }
  [part='notice'] {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  [part='actions'] {
    display: grid;
    gap: 0.5rem;
  }
  [part='actions']:empty {
    display: none;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.7;
  }
`;
