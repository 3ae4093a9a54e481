import {
  SignInAbortError,
  SignInApiError,
  SignInNetworkError,
  SignInTimeoutError,
  isSignInError,
  type ApiErrorEntry,
} from './errors.js';
import { encodeForm, type FormParams } from './form-encoding.js';
import { MAX_GET_RETRIES, retryDelay, wait } from './retry.js';
import { camelCaseKeys } from './wire-convert.js';
import type { ClientJSON, ErrorJSON } from './wire.js';

/** The Frontend API version we were tested against (spec §3.3, OP-8). */
export const FAPI_API_VERSION = '2026-08-20';
/** Sent as `_clerk_js_version` so a server can tell our client apart (OP-8). */
export const CLIENT_VERSION = 'signin-elements/0.1.0';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One logical request; `path` is relative to the `/v1` base (e.g. `/client/sign_ins`). */
export interface ApiRequest {
  method: HttpMethod;
  path: string;
  /** The caller's own query parameters; they come first in the URL. Arrays repeat the key. */
  query?: Record<string, string | readonly string[] | undefined>;
  body?: FormParams;
  signal?: AbortSignal | undefined;
}

export interface ApiClientOptions {
  /** Base URL ending in `/v1` (see `resolveFrontendApiUrl`). */
  baseUrl: string;
  /** Defaults to `globalThis.fetch`; tests inject a fake. */
  fetch?: typeof fetch | undefined;
  /** Per attempt; defaults to 20 000 ms. */
  timeoutMs?: number | undefined;
  /** Back-off base for GET retries after a network failure: 0, d, 2d … capped at 5 s. Default 700. */
  retryDelayMs?: number | undefined;
  /** The active session id, sent as `_clerk_session_id` outside `/client` paths. */
  sessionId?: (() => string | null) | undefined;
}

/** One response, unwrapped: `payload` is the resource (`response` when enveloped, else the body). */
export interface ApiResult {
  status: number;
  payload: unknown;
  /** The piggybacked client (`client ?? meta.client`); `null` when the body carries none. */
  client: ClientJSON | null;
  headers: Headers;
}

/**
 * The transport of spec §3: URL and query parameters, method tunnelling, form bodies, credentials,
 * timeouts, GET retries and the envelope. Holds no sign-in state.
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #retryDelayMs: number;
  readonly #sessionId: () => string | null;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#timeoutMs = options.timeoutMs ?? 20000;
    this.#retryDelayMs = options.retryDelayMs ?? 700;
    this.#sessionId = options.sessionId ?? (() => null);
  }

  /** The URL for one attempt, query parameters in the order of spec §3.3. */
  url(request: ApiRequest, retryAttempt = 0): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const item of typeof value === 'string' ? [value] : value) query.append(key, item);
    }
    query.append('__clerk_api_version', FAPI_API_VERSION);
    query.append('_clerk_js_version', CLIENT_VERSION);
    if (request.method !== 'GET' && request.method !== 'POST') query.append('_method', request.method);
    const sessionId = this.#sessionId();
    if (sessionId && !/^\/(client|waitlist)(\/|$)/.test(request.path)) query.append('_clerk_session_id', sessionId);
    if (retryAttempt > 0) query.append('_clerk_retry_attempt', String(retryAttempt));
    return `${this.baseUrl}${request.path}?${query.toString()}`;
  }

  /**
   * Sends one logical request. GETs that fail at the network level are retried up to 3 times.
   * @throws {SignInApiError} for any HTTP error status or an unparseable 2xx/4xx body.
   * @throws {SignInNetworkError} when no response arrived. @throws {SignInTimeoutError} after
   *   `timeoutMs`. @throws {SignInAbortError} when `request.signal` aborted.
   */
  async request(request: ApiRequest): Promise<ApiResult> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.#attempt(request, attempt);
      } catch (error) {
        const retry = request.method === 'GET' && error instanceof SignInNetworkError && attempt < MAX_GET_RETRIES;
        if (!retry) throw error;
        await wait(retryDelay(attempt, this.#retryDelayMs), request.signal);
      }
    }
  }

  async #attempt(request: ApiRequest, retryAttempt: number): Promise<ApiResult> {
    const { signal } = request;
    if (signal?.aborted) throw new SignInAbortError(signal.reason);
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const tunnelled = request.method === 'GET' ? 'GET' : 'POST';
    const body = tunnelled === 'GET' ? null : encodeForm(request.body);
    try {
      const response = await this.#fetch(this.url(request, retryAttempt), {
        method: tunnelled,
        credentials: 'include',
        signal: combined,
        ...(body ? { body } : {}),
      });
      const text = response.status === 204 ? '' : await response.text();
      return responseToResult(response.status, response.headers, text);
    } catch (error) {
      if (signal?.aborted) throw new SignInAbortError(signal.reason);
      if (timeout.aborted) throw new SignInTimeoutError(this.#timeoutMs, error);
      if (isSignInError(error)) throw error;
      throw new SignInNetworkError(error);
    }
  }
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

/**
 * The one place a response becomes a result or an error. 2xx: JSON (204: no body) unwrapped per
 * §5, else `unexpected_response`. Other statuses: the error envelope, camelCased, with
 * `retryAfter` from `Retry-After` or, for `user_locked`, `meta.lockout_expires_in_seconds`; a 5xx
 * without a parseable envelope becomes `server_error`, a 4xx without one `unexpected_response`.
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
  let errors: ApiErrorEntry[];
  if (entries && entries.length > 0) errors = entries;
  else if (status >= 500) errors = generic('server_error', `The sign-in service had a problem (${status}). Try again later.`);
  else errors = generic('unexpected_response', `The sign-in service answered ${status} without an error description.`);
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
