import { SignInFlowElement } from './elements/signin-flow/signin-flow.element.js';
import { defineElement } from './elements/shared/define-element.js';

defineElement('signin-flow', SignInFlowElement);

declare global {
  interface HTMLElementTagNameMap {
    'signin-flow': SignInFlowElement;
  }
}

export { SignInFlowElement };
