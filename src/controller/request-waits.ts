import { isSignInApiError, type SignInError } from '../core/errors.js';
import type { SignInStatus } from './status.js';

/** The Frontend API endpoints controller actions send to; server-imposed waits are kept per endpoint. */
export type Endpoint = 'create' | 'attempt' | 'prepare' | 'reset_password';

export interface RequestWait {
  /** Epoch ms at which the server accepts requests again. */
  readonly until: number;
  /** The error that imposed the wait; a refused action reports it again. */
  readonly error: SignInError;
}

interface StoredWait extends RequestWait {
  /** Set for a per-account lockout: the wait holds only for this identifier. */
  readonly identifier: string | null;
}

const normalize = (identifier: string): string => identifier.trim().toLowerCase();

/** Epoch ms at which the wait `error` imposes ends (`retryAfter` from now), or `undefined` when it imposes none. */
export function waitEnd(error: unknown, now = Date.now()): number | undefined {
  return isSignInApiError(error) && error.retryAfter !== undefined ? now + error.retryAfter * 1000 : undefined;
}

/**
 * Server-imposed waits (security.md FT-12): a 429 with `Retry-After`, or a `user_locked` lockout.
 * Until one ends, the controller refuses requests to the same endpoint locally with the same
 * error, so nothing is sent before the server said it may be. A rate limit holds per caller, so
 * for every identifier; a lockout holds per account, so only for the identifier it was reported for.
 */
export class RequestWaits {
  readonly #waits = new Map<Endpoint, StoredWait>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Records the wait `error` imposes on `endpoint`, if it imposes one (it carries `retryAfter`). */
  record(endpoint: Endpoint, error: unknown, identifier: string): RequestWait | null {
    const until = waitEnd(error, this.#now());
    if (until === undefined || !isSignInApiError(error)) return null;
    const wait: StoredWait = { until, error, identifier: error.code === 'user_locked' ? normalize(identifier) : null };
    this.#waits.set(endpoint, wait);
    return wait;
  }

  /** The wait still running for `endpoint` that applies to `identifier`, else `null`. */
  active(endpoint: Endpoint | null, identifier: string): RequestWait | null {
    const wait = endpoint ? this.#waits.get(endpoint) : undefined;
    if (!endpoint || !wait) return null;
    if (wait.until <= this.#now()) {
      this.#waits.delete(endpoint);
      return null;
    }
    return wait.identifier === null || wait.identifier === normalize(identifier) ? wait : null;
  }

  /** When the submit endpoint of `status` accepts requests from `identifier` again, while its wait runs (`retryAt`). */
  retryAt(status: SignInStatus | null, identifier: string): number | null {
    return this.active(submitEndpoint(status), identifier)?.until ?? null;
  }
}

/** The endpoint the submit button of a status sends to: its wait is the one `retryAt` shows. */
export function submitEndpoint(status: SignInStatus | null): Endpoint | null {
  switch (status) {
    case null:
    case 'needs_identifier':
      return 'create';
    case 'needs_first_factor':
    case 'needs_second_factor':
    case 'needs_client_trust':
      return 'attempt';
    case 'needs_new_password':
      return 'reset_password';
    default:
      return null;
  }
}

/**
 * A code send that failed (or was refused) inside another action. The controller reports it as a
 * resend failure: it delays sending another code, never submitting the code already sent.
 */
export class SendFailure {
  readonly cause: unknown;
  /** The wait the failure imposed on sending, if any. */
  readonly until: number | undefined;

  constructor(cause: unknown, until?: number) {
    this.cause = cause;
    this.until = until;
  }
}
