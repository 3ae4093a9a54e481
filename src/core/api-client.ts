import { responseToResult, type ApiResult } from './api-response.js';
import { DEV_BROWSER_HEADER, DEV_BROWSER_PARAM, devBrowserToken, type DevBrowser } from './dev-browser.js';
import {
  SignInAbortError,
  SignInNetworkError,
  SignInTimeoutError,
  isSignInApiError,
  isSignInError,
} from './errors.js';
import { encodeForm, type FormParams } from './form-encoding.js';
import { MAX_GET_RETRIES, retryDelay, wait } from './retry.js';

/** The Frontend API version we were tested against (spec §3.3, OP-8). */
export const FAPI_API_VERSION = '2026-08-20';
/** The package version, put in by the build; `undefined` when the sources run unbundled. */
declare const __SIGNIN_VERSION__: string | undefined;

/**
 * Sent as `_clerk_js_version` so a server can tell our client, and its release, apart (OP-8). The
 * build writes in `package.json`'s version; unbundled sources (tests) say `0.0.0-dev`.
 */
export const CLIENT_VERSION = `signin-elements/${typeof __SIGNIN_VERSION__ === 'string' ? __SIGNIN_VERSION__ : '0.0.0-dev'}`;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One logical request; `path` is relative to the `/v1` base (e.g. `/client/sign_ins`). */
export interface ApiRequest {
  method: HttpMethod;
  path: string;
  /** The caller's own query parameters; they come first in the URL. Arrays repeat the key. */
  query?: Record<string, string | readonly string[] | undefined>;
  body?: FormParams;
  signal?: AbortSignal | undefined;
  /** Leave `credentials` at the fetch default instead of `include`: the dev-browser bootstrap only (§3.6). */
  defaultCredentials?: boolean | undefined;
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
  /** Dev-browser identity (§4.2) for hosted development instances; absent in cookie mode. */
  devBrowser?: DevBrowser | null | undefined;
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
  readonly #devBrowser: DevBrowser | null;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#timeoutMs = options.timeoutMs ?? 20000;
    this.#retryDelayMs = options.retryDelayMs ?? 700;
    this.#sessionId = options.sessionId ?? (() => null);
    this.#devBrowser = options.devBrowser ?? null;
  }

  /** The URL for one attempt, query parameters in the order of spec §3.3. */
  url(request: ApiRequest, retryAttempt = 0, devToken: string | null = null): string {
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
    if (devToken && !query.has(DEV_BROWSER_PARAM)) query.append(DEV_BROWSER_PARAM, devToken);
    if (retryAttempt > 0) query.append('_clerk_retry_attempt', String(retryAttempt));
    return `${this.baseUrl}${request.path}?${query.toString()}`;
  }

  /**
   * Sends one logical request. GETs that fail at the network level are retried up to 3 times. In
   * dev-browser mode the token is bootstrapped first, and a `dev_browser_unauthenticated` answer
   * discards it and sends once more with a new one (the server did not act on the request).
   * @throws {SignInApiError} for any HTTP error status or an unparseable 2xx/4xx body.
   * @throws {SignInNetworkError} when no response arrived. @throws {SignInTimeoutError} after
   *   `timeoutMs`. @throws {SignInAbortError} when `request.signal` aborted.
   */
  async request(request: ApiRequest): Promise<ApiResult> {
    const devBrowser = this.#devBrowser;
    if (!devBrowser) return this.#withRetries(request, null);
    for (let reset = false; ; reset = true) {
      const token = await devBrowser.ensure(() => this.#createDevBrowser());
      try {
        return await this.#withRetries(request, token);
      } catch (error) {
        if (reset || !isSignInApiError(error) || error.code !== 'dev_browser_unauthenticated') throw error;
        devBrowser.discard(token);
      }
    }
  }

  /** `POST /dev_browser`, no body, default credentials (§4.2). */
  async #createDevBrowser(): Promise<string> {
    const result = await this.#withRetries({ method: 'POST', path: '/dev_browser', defaultCredentials: true }, null);
    return devBrowserToken(result.payload, result.status);
  }

  async #withRetries(request: ApiRequest, devToken: string | null): Promise<ApiResult> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.#attempt(request, attempt, devToken);
      } catch (error) {
        const retry = request.method === 'GET' && error instanceof SignInNetworkError && attempt < MAX_GET_RETRIES;
        if (!retry) throw error;
        await wait(retryDelay(attempt, this.#retryDelayMs), request.signal);
      }
    }
  }

  async #attempt(request: ApiRequest, retryAttempt: number, devToken: string | null): Promise<ApiResult> {
    const { signal } = request;
    if (signal?.aborted) throw new SignInAbortError(signal.reason);
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const tunnelled = request.method === 'GET' ? 'GET' : 'POST';
    const body = tunnelled === 'GET' ? null : encodeForm(request.body);
    try {
      const response = await this.#fetch(this.url(request, retryAttempt, devToken), {
        method: tunnelled,
        ...(request.defaultCredentials ? {} : { credentials: 'include' as const }),
        signal: combined,
        ...(body ? { body } : {}),
      });
      const replacement = response.headers.get(DEV_BROWSER_HEADER);
      if (replacement) this.#devBrowser?.update(replacement);
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
