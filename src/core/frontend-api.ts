import { ApiClient, type ApiRequest } from './api-client.js';
import { clientFromError, unexpectedResponse, type ApiResult } from './api-response.js';
import { ClientState } from './client-state.js';
import { DevBrowser, usesDevBrowser, type DevBrowserPage } from './dev-browser.js';
import { SignInError, isSignInApiError } from './errors.js';
import { resolveFrontendApiUrl } from './frontend-api-url.js';
import type { Client } from './resources/client.js';
import { Environment } from './resources/environment.js';
import type { Session } from './resources/session.js';
import { SignIn, applySignInJSON, type SignInHost } from './resources/sign-in.js';
import type { User } from './resources/user.js';
import { PasswordStrengthLoader, type PasswordStrengthImporter } from './strategies/password-strength-loader.js';
import { tabState } from './tab-state.js';
import type { ClientJSON, EnvironmentJSON, SignInJSON, TokenJSON } from './wire.js';

export interface FrontendApiOptions {
  publishableKey?: string | undefined;
  /** Ours: a host (`clerk.example.com`) or an absolute URL (`http://localhost:8787`). */
  frontendApi?: string | undefined;
  proxyUrl?: string | undefined;
  /** Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
  /** Per request attempt; default 20 000 ms. */
  timeoutMs?: number | undefined;
  /** GET retry back-off base (default 700 ms); 0 in tests. */
  retryDelayMs?: number | undefined;
  /** For resolving a relative `proxyUrl`; defaults to `globalThis.location`. */
  location?: { readonly origin: string } | undefined;
  /**
   * Where a hosted development instance's dev-browser token is read from and written to (§4.2):
   * defaults to the real page; `null` keeps it in memory only. Ignored in cookie mode.
   */
  devBrowserPage?: DevBrowserPage | null | undefined;
  /** Imports the zxcvbn strength chunk (§13); defaults to the bundled `import()`. Tests pass a fake. */
  loadPasswordStrength?: PasswordStrengthImporter | undefined;
}

/** Every public method takes these as its optional last argument. */
export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A 401 that means "this client lost its session" (§8.2); the dev-browser and captcha codes have their own handling. */
function lostAuthentication(error: unknown): boolean {
  return isSignInApiError(error) && error.status === 401 && error.code !== 'dev_browser_unauthenticated' && error.code !== 'requires_captcha';
}

function sessionNotFound(id: string): SignInError {
  return new SignInError('session_not_found', 'That session is not available.', {
    longMessage: `Session ${id} is not a signed-in session of this client.`,
    meta: { sessionId: id },
  });
}

/**
 * The client and session layer over the Frontend API: loads the environment and client, owns the
 * current `SignIn`, activates sessions and serves tokens. Responses that arrive after a newer one
 * has been applied never overwrite shared state.
 */
export class FrontendApi implements SignInHost {
  /** The Frontend API base, ending in `/v1`. */
  readonly baseUrl: string;
  /** `dev-browser` for a hosted development instance's key (§4.2), else `cookie` (§4.3). */
  readonly identityMode: 'dev-browser' | 'cookie';
  /** Loads the zxcvbn strength chunk on first use with `show_zxcvbn` (§13), once per core. */
  readonly passwordStrength: PasswordStrengthLoader;
  readonly #api: ApiClient;
  readonly #state: ClientState;
  #environment: Environment | null = null;

  /** @throws {SignInError} `publishable_key_invalid`, `proxy_url_invalid`, `frontend_api_invalid`, `frontend_api_missing`. */
  constructor(options: FrontendApiOptions) {
    this.baseUrl = resolveFrontendApiUrl(options);
    this.passwordStrength = new PasswordStrengthLoader(options.loadPasswordStrength);
    this.#state = new ClientState((json) => SignIn.fromJSON(json, this));
    const { publishableKey } = options;
    const devBrowser = publishableKey && usesDevBrowser(publishableKey) ? new DevBrowser({ publishableKey, page: options.devBrowserPage }) : null;
    this.identityMode = devBrowser ? 'dev-browser' : 'cookie';
    this.#api = new ApiClient({
      baseUrl: this.baseUrl,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      retryDelayMs: options.retryDelayMs,
      sessionId: () => this.#state.session?.id ?? null,
      devBrowser,
    });
  }

  /** `null` until `load()` read it. */
  get environment(): Environment | null { return this.#environment; }
  get client(): Client | null { return this.#state.client; }
  /** The current sign-in; an empty one (`id` undefined, `status` null) when the client has none. */
  get signIn(): SignIn { return this.#state.signIn; }
  /** The active session, while it is signed in. */
  get session(): Session | null { return this.#state.session; }
  get user(): User | null { return this.#state.session?.user ?? null; }

  /** Called after every state application (client, sign-in, session, environment). */
  subscribe(listener: () => void): () => void {
    return this.#state.subscribe(listener);
  }

  /**
   * `GET /environment` and `GET /client` in parallel (§7); restores `last_active_session_id` when
   * that session is signed in. A failed environment read is not fatal (the environment stays as it
   * was). In dev-browser mode the dev browser is set up first and the environment is read with
   * `PATCH` (tunnelled), as hosted development instances expect.
   * @throws {SignInError} when `/client` fails or no dev browser can be had, or `SignInAbortError` on abort.
   */
  async load(options: RequestOptions = {}): Promise<void> {
    const ticket = this.#state.begin();
    const { signal } = options;
    const [environment, client] = await Promise.allSettled([
      this.#api.request({ method: this.identityMode === 'dev-browser' ? 'PATCH' : 'GET', path: '/environment', signal }),
      this.#api.request({ method: 'GET', path: '/client', signal }),
    ]);
    if (client.status === 'rejected') throw client.reason;
    if (environment.status === 'fulfilled') this.#environment = Environment.fromJSON(environment.value.payload as EnvironmentJSON);
    const applied = this.#state.commit(ticket, () => {
      const json = client.value.payload;
      if (!isObject(json) || typeof json['id'] !== 'string') return this.#state.clearClient();
      this.#state.applyClient(json as unknown as ClientJSON);
      const last = this.#state.client?.lastActiveSessionId ?? null;
      if (last && this.#state.client?.session(last)?.signedIn) this.#state.activate(last);
    });
    if (!applied) this.#state.notify();
  }

  /**
   * Makes `session` the active one (spec §12.4): it must be a signed-in session of the client as
   * last piggybacked; then `POST /client/sessions/{id}/touch` (`intent=select_session`) and the
   * token cache is seeded from its `last_active_token`. `null` signs out locally, without a request.
   * @throws {SignInError} `session_not_found`, or any request error.
   */
  async setActive({ session }: { session: string | Session | null }, options: RequestOptions = {}): Promise<void> {
    const id = typeof session === 'string' ? session : (session?.id ?? null);
    if (id === null) {
      this.#state.activate(null);
      this.#state.notify();
      return;
    }
    if (!this.#state.client?.session(id)?.signedIn) throw sessionNotFound(id);
    const path = `/client/sessions/${encodeURIComponent(id)}/touch`;
    const result = await this.#send({ method: 'POST', path, body: { activeOrganizationId: null, intent: 'select_session' }, signal: options.signal });
    const jwt = isObject(result.payload) && isObject(result.payload['last_active_token']) ? result.payload['last_active_token']['jwt'] : null;
    if (typeof jwt === 'string') this.#state.tokens.set(id, jwt, true);
    if (!this.#state.client?.session(id)?.signedIn) throw sessionNotFound(id);
    this.#state.activate(id);
    this.#state.notify();
  }

  /**
   * The active session's JWT: from the cache while it has more than 10 s left, else
   * `POST /client/sessions/{id}/tokens` (§12.2). `null` when signed out. After a 401 (which
   * re-reads `/client`), resolves `null` if the session is gone, otherwise rethrows.
   * @throws {SignInError} any request error.
   */
  async getToken(options: RequestOptions & { skipCache?: boolean } = {}): Promise<string | null> {
    const session = this.#state.session;
    if (!session) return null;
    if (!options.skipCache) {
      const cached = this.#state.tokens.get(session.id);
      if (cached) return cached;
    }
    let result: ApiResult;
    try {
      result = await this.#send({
        method: 'POST',
        path: `/client/sessions/${encodeURIComponent(session.id)}/tokens`,
        ...(options.skipCache ? { query: { debug: 'skip_cache' } } : {}),
        body: { organizationId: null, tabState: tabState() },
        signal: options.signal,
      });
    } catch (error) {
      if (lostAuthentication(error) && this.#state.session?.id !== session.id) return null;
      throw error;
    }
    const jwt = isObject(result.payload) ? (result.payload as Partial<TokenJSON>).jwt : undefined;
    if (typeof jwt !== 'string') throw unexpectedResponse('token response', result.status);
    if (this.#state.session?.id === session.id) this.#state.tokens.set(session.id, jwt);
    return jwt;
  }

  /**
   * Signs out of the client's sessions (`DELETE /client/sessions`, tunnelled), then clears the
   * active session and every cached token.
   * @throws {SignInError} any request error (local state is then unchanged).
   */
  async signOut(options: RequestOptions = {}): Promise<void> {
    const ticket = this.#state.begin();
    const result = await this.#send({ method: 'DELETE', path: '/client/sessions', signal: options.signal }, ticket, false);
    const json = isObject(result.payload) && typeof result.payload['id'] === 'string' ? (result.payload as unknown as ClientJSON) : result.client;
    this.#state.commit(ticket, () => {
      if (json) this.#state.applyClient(json);
    });
    this.#state.activate(null);
    this.#state.notify();
  }

  /** @internal `SignInHost`: sends for a `SignIn` and applies the result behind the stale guard. */
  async sendSignIn(target: SignIn, request: ApiRequest): Promise<SignIn> {
    const ticket = this.#state.begin();
    const result = await this.#send(request, ticket, false);
    const json = result.payload;
    if (!isObject(json) || typeof json['id'] !== 'string') throw unexpectedResponse('sign-in response', result.status);
    const signIn = json as unknown as SignInJSON;
    const applied = this.#state.commit(ticket, () => {
      applySignInJSON(target, signIn);
      if (result.client) this.#state.applyClient(result.client, target);
      else this.#state.adoptSignIn(target);
    });
    return applied ? target : SignIn.fromJSON(signIn, this);
  }

  async #reloadClient(): Promise<void> {
    const ticket = this.#state.begin();
    const result = await this.#api.request({ method: 'GET', path: '/client' });
    const json = result.payload;
    this.#state.commit(ticket, () => {
      if (isObject(json) && typeof json['id'] === 'string') this.#state.applyClient(json as unknown as ClientJSON);
      else this.#state.clearClient();
    });
  }

  /**
   * Sends; a client piggybacked on an error (`meta.client`) is always applied (§5, OP-7), one on
   * a success only with `applyClient` (callers that apply it themselves pass `false`). A 401 that
   * says the client lost its authentication re-reads `/client` before it is rethrown, so a session
   * that is gone is signed out locally (§8.2).
   */
  async #send(request: ApiRequest, ticket = this.#state.begin(), applyClient = true): Promise<ApiResult> {
    let result: ApiResult;
    try {
      result = await this.#api.request(request);
    } catch (error) {
      const client = clientFromError(error);
      if (client) this.#state.commit(ticket, () => this.#state.applyClient(client));
      if (lostAuthentication(error)) await this.#reloadClient().catch(() => undefined);
      throw error;
    }
    const client = result.client;
    if (client && applyClient) this.#state.commit(ticket, () => this.#state.applyClient(client));
    return result;
  }
}
