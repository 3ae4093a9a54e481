import type { FlowStep, SignInStatus } from './status.js';

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
  /** Strategy of the factor being verified at this status, `null` when none is chosen yet. */
  readonly factor: string | null;
  /** The person asked to pick another method. */
  readonly choosingFactor: boolean;
  /** How many factors this build can offer at this status. */
  readonly availableFactors: number;
  /** The step shown so far; kept while a completed sign-in's session is being activated. */
  readonly previous: FlowStep;
}

/** Steps a completed sign-in may keep showing while its session is activated. */
const STEPS_BEFORE_COMPLETE: readonly FlowStep[] = ['identifier', 'password', 'code', 'new-password'];

/** The step for a status that is verified factor by factor. */
function factorStep(input: FlowStepInput): FlowStep {
  if (input.choosingFactor) return 'choose-factor';
  if (input.factor === 'password') return 'password';
  if (input.factor) return 'code';
  return input.availableFactors > 0 ? 'choose-factor' : 'unsupported';
}

/**
 * The step `<signin-flow>` shows, as a pure function (table-tested):
 *
 * | input | step |
 * | --- | --- |
 * | a session is active | `signed-in` |
 * | not loaded yet | `loading` |
 * | no sign-in, or `needs_identifier` | `identifier` |
 * | `needs_first_factor`, `needs_second_factor`, `needs_client_trust`: choosing | `choose-factor` |
 * | … factor `password` | `password` |
 * | … any other factor (a code, TOTP, backup code) | `code` |
 * | … no factor chosen, some available | `choose-factor` |
 * | … nothing this build can verify | `unsupported` |
 * | `needs_new_password` | `new-password` |
 * | `complete`, session not active yet | the previous step if it was a form step, else `identifier` |
 * | unknown status | `unsupported` |
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
    case 'needs_second_factor':
    case 'needs_client_trust':
      return factorStep(input);
    case 'needs_new_password':
      return 'new-password';
    case 'complete':
      return STEPS_BEFORE_COMPLETE.includes(input.previous) ? input.previous : 'identifier';
    default:
      return 'unsupported';
  }
}
