/**
 * One error hierarchy for everything the bundle throws. Callers branch on `code`, never on the
 * class or the HTTP status; `isSignInError()` works across two copies of the bundle on one page.
 */

/** Per-error metadata, camelCased from the wire (`meta.param_name` → `paramName`). */
export interface SignInErrorMeta {
  paramName?: string;
  sessionId?: string;
  lockoutExpiresInSeconds?: number;
  [key: string]: unknown;
}

/** One entry of the wire's `errors[]`, camelCased. */
export interface ApiErrorEntry {
  code: string;
  message: string;
  longMessage: string;
  meta: SignInErrorMeta;
}

export interface SignInErrorOptions {
  longMessage?: string;
  status?: number;
  cause?: unknown;
  meta?: SignInErrorMeta;
}

export class SignInError extends Error {
  static readonly kind: string = 'SignInError';
  /** Stable snake_case code: the wire's (`form_password_incorrect`) or ours (`network_error`). */
  readonly code: string;
  /** The full, human sentence to show (`long_message` on the wire). */
  readonly longMessage: string;
  /** HTTP status when the error came from a response. */
  readonly status: number | undefined;
  readonly meta: SignInErrorMeta;
  /** Marks instances for `isSignInError()`; survives duplicated bundles where `instanceof` fails. */
  readonly signInErrorKind: string;

  constructor(code: string, message: string, options: SignInErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.longMessage = options.longMessage ?? message;
    this.status = options.status;
    this.meta = options.meta ?? {};
    this.signInErrorKind = (new.target as typeof SignInError).kind;
  }
}

/** The server answered with the error envelope (`errors[]`). */
export class SignInApiError extends SignInError {
  static override readonly kind: string = 'SignInApiError';
  readonly errors: readonly ApiErrorEntry[];
  /** Seconds to wait before retrying, from `Retry-After` (429) or `lockout_expires_in_seconds`. */
  readonly retryAfter: number | undefined;
  readonly traceId: string | undefined;

  constructor(
    errors: readonly ApiErrorEntry[],
    options: { status: number; retryAfter?: number; traceId?: string; cause?: unknown },
  ) {
    const first = errors[0] ?? {
      code: 'unexpected_response',
      message: 'Unexpected response',
      longMessage: `The server answered ${options.status} without an error description.`,
      meta: {},
    };
    super(first.code, first.longMessage || first.message, {
      longMessage: first.longMessage || first.message,
      status: options.status,
      meta: first.meta,
      cause: options.cause,
    });
    this.errors = errors;
    this.retryAfter = options.retryAfter;
    this.traceId = options.traceId;
  }
}

/** The request never produced a response (offline, DNS, refused connection, CORS). */
export class SignInNetworkError extends SignInError {
  static override readonly kind: string = 'SignInNetworkError';
  constructor(cause?: unknown) {
    super('network_error', 'Cannot reach the sign-in service. Check your connection and try again.', {
      cause,
    });
  }
}

/** The request took longer than the client's timeout. */
export class SignInTimeoutError extends SignInError {
  static override readonly kind: string = 'SignInTimeoutError';
  constructor(timeoutMs: number, cause?: unknown) {
    super('request_timeout', `The sign-in service did not answer within ${Math.round(timeoutMs / 1000)} seconds. Try again.`, {
      cause,
    });
  }
}

/** The request was aborted because a newer one replaced it, or the caller cancelled it. */
export class SignInAbortError extends SignInError {
  static override readonly kind: string = 'SignInAbortError';
  constructor(cause?: unknown) {
    super('request_aborted', 'The request was cancelled.', { cause });
  }
}

const KINDS = new Set(['SignInError', 'SignInApiError', 'SignInNetworkError', 'SignInTimeoutError', 'SignInAbortError']);

export function isSignInError(value: unknown): value is SignInError {
  return (
    typeof value === 'object' &&
    value !== null &&
    KINDS.has((value as { signInErrorKind?: string }).signInErrorKind ?? '')
  );
}

export function isSignInApiError(value: unknown): value is SignInApiError {
  return isSignInError(value) && value.signInErrorKind === 'SignInApiError';
}

/** Wraps anything thrown into a SignInError, keeping the original as `cause`. */
export function toSignInError(value: unknown): SignInError {
  if (isSignInError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new SignInError('unexpected_error', 'Something went wrong. Try again.', {
    longMessage: `Something went wrong (${message}). Try again.`,
    cause: value,
  });
}
