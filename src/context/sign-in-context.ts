import { createContext } from '@lit/context';
import type { SignInController } from '../controller/sign-in-controller.js';

/**
 * The one `SignInController` a `<signin-flow>` provides to every descendant step element.
 * Its identity never changes, so consumers read state through `SignInStateController`.
 */
export const signInControllerContext = createContext<SignInController | undefined>(
  Symbol.for('signin-elements/controller'),
);
