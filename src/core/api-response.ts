import { SignInApiError, type ApiErrorEntry } from './errors.js';
import { camelCaseKeys } from './wire-convert.js';
import type { ClientJSON, ErrorJSON } from './wire.js';

/** One response, unwrapped: `payload` is the resource (`response` when enveloped, else the body). */
export interface ApiResult {
  status: number;
  payload: unknown;
  /** The piggybacked client (`client ?? meta.client`); `null` when the body carries none. */
  client: ClientJSON | null;
  headers: Headers;
}

const errorClients = new WeakMap<object, ClientJSON>();

/** The client piggybacked on an error body (`meta.client`), so it can be applied (§5, OP-7). */
export function clientFromError(error: unknown): ClientJSON | null {
  return (typeof error === 'object' && error !== null && errorClients.get(error)) || null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function pickClient(body: unknown): ClientJSON | null {
  if (!isObject(body)) return null;
  const client = body['client'] ?? (isObject(body['meta']) ? body['meta']['client'] : undefined);
  return isObject(client) ? (client as unknown as ClientJSON) : null;
}

function toEntry(error: ErrorJSON): ApiErrorEntry {
  const message = typeof error.message === 'string' ? error.message : '';
  return {
    code: typeof error.code === 'string' && error.code ? error.code : 'unexpected_response',
    message,
    longMessage: typeof error.long_message === 'string' && error.long_message ? error.long_message : message,
    meta: isObject(error.meta) ? camelCaseKeys(error.meta) : {},
  };
}

/** `Retry-After` is delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function generic(code: string, longMessage: string): ApiErrorEntry[] {
  return [{ code, message: longMessage, longMessage, meta: {} }];
}

/** A well-formed response whose content is not what the protocol promises (`what`: "token response"). */
export function unexpectedResponse(what: string, status: number): SignInApiError {
  return new SignInApiError(generic('unexpected_response', `The sign-in service sent an unexpected ${what}.`), { status });
}

/**
 * The errors of a response without a usable envelope. A 429 without one still means "slow down":
 * proxies and CDNs rate-limit with an empty or HTML body, so it becomes `too_many_requests`.
 */
function errorsWithoutEnvelope(status: number): ApiErrorEntry[] {
  if (status === 429) return generic('too_many_requests', 'Too many requests. Wait a moment, then try again.');
  if (status >= 500) return generic('server_error', `The sign-in service had a problem (${status}). Try again later.`);
  return generic('unexpected_response', `The sign-in service answered ${status} without an error description.`);
}

/**
 * The one place a response becomes a result or an error. 2xx: JSON (204: no body) unwrapped per
 * §5, else `unexpected_response`. Other statuses: the error envelope, camelCased, with
 * `retryAfter` from `Retry-After` or, for `user_locked`, `meta.lockout_expires_in_seconds`;
 * without a parseable envelope a 429 becomes `too_many_requests`, another 4xx
 * `unexpected_response`, a 5xx `server_error`.
 * @throws {SignInApiError}
 */
export function responseToResult(status: number, headers: Headers, text: string): ApiResult {
  let body: unknown = null;
  let parsed = status === 204;
  if (!parsed) {
    try {
      body = JSON.parse(text) as unknown;
      parsed = true;
    } catch {
      parsed = false;
    }
  }
  const client = pickClient(body);
  if (status >= 200 && status < 300) {
    if (!parsed) {
      throw new SignInApiError(generic('unexpected_response', `The sign-in service sent an unreadable answer (${status}).`), { status });
    }
    const payload = isObject(body) && 'response' in body ? body['response'] : body;
    return { status, payload: payload ?? null, client, headers };
  }
  const rawErrors = isObject(body) && Array.isArray(body['errors']) ? (body['errors'] as unknown[]) : null;
  const entries = rawErrors?.filter(isObject).map((e) => toEntry(e as unknown as ErrorJSON)) ?? null;
  const errors = entries && entries.length > 0 ? entries : errorsWithoutEnvelope(status);
  const first = errors[0];
  const lockout = first?.code === 'user_locked' ? first.meta.lockoutExpiresInSeconds : undefined;
  const retryAfter = parseRetryAfter(headers.get('Retry-After')) ?? (typeof lockout === 'number' ? lockout : undefined);
  const traceId = isObject(body) && typeof body['clerk_trace_id'] === 'string' ? body['clerk_trace_id'] : undefined;
  const error = new SignInApiError(errors, {
    status,
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(traceId === undefined ? {} : { traceId }),
  });
  if (client) errorClients.set(error, client);
  throw error;
}
