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
