import { css } from 'lit';

export default css`
  [part='identity'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    flex-wrap: wrap;
    font-size: 0.9375rem;
  }
  [part='identity'] span {
    overflow-wrap: anywhere;
    font-weight: 500;
  }
  [part='signed-in'] {
    display: grid;
    gap: 0.75rem;
  }
  [part='signed-in'] p {
    margin: 0;
  }
  [part~='back-button'] {
    font-size: 0.875rem;
    padding: 0.25rem 0.5rem;
  }
  [part='links'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: space-between;
  }
  [part='factor-list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  [part~='factor-option'] {
    width: 100%;
    text-align: start;
  }
  :host(:state(pending)) [part='card'] {
    cursor: progress;
  }
`;
