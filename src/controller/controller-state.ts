import type { SignInError } from '../core/errors.js';
import type { Environment } from '../core/resources/environment.js';
import type { SignInFactor } from '../core/resources/factor.js';
import type { Session } from '../core/resources/session.js';
import type { SignIn } from '../core/resources/sign-in.js';
import type { SignInUserSummary } from './events.js';
import { availableFactors } from './factors.js';
import { deriveFlowStep } from './flow-step.js';
import type { Activity, FlowStep, SignInStatus } from './status.js';

/** `SignInController.state`: an immutable snapshot, a new object after every change. */
export interface SignInControllerState {
  /** The initial `load()` has finished, successfully or not (then `error` says why). */
  readonly loaded: boolean;
  /** The tracked sign-in's status; `null` before a sign-in, after `restart()` and after sign-out. */
  readonly status: SignInStatus | null;
  readonly activity: Activity;
  /** Derived by `deriveFlowStep` on every change; never set directly. */
  readonly step: FlowStep;
  /** The last error; cleared when the next action starts. */
  readonly error: SignInError | null;
  /** What the user typed last. */
  readonly identifier: string;
  /** Epoch ms before which submitting again is pointless (429 `Retry-After`, `user_locked`), else null. */
  readonly retryAt: number | null;
  /** Epoch ms before which the server will not send another code (429 on a resend), else null. */
  readonly resendAt: number | null;
  /** The factor being verified at the current status (password, a code, TOTP…), `null` before one is chosen. */
  readonly factor: SignInFactor | null;
  /** The person asked to pick another method (step `choose-factor`). */
  readonly choosingFactor: boolean;
  /** Derived: the factors this build can offer at the current status, for the method chooser. */
  readonly factors: readonly SignInFactor[];
  /** The tracked sign-in (updated in place by core; `status` above is the value at this snapshot). */
  readonly signIn: SignIn | null;
  readonly session: Session | null;
  readonly user: SignInUserSummary | null;
  readonly environment: Environment | null;
}

/** A change to the state; `step` and `factors` follow from the rest. */
export type SignInStatePatch = Partial<Omit<SignInControllerState, 'step' | 'factors'>>;

/** The state before `load()`. */
export function initialState(session: Session | null, environment: Environment | null): SignInControllerState {
  return nextState(
    {
      loaded: false, status: null, activity: 'idle', step: 'loading', error: null, identifier: '', retryAt: null,
      resendAt: null, factor: null, choosingFactor: false, factors: [], signIn: null, session: null, user: null, environment,
    },
    { session },
  );
}

/** Applies `patch` and re-derives `step` (pure). */
export function nextState(state: SignInControllerState, patch: SignInStatePatch): SignInControllerState {
  const next = { ...state, ...patch };
  const factors = availableFactors(next.signIn, next.status);
  const step = deriveFlowStep({
    loaded: next.loaded,
    signedIn: next.session !== null,
    status: next.status,
    hasSignIn: next.signIn?.id !== undefined,
    factor: next.factor?.strategy ?? null,
    choosingFactor: next.choosingFactor,
    availableFactors: factors.length,
    previous: state.step,
  });
  return Object.freeze({ ...next, factors, step });
}
