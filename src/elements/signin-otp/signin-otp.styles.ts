import { css } from 'lit';

export default css`
  :host {
    display: grid;
    gap: 1rem;
  }
  [part='heading'] {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
  }
  [part='description'] {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  [part='destination'] {
    color: var(--_fg);
    overflow-wrap: anywhere;
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
