/** The spec's sign-in statuses (`SignIn.status`), in the order a sign-in moves through them. */
export const SIGN_IN_STATUSES = [
  'needs_identifier',
  'needs_first_factor',
  'needs_second_factor',
  'needs_client_trust',
  'needs_new_password',
  'complete',
] as const;
export type SignInStatus = (typeof SIGN_IN_STATUSES)[number];

/** What the controller is doing right now; separate from the server's status. */
export const ACTIVITIES = ['idle', 'pending', 'error'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/**
 * The step `<signin-flow>` shows. Derived by the controller from the status, the supported
 * factors and what the user chose; elements only render it.
 */
export const FLOW_STEPS = ['loading', 'identifier', 'password', 'signed-in', 'unsupported'] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];

export function isSignInStatus(value: unknown): value is SignInStatus {
  return typeof value === 'string' && (SIGN_IN_STATUSES as readonly string[]).includes(value);
}
