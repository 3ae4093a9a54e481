import { createPublicKey, verify } from 'node:crypto';
import { FakeClock, startServer, type RunningServer, type StartOptions } from '../src/index.js';

export const PAGE_ORIGIN = 'http://localhost:8000';
/** A policy-compliant password that differs from Ada's. */
export const NEW_PASSWORD = 'brand-new-passphrase-2026';
export const ADA = { email: 'ada@example.com', password: 'analytical-engine-1843', username: 'ada', phone: '+15555550100' };

export interface TestServer {
  srv: RunningServer;
  clock: FakeClock;
  browser(origin?: string | null): Browser;
  adaId: string;
  close(): Promise<void>;
}

/**
 * Cheap scrypt, lenient rate limits, fake clock, page origin allowed. Creates Ada. Client trust is
 * off unless a test turns it on (`config: { clientTrust: true }`): password tests expect `complete`.
 */
export async function startTestServer(options: StartOptions & { noUser?: boolean } = {}): Promise<TestServer> {
  const clock = new FakeClock();
  const cfg = options.config ?? {};
  const srv = await startServer({
    ...options,
    clock,
    config: {
      allowedOrigins: [PAGE_ORIGIN],
      clientTrust: false,
      ...cfg,
      password: { scryptLogN: 4, ...cfg.password },
      rateLimit: { createMax: 1000, attemptMax: 1000, ...cfg.rateLimit },
    },
  });
  const adaId = options.noUser ? '' : await createAda(srv);
  return { srv, clock, adaId, browser: (origin = PAGE_ORIGIN) => new Browser(srv.publicUrl, origin), close: () => srv.close() };
}

async function createAda(srv: TestServer['srv'], withPhone = true): Promise<string> {
  const phoneNumbers = withPhone ? [ADA.phone] : [];
  return (await srv.createUser({ emailAddresses: [ADA.email], phoneNumbers, username: ADA.username, password: ADA.password, firstName: 'Ada', lastName: 'Lovelace' })).id;
}

/**
 * Between tests: wipe the server, create Ada again, and move the clock past resend cooldowns
 * (`advanceMs`, default 60 s) so no test inherits another's counters.
 */
export async function resetToAda(t: TestServer, options: { withPhone?: boolean; advanceMs?: number } = {}): Promise<void> {
  await t.srv.reset();
  t.adaId = await createAda(t.srv, options.withPhone ?? true);
  t.clock.advance(options.advanceMs ?? 60_000);
}

export interface Res {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

/** A minimal browser: cookie jar, Origin header, form-encoded bodies. */
export class Browser {
  readonly jar = new Map<string, string>();
  lastSetCookies: string[] = [];
  constructor(
    readonly base: string,
    public origin: string | null,
  ) {}

  async request(method: string, path: string, body?: Record<string, string | string[]> | string, headers: Record<string, string> = {}): Promise<Res> {
    const h: Record<string, string> = { ...headers };
    if (this.origin) h.Origin = this.origin;
    if (this.jar.size) h.Cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | undefined;
    if (typeof body === 'string') payload = body;
    else if (body) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      payload = p.toString();
      h['Content-Type'] ??= 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    this.lastSetCookies = res.headers.getSetCookie();
    for (const c of this.lastSetCookies) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(c) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }
  post(path: string, body?: Record<string, string | string[]> | string, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? '', headers);
  }

  /** One-step password sign-in; returns the completed response. */
  async signIn(identifier = ADA.email, password = ADA.password): Promise<Res> {
    return this.post('/v1/client/sign_ins', { identifier, password });
  }
}

/** Verifies an RS256 JWT against a JWKS document with node:crypto; returns the payload. */
export function verifyJwt(jwt: string, jwks: { keys: any[] }): Record<string, any> {
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
  if (header.alg !== 'RS256') throw new Error('alg');
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error('unknown kid');
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s!, 'base64url'))) throw new Error('bad signature');
  return JSON.parse(Buffer.from(p!, 'base64url').toString());
}

/** The `code` of what `fn` throws (an ApiError), or `'ok'` when it returns. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

export function errorCode(res: Res): string | undefined {
  return res.json?.errors?.[0]?.code;
}

/** The newest code in the development outbox for `to` (email or E.164). */
export function lastCode(t: TestServer, to: string): string {
  const m = t.srv.lastMessage(to);
  if (!m?.code) throw new Error(`no code sent to ${to}`);
  return m.code;
}

/** `POST /v1/client/sign_ins` with an identifier; returns the sign-in JSON and its action base path. */
export async function startSignIn(b: Browser, identifier = ADA.email): Promise<{ si: any; path: string }> {
  const res = await b.post('/v1/client/sign_ins', { identifier });
  if (res.status !== 200) throw new Error(`create failed: ${res.text}`);
  return { si: res.json.response, path: `/v1/client/sign_ins/${res.json.response.id}` };
}

/** Sign-in JSON from a success or (meta.client) error response. */
export const signInOf = (res: Res): any => res.json?.response?.object === 'sign_in_attempt' ? res.json.response : (res.json?.client ?? res.json?.meta?.client)?.sign_in;
