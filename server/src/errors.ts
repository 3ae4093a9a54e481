/**
 * API errors and the §8.1 error envelope. Handlers throw ApiError; the dispatcher turns it
 * into `{errors:[…], meta:{…}, clerk_trace_id}` and never leaks a stack trace.
 */
export interface ErrorEntry {
  code: string;
  message: string;
  long_message: string;
  meta: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly longMessage: string;
  readonly meta: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { longMessage?: string; meta?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.longMessage = options.longMessage ?? message;
    this.meta = options.meta ?? {};
    this.headers = options.headers ?? {};
  }

  toEntry(): ErrorEntry {
    return { code: this.code, message: this.message, long_message: this.longMessage, meta: this.meta };
  }
}

/** `Retry-After` of a 503 `service_unavailable` (FT-9, FT-19). */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const param = (name: string) => ({ param_name: name });

export const errors = {
  notFound: (what = 'resource') =>
    new ApiError(404, 'resource_not_found', `No ${what} was found`, { longMessage: `No ${what} was found.` }),
  forbiddenOlderSignIn: () =>
    new ApiError(403, 'resource_forbidden', 'Update operations are not allowed on older sign ins'),
  stateInvalid: (detail: string) =>
    new ApiError(400, 'client_state_invalid', 'This action is not allowed in the current state', { longMessage: detail }),
  signInExpired: () =>
    new ApiError(400, 'sign_in_expired', 'This sign in has expired', { longMessage: 'This sign in attempt has expired. Please start again.' }),
  originInvalid: () =>
    new ApiError(403, 'origin_invalid', 'Origin not allowed', { longMessage: 'Requests from this origin are not allowed.' }),
  authInvalid: (detail = 'The session is not valid.') =>
    new ApiError(401, 'authentication_invalid', 'Invalid authentication', { longMessage: detail }),
  paramNil: (name: string) =>
    new ApiError(422, 'form_param_nil', 'is missing', { longMessage: `${name} must be included.`, meta: param(name) }),
  paramFormat: (name: string, detail?: string) =>
    new ApiError(422, 'form_param_format_invalid', 'is invalid', { longMessage: detail ?? `${name} is invalid.`, meta: param(name) }),
  paramValue: (name: string, detail?: string) =>
    new ApiError(422, 'form_param_value_invalid', 'is invalid', { longMessage: detail ?? `${name} has an invalid value.`, meta: param(name) }),
  identifierNotFound: () =>
    new ApiError(422, 'form_identifier_not_found', "Couldn't find your account.", { meta: param('identifier') }),
  identifierExists: (name: string) =>
    new ApiError(422, 'form_identifier_exists', 'That identifier is taken', { longMessage: `That ${name.replace('_', ' ')} is taken. Please try another.`, meta: param(name) }),
  passwordIncorrect: () =>
    new ApiError(422, 'form_password_incorrect', 'Password is incorrect. Try again, or use another method.', { meta: param('password') }),
  /** Strict enumeration mode (RL-8): the one answer for a wrong password and for no account. */
  passwordOrIdentifierIncorrect: () =>
    new ApiError(422, 'form_password_or_identifier_incorrect', 'Password or identifier is incorrect', {
      longMessage: 'Password or identifier is incorrect. Try again, or use another method.',
      meta: param('password'),
    }),
  strategyForUserInvalid: (detail?: string) =>
    new ApiError(422, 'strategy_for_user_invalid', 'The verification strategy is not valid for this account', { longMessage: detail ?? 'The verification strategy is not valid for this account', meta: param('strategy') }),
  tooManyRequests: (retryAfterSeconds: number, meta: Record<string, unknown> = {}) =>
    new ApiError(429, 'too_many_requests', 'Too many requests', {
      longMessage: `Too many requests. Please try again in ${retryAfterSeconds} seconds.`,
      meta,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
  userLocked: (expiresInSeconds: number) =>
    new ApiError(403, 'user_locked', 'Account locked', {
      longMessage: `Your account is locked. You will be able to try again in ${Math.ceil(expiresInSeconds / 60)} minutes.`,
      meta: { lockout_expires_in_seconds: expiresInSeconds },
    }),
  bodyTooLarge: (limit: number) =>
    new ApiError(413, 'request_body_too_large', 'Request body too large', { longMessage: `The request body exceeds ${limit} bytes.` }),
  requestTargetInvalid: () =>
    new ApiError(400, 'request_target_invalid', 'Malformed request URL', { longMessage: 'The request URL could not be parsed.' }),
  bodyInvalid: (detail: string) =>
    new ApiError(400, 'request_body_invalid', 'Malformed request body', { longMessage: detail }),
  unsupportedMediaType: () =>
    new ApiError(415, 'unsupported_media_type', 'Unsupported content type', { longMessage: 'Send application/x-www-form-urlencoded or application/json.' }),
  devBrowserUnauthenticated: () =>
    new ApiError(401, 'dev_browser_unauthenticated', 'Unknown dev browser', { longMessage: 'This dev browser token is unknown or no longer valid. Request a new one.' }),
  backendUnauthorized: () =>
    new ApiError(401, 'authentication_invalid', 'Unauthorized', { longMessage: 'A valid secret key is required in the Authorization header (Bearer sk_…).' }),
  codeIncorrect: () =>
    new ApiError(422, 'form_code_incorrect', 'is incorrect', { longMessage: 'Incorrect code', meta: param('code') }),
  codeAlreadyUsed: () =>
    new ApiError(422, 'otp_code_already_used', 'This code was already used', { longMessage: 'This code has already been used. Wait for your authenticator app to show a new code.', meta: param('code') }),
  verificationExpired: () =>
    new ApiError(422, 'verification_expired', 'This code has expired', { longMessage: 'This code has expired. Request a new code.', meta: param('code') }),
  verificationFailed: (detail = 'Too many incorrect attempts. Request a new code.') =>
    new ApiError(422, 'verification_failed', 'Too many failed attempts', { longMessage: detail, meta: param('code') }),
  codeNotPrepared: () =>
    new ApiError(400, 'client_state_invalid', 'No code has been sent', { longMessage: 'No code has been sent for this sign in. Request a code first.' }),
  resendCooldown: (seconds: number) =>
    new ApiError(429, 'too_many_requests', 'Too many requests', {
      longMessage: `A code was just sent. You can request a new one in ${seconds} seconds.`,
      meta: { retry_after_seconds: seconds },
      headers: { 'Retry-After': String(seconds) },
    }),
  smsCountryNotAllowed: () =>
    new ApiError(422, 'sms_country_not_allowed', "Text messages can't be sent to this country", {
      longMessage: "This service can't send text messages to phone numbers in this country. Use another method.",
    }),
  deliveryFailed: () =>
    new ApiError(502, 'delivery_failed', "We couldn't send the code. Try again.", { longMessage: "We couldn't send the code. Try again in a moment, or use another method." }),
  internal: () => new ApiError(500, 'internal_error', 'Something went wrong', { longMessage: 'Something went wrong. Please try again.' }),
  /** FT-9, FT-19: the store or the throttling state failed; nothing was done, try again later. */
  serviceUnavailable: (retryAfterSeconds = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) =>
    new ApiError(503, 'service_unavailable', 'Service temporarily unavailable', {
      longMessage: `The service is temporarily unavailable. Please try again in ${retryAfterSeconds} seconds.`,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
};

export function errorBody(errs: ErrorEntry[], meta: Record<string, unknown> = {}, traceId?: string): Record<string, unknown> {
  return { errors: errs, meta, ...(traceId ? { clerk_trace_id: traceId } : {}) };
}
