/**
 * The spec's sign-in statuses (`SignIn.status`, spec §10.1), in the order a sign-in moves through
 * them. Defined in core because the `SignIn` resource is typed by it; `controller/status.ts`
 * re-exports them. `needs_protect_check` and `abandoned` (OP-10) are not in the set: a sign-in
 * with a status outside it reads as `status: null` while keeping its `id`.
 */
export const SIGN_IN_STATUSES = [
  'needs_identifier',
  'needs_first_factor',
  'needs_second_factor',
  'needs_client_trust',
  'needs_new_password',
  'complete',
] as const;
export type SignInStatus = (typeof SIGN_IN_STATUSES)[number];

export function isSignInStatus(value: unknown): value is SignInStatus {
  return typeof value === 'string' && (SIGN_IN_STATUSES as readonly string[]).includes(value);
}
