import type { SignInError } from '../core/errors.js';
import type { Environment } from '../core/resources/environment.js';
import type { Session } from '../core/resources/session.js';
import type { SignIn } from '../core/resources/sign-in.js';
import type { SignInUserSummary } from './events.js';
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
  /** The tracked sign-in (updated in place by core; `status` above is the value at this snapshot). */
  readonly signIn: SignIn | null;
  readonly session: Session | null;
  readonly user: SignInUserSummary | null;
  readonly environment: Environment | null;
}

/** A change to the state; `step` follows from the rest. */
export type SignInStatePatch = Partial<Omit<SignInControllerState, 'step'>>;

/** The state before `load()`. */
export function initialState(session: Session | null, environment: Environment | null): SignInControllerState {
  return nextState(
    {
      loaded: false, status: null, activity: 'idle', step: 'loading', error: null, identifier: '', retryAt: null,
      signIn: null, session: null, user: null, environment,
    },
    { session },
  );
}

/** Applies `patch` and re-derives `step` (pure). */
export function nextState(state: SignInControllerState, patch: SignInStatePatch): SignInControllerState {
  const next = { ...state, ...patch };
  const step = deriveFlowStep({
    loaded: next.loaded,
    signedIn: next.session !== null,
    status: next.status,
    hasSignIn: next.signIn?.id !== undefined,
    firstFactors: next.signIn?.supportedFirstFactors.map((factor) => factor.strategy) ?? [],
    previous: state.step,
  });
  return Object.freeze({ ...next, step });
}
