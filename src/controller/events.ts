import type { SignInError } from '../core/errors.js';
import type { SignInStatus } from './status.js';

/** The signed-in user as the events report it (a subset of the wire's user, camelCased). */
export interface SignInUserSummary {
  id: string;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  primaryEmailAddress: string | null;
  primaryPhoneNumber: string | null;
  imageUrl: string | null;
}

/** The sign-in moved to another status (`null` before a sign-in exists or after sign-out). */
export class SignInStatusChangeEvent extends Event {
  static readonly eventName = 'signin-status-change';
  readonly status: SignInStatus | null;
  readonly previousStatus: SignInStatus | null;
  constructor(status: SignInStatus | null, previousStatus: SignInStatus | null) {
    super(SignInStatusChangeEvent.eventName, { bubbles: true, composed: true });
    this.status = status;
    this.previousStatus = previousStatus;
  }
}

/** The created session is active; fired once per completed sign-in. */
export class SignInCompleteEvent extends Event {
  static readonly eventName = 'signin-complete';
  readonly sessionId: string;
  readonly user: SignInUserSummary;
  constructor(sessionId: string, user: SignInUserSummary) {
    super(SignInCompleteEvent.eventName, { bubbles: true, composed: true });
    this.sessionId = sessionId;
    this.user = user;
  }
}

/** A request failed; `error.code` is stable, `error.longMessage` is for people. */
export class SignInErrorEvent extends Event {
  static readonly eventName = 'signin-error';
  readonly error: SignInError;
  constructor(error: SignInError) {
    super(SignInErrorEvent.eventName, { bubbles: true, composed: true });
    this.error = error;
  }
}

/** The active session ended (sign-out). */
export class SignInSignedOutEvent extends Event {
  static readonly eventName = 'signin-signed-out';
  readonly sessionId: string | null;
  constructor(sessionId: string | null) {
    super(SignInSignedOutEvent.eventName, { bubbles: true, composed: true });
    this.sessionId = sessionId;
  }
}

/** Every public event, for re-dispatching from `<signin-flow>`. */
export type SignInPublicEvent =
  | SignInStatusChangeEvent
  | SignInCompleteEvent
  | SignInErrorEvent
  | SignInSignedOutEvent;

/** Makes a fresh instance of a public event, so a host can re-dispatch it from itself. */
export function cloneSignInEvent(event: SignInPublicEvent): SignInPublicEvent {
  if (event instanceof SignInStatusChangeEvent) return new SignInStatusChangeEvent(event.status, event.previousStatus);
  if (event instanceof SignInCompleteEvent) return new SignInCompleteEvent(event.sessionId, event.user);
  if (event instanceof SignInErrorEvent) return new SignInErrorEvent(event.error);
  return new SignInSignedOutEvent(event.sessionId);
}

declare global {
  interface GlobalEventHandlersEventMap {
    'signin-status-change': SignInStatusChangeEvent;
    'signin-complete': SignInCompleteEvent;
    'signin-error': SignInErrorEvent;
    'signin-signed-out': SignInSignedOutEvent;
  }
}
