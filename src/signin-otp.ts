import { SignInOtpElement } from './elements/signin-otp/signin-otp.element.js';
import { defineElement } from './elements/shared/define-element.js';

defineElement('signin-otp', SignInOtpElement);

declare global {
  interface HTMLElementTagNameMap {
    'signin-otp': SignInOtpElement;
  }
}

export { SignInOtpElement };
