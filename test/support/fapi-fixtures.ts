// Wire fixtures (snake_case, as a Frontend API sends them) for core and controller tests.
import type { ClientJSON, EnvironmentJSON, SessionJSON, SignInJSON, UserJSON } from '../../src/core/wire.js';

const b64url = (value: unknown): string =>
  btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** An unsigned JWT expiring `ttlSeconds` from now (the client never verifies signatures). */
export function makeJwt(ttlSeconds = 60, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ iat: now, exp: now + ttlSeconds, ...claims })}.c2ln`;
}

export const T0 = 1_760_000_000_000;

export function userJSON(overrides: Partial<UserJSON> = {}): UserJSON {
  return {
    object: 'user',
    id: 'user_1',
    first_name: 'Ada',
    last_name: 'Lovelace',
    username: 'ada',
    image_url: 'https://img.example.test/ada.png',
    has_image: true,
    primary_email_address_id: 'idn_e1',
    primary_phone_number_id: null,
    email_addresses: [{ object: 'email_address', id: 'idn_e1', email_address: 'ada@example.com', verification: { status: 'verified', strategy: 'email_code' } }],
    phone_numbers: [],
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function sessionJSON(overrides: Partial<SessionJSON> = {}): SessionJSON {
  return {
    object: 'session',
    id: 'sess_1',
    status: 'active',
    expire_at: T0 + 86_400_000,
    last_active_at: T0,
    created_at: T0,
    updated_at: T0,
    last_active_token: { object: 'token', jwt: makeJwt(60, { sid: overrides.id ?? 'sess_1' }) },
    user: userJSON(),
    public_user_data: { first_name: 'Ada', last_name: 'Lovelace', identifier: 'ada@example.com', user_id: 'user_1' },
    ...overrides,
  };
}

export function signInJSON(overrides: Partial<SignInJSON> = {}): SignInJSON {
  return {
    object: 'sign_in_attempt',
    id: 'sia_1',
    status: 'needs_first_factor',
    supported_identifiers: ['email_address', 'username'],
    identifier: 'ada@example.com',
    user_data: { first_name: 'Ada', last_name: 'Lovelace', image_url: null, has_image: false },
    supported_first_factors: [
      { strategy: 'password' },
      { strategy: 'email_code', safe_identifier: 'a***@example.com', email_address_id: 'idn_e1', primary: true },
    ],
    supported_second_factors: null,
    first_factor_verification: null,
    second_factor_verification: null,
    created_session_id: null,
    client_trust_state: 'known',
    abandon_at: T0 + 86_400_000,
    ...overrides,
  };
}

export function completeSignInJSON(overrides: Partial<SignInJSON> = {}): SignInJSON {
  return signInJSON({
    status: 'complete',
    created_session_id: 'sess_1',
    first_factor_verification: { status: 'verified', strategy: 'password', attempts: 1, expire_at: null },
    ...overrides,
  });
}

export function clientJSON(overrides: Partial<ClientJSON> = {}): ClientJSON {
  return {
    object: 'client',
    id: 'client_1',
    sessions: [],
    sign_in: null,
    sign_up: null,
    last_active_session_id: null,
    cookie_expires_at: null,
    captcha_bypass: false,
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

/** A client that just completed `signIn` with `sess_1` (spec §10.3 rule 3). */
export function signedInClientJSON(signIn: SignInJSON = completeSignInJSON()): ClientJSON {
  return clientJSON({ sessions: [sessionJSON()], last_active_session_id: 'sess_1', sign_in: signIn });
}

export function environmentJSON(overrides: Partial<EnvironmentJSON> = {}): EnvironmentJSON {
  return {
    object: 'environment',
    auth_config: { single_session_mode: true, session_minter: false },
    display_config: { application_name: 'Demo', instance_environment_type: 'development', sign_in_url: null, sign_up_url: null, home_url: null },
    user_settings: {
      attributes: { email_address: { enabled: true, used_for_first_factor: true, first_factors: ['email_code'] }, password: { enabled: true, required: true } },
      password_settings: { min_length: 8, max_length: 0, require_numbers: false },
      sign_in: { second_factor: { required: false, enabled: false } },
    },
    maintenance_mode: false,
    ...overrides,
  };
}

/** The error envelope of spec §8.1. */
export function errorBody(code: string, options: { message?: string; meta?: Record<string, unknown>; client?: ClientJSON } = {}): unknown {
  const message = options.message ?? `${code} happened`;
  return {
    errors: [{ code, message, long_message: `${message} (long)`, meta: options.meta ?? {} }],
    meta: options.client ? { client: options.client } : {},
    clerk_trace_id: 'trace_1',
  };
}

/** `{response, client}` (spec §5). */
export function envelope(response: unknown, client: ClientJSON | null): unknown {
  return { response, client };
}

/**
 * A hosted Clerk development instance's key (`demo-app-42.clerk.accounts.dev`), which puts the
 * client in dev-browser mode (spec §4.2). Hosted Clerk cannot be reached from these tests (the
 * browser resolves only loopback hosts), so a `FakeFetch` plays its Frontend API.
 */
export const DEV_INSTANCE_KEY = 'pk_test_ZGVtby1hcHAtNDIuY2xlcmsuYWNjb3VudHMuZGV2JA';

/** `POST /v1/dev_browser` as hosted Clerk answers it (OP-5). */
export function devBrowserJSON(id = 'dvb_1'): unknown {
  return { object: 'dev_browser', id, token: id };
}

/** The page a dev browser reads and writes (`DevBrowserPage`): an address bar and a cookie jar. */
export class FakePage {
  href: string;
  /** Every `document.cookie = …` assignment, in order. */
  readonly cookieWrites: string[] = [];
  readonly #jar = new Map<string, string>();

  constructor(href = 'https://app.example.test/sign-in', cookies: Record<string, string> = {}) {
    this.href = href;
    for (const [name, value] of Object.entries(cookies)) this.#jar.set(name, value);
  }

  replaceHref(href: string): void {
    this.href = href;
  }

  get cookie(): string {
    return [...this.#jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  writeCookie(cookie: string): void {
    this.cookieWrites.push(cookie);
    const [pair = '', ...attributes] = cookie.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    if (attributes.some((attribute) => /^max-age=0$/i.test(attribute))) this.#jar.delete(name);
    else this.#jar.set(name, pair.slice(at + 1));
  }

  /** The jar as an object, for comparisons. */
  cookies(): Record<string, string> {
    return Object.fromEntries(this.#jar);
  }
}
