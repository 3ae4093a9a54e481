import { css } from 'lit';

export default css`
  /* The identifier being signed in, with a way back: one line where it fits. */
  [part='identity'] {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0 0.5rem;
    font-size: 0.9375rem;
  }
  [part='identity'] span {
    flex: 1 1 auto;
    min-width: 0;
    overflow-wrap: anywhere;
    font-weight: 500;
  }
  [part='identity'] [part~='back-button'] {
    width: auto;
    min-height: 2rem;
    margin-inline: auto -0.75rem;
    padding-block: 0.25rem;
  }
  [part='signed-in'] {
    display: grid;
    gap: 1rem;
  }
  [part='signed-in'] p {
    margin: 0;
    overflow-wrap: anywhere;
  }
  /*
   * "Forgot password?" and "Use another method": one row of two buttons where both fit on one
   * line each, otherwise stacked at full width, as on the code step.
   */
  [part='links'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  [part='links'] > button {
    flex: 1 1 auto;
    width: auto;
    white-space: nowrap;
  }
  [part='factor-list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  [part~='factor-option'] {
    justify-content: space-between;
    min-height: 3rem;
    padding-inline: 1rem;
    text-align: start;
    color: var(--_fg);
    overflow-wrap: anywhere;
  }
  /* A chevron drawn with borders: generated text would end up in the button's accessible name. */
  [part~='factor-option']::after {
    content: '';
    flex: none;
    width: 0.45rem;
    height: 0.45rem;
    margin-inline-end: 0.125rem;
    border-top: 2px solid var(--_muted);
    border-right: 2px solid var(--_muted);
    transform: rotate(45deg);
  }
  :host(:dir(rtl)) [part~='factor-option']::after {
    transform: rotate(-135deg);
  }
  /* Holds the new-password form's place while its chunk loads, so the card does not jump. */
  [part='step-placeholder'] {
    min-height: 14rem;
  }
  :host(:state(pending)) [part='card'] {
    cursor: progress;
  }
`;
