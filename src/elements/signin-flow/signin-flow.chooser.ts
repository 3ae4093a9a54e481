import { html, type TemplateResult } from 'lit';
import type { SignInFactor } from '../../core/resources/factor.js';

/** The label of a method in the chooser, with the masked destination where there is one. */
export function factorLabel(factor: SignInFactor): string {
  const to = factor.safeIdentifier ? ` ${factor.safeIdentifier}` : '';
  switch (factor.strategy) {
    case 'password':
      return 'Use your password';
    case 'email_code':
      return `Email a code to${to}`;
    case 'phone_code':
      return factor.channel === 'whatsapp' ? `Send a code by WhatsApp to${to}` : `Text a code to${to}`;
    case 'totp':
      return 'Use your authenticator app';
    case 'backup_code':
      return 'Use a backup code';
    default:
      return factor.strategy;
  }
}

/** The method list: one button per factor the sign-in offers at this status. */
export function renderChooser(factors: readonly SignInFactor[], onPick: (factor: SignInFactor) => void): TemplateResult {
  return html`<ul part="factor-list" aria-label="Ways to continue">
    ${factors.map(
      (factor) => html`<li>
        <button part="factor-option secondary-button" type="button" data-strategy=${factor.strategy} @click=${() => onPick(factor)}>
          ${factorLabel(factor)}
        </button>
      </li>`,
    )}
  </ul>`;
}
