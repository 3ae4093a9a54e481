/** The spec's sign-in statuses live in core (the `SignIn` resource is typed by them). */
export { SIGN_IN_STATUSES, isSignInStatus, type SignInStatus } from '../core/sign-in-status.js';

/** What the controller is doing right now; separate from the server's status. */
export const ACTIVITIES = ['idle', 'pending', 'error'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/**
 * The step `<signin-flow>` shows. Derived by the controller from the status, the supported
 * factors and what the user chose; elements only render it.
 */
export const FLOW_STEPS = [
  'loading',
  'identifier',
  'password',
  'code',
  'choose-factor',
  'new-password',
  'signed-in',
  'unsupported',
] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];
