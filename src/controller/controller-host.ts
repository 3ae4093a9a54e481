import type { FrontendApi } from '../core/frontend-api.js';
import type { SignInControllerState, SignInStatePatch } from './controller-state.js';
import type { LatestAction } from './latest-action.js';
import type { RequestWaits } from './request-waits.js';

/**
 * What `SignInController` shares with the helpers that run its actions (`ActionRunner`,
 * `SignInProgress`): its core, the latest-action sequence, the server's waits, and its state,
 * of which it keeps the only copy. After `dispose()`, `update` and `dispatch` do nothing.
 */
export interface ControllerHost {
  readonly core: FrontendApi;
  readonly actions: LatestAction;
  readonly waits: RequestWaits;
  /** The controller's current state (read it again after anything async). */
  state(): SignInControllerState;
  /** Applies `patch` and notifies the controller's subscribers. */
  update(patch: SignInStatePatch): void;
  /** Dispatches `event` on the controller. */
  dispatch(event: Event): void;
}
