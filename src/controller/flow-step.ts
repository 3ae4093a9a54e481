import type { FlowStep, SignInStatus } from './status.js';

/** First-factor strategies this build has a step for. */
export const HANDLED_FIRST_FACTORS: readonly string[] = ['password'];

/** Everything the step depends on; the controller fills it from its state. */
export interface FlowStepInput {
  /** The initial load has finished (successfully or not). */
  readonly loaded: boolean;
  /** A session is active. */
  readonly signedIn: boolean;
  /** The tracked sign-in's status; `null` before a sign-in exists or for an unknown status. */
  readonly status: SignInStatus | null;
  /** A sign-in is tracked (it has an id), so `status: null` means "unknown status". */
  readonly hasSignIn: boolean;
  /** Strategies of the tracked sign-in's `supportedFirstFactors`. */
  readonly firstFactors: readonly string[];
  /** The step shown so far; kept while a completed sign-in's session is being activated. */
  readonly previous: FlowStep;
}

/**
 * The step `<signin-flow>` shows, as a pure function (table-tested):
 *
 * | input | step |
 * | --- | --- |
 * | a session is active | `signed-in` |
 * | not loaded yet | `loading` |
 * | no sign-in, or `needs_identifier` | `identifier` |
 * | `needs_first_factor` with a `password` factor | `password` |
 * | `needs_first_factor` without a factor this build handles | `unsupported` |
 * | `complete`, session not active yet | the previous step if `identifier`/`password`, else `identifier` |
 * | `needs_second_factor`, `needs_client_trust`, `needs_new_password`, unknown status | `unsupported` |
 */
export function deriveFlowStep(input: FlowStepInput): FlowStep {
  if (input.signedIn) return 'signed-in';
  if (!input.loaded) return 'loading';
  switch (input.status) {
    case null:
      return input.hasSignIn ? 'unsupported' : 'identifier';
    case 'needs_identifier':
      return 'identifier';
    case 'needs_first_factor':
      return input.firstFactors.some((strategy) => HANDLED_FIRST_FACTORS.includes(strategy)) ? 'password' : 'unsupported';
    case 'complete':
      return input.previous === 'password' || input.previous === 'identifier' ? input.previous : 'identifier';
    default:
      return 'unsupported';
  }
}
