import { SignInFlowElement } from './elements/signin-flow/signin-flow.element.js';
import { defineElement } from './elements/shared/define-element.js';
// <signin-flow> shows <signin-otp> for every code step, so defining the flow defines it too.
import './signin-otp.js';

defineElement('signin-flow', SignInFlowElement);

declare global {
  interface HTMLElementTagNameMap {
    'signin-flow': SignInFlowElement;
  }
}

export { SignInFlowElement };
