/**
 * Session-token verification for backends (SES-7), with node:crypto only. A token is accepted
 * only if: the header says `alg: "RS256"` (the only algorithm allowed: `none`, HS*, ES* and
 * friends are refused before any key is touched); its `kid` names an RSA key from *our* JWKS
 * (given as `keys` or fetched from `jwksUrl`, never from the token); the RS256 signature verifies;
 * `iss` equals `issuer`; `exp` (required) and `nbf` hold within `clockSkewSeconds`; and, when
 * `authorizedParties` is given, `azp` is present and one of them.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isLoopbackHost } from './config.js';

export type TokenVerificationReason =
  | 'malformed'
  | 'alg_not_allowed'
  | 'unknown_kid'
  | 'bad_signature'
  | 'issuer_mismatch'
  | 'expired'
  | 'not_yet_valid'
  | 'azp_not_allowed'
  | 'jwks_unavailable';

export class TokenVerificationError extends Error {
  readonly reason: TokenVerificationReason;
  constructor(reason: TokenVerificationReason, message: string) {
    super(message);
    this.name = 'TokenVerificationError';
    this.reason = reason;
  }
}

/** The claims of a session token this server mints (§12.1). */
export interface SessionClaims {
  iss: string;
  sub: string;
  sid: string;
  iat: number;
  nbf?: number;
  exp: number;
  azp?: string;
  amr?: string[];
  fva?: [number, number];
  [claim: string]: unknown;
}

export interface VerifySessionTokenOptions {
  /** The JWKS document (`{keys:[…]}`) or its keys. Exactly one of `keys` and `jwksUrl`. */
  keys?: { keys: JsonWebKey[] } | JsonWebKey[];
  /** `${iss}/.well-known/jwks.json`; https, or http on a loopback host. Cached for 5 minutes. */
  jwksUrl?: string;
  /** Expected `iss`: the server's PUBLIC_URL. */
  issuer: string;
  /** Allowed `azp` values (page origins). When given, a token without `azp` is refused too. */
  authorizedParties?: string[];
  /** Tolerance for `exp` / `nbf`, seconds (default 5, at most 300). */
  clockSkewSeconds?: number;
  /** Current time in Unix ms (default `Date.now`). */
  now?: () => number;
  /** Timeout for fetching the JWKS, ms (default 5000). */
  fetchTimeoutMs?: number;
}

const JWKS_TTL_MS = 5 * 60_000;
/** An unknown kid refetches the JWKS (key rotation), at most this often per URL. */
const JWKS_REFETCH_MS = 30_000;
const jwksCache = new Map<string, { keys: JsonWebKey[]; fetchedAt: number }>();

function fail(reason: TokenVerificationReason, message: string): never {
  throw new TokenVerificationError(reason, message);
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) fail('malformed', `the ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    fail('malformed', `the ${what} is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('malformed', `the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

const jwkList = (keys: NonNullable<VerifySessionTokenOptions['keys']>): JsonWebKey[] => (Array.isArray(keys) ? keys : Array.isArray(keys?.keys) ? keys.keys : []);

function checkJwksUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('jwks_unavailable', 'jwksUrl is not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) fail('jwks_unavailable', 'jwksUrl must use https (http only on a loopback host)');
  return url.href;
}

async function fetchJwks(url: string, timeoutMs: number): Promise<JsonWebKey[]> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`status ${res.status}`);
    const keys = jwkList((await res.json()) as { keys: JsonWebKey[] });
    if (keys.length === 0) throw new Error('no keys');
    return keys;
  } catch (err) {
    return fail('jwks_unavailable', `could not load the JWKS: ${err instanceof Error ? err.message : 'error'}`);
  }
}

/** The RSA public key with this kid, from the given keys or the (cached) JWKS. */
async function findKey(kid: string, options: VerifySessionTokenOptions, nowMs: number): Promise<KeyObject> {
  let keys: JsonWebKey[];
  if (options.keys !== undefined) {
    keys = jwkList(options.keys);
  } else if (options.jwksUrl !== undefined) {
    const url = checkJwksUrl(options.jwksUrl);
    const timeout = options.fetchTimeoutMs ?? 5000;
    let cached = jwksCache.get(url);
    const stale = !cached || nowMs - cached.fetchedAt > JWKS_TTL_MS;
    const missing = cached && !cached.keys.some((k) => k.kid === kid) && nowMs - cached.fetchedAt > JWKS_REFETCH_MS;
    if (stale || missing) {
      cached = { keys: await fetchJwks(url, timeout), fetchedAt: nowMs };
      jwksCache.set(url, cached);
    }
    keys = cached!.keys;
  } else {
    return fail('jwks_unavailable', 'give keys or jwksUrl');
  }
  const jwk = keys.find((k) => k.kid === kid);
  if (!jwk || jwk.kty !== 'RSA' || (jwk.alg !== undefined && jwk.alg !== 'RS256') || (jwk.use !== undefined && jwk.use !== 'sig')) {
    return fail('unknown_kid', 'the token was not signed with a key of this JWKS');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return fail('unknown_kid', 'the JWKS key is not a usable RSA public key');
  }
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) fail('unknown_kid', 'the JWKS key is shorter than 2048 bits');
  return key;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Verifies a session token (SES-7) and returns its claims, or throws a TokenVerificationError. */
export async function verifySessionToken(token: string, options: VerifySessionTokenOptions): Promise<SessionClaims> {
  if (typeof options?.issuer !== 'string' || options.issuer === '') throw new TypeError('verifySessionToken: issuer is required');
  if ((options.keys === undefined) === (options.jwksUrl === undefined)) throw new TypeError('verifySessionToken: give exactly one of keys and jwksUrl');
  const skew = options.clockSkewSeconds ?? 5;
  if (!Number.isFinite(skew) || skew < 0 || skew > 300) throw new TypeError('verifySessionToken: clockSkewSeconds must be 0…300');
  const nowMs = (options.now ?? Date.now)();

  if (typeof token !== 'string' || token.length > 16_384) fail('malformed', 'not a token');
  const parts = token.split('.');
  if (parts.length !== 3) fail('malformed', 'a JWT has three parts');
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(h, 'header');
  if (header.alg !== 'RS256') fail('alg_not_allowed', `alg ${JSON.stringify(header.alg)} is not allowed (RS256 only)`);
  if (header.crit !== undefined) fail('malformed', 'critical header parameters are not supported');
  if (header.typ !== undefined && header.typ !== 'JWT') fail('malformed', 'typ must be JWT');
  if (typeof header.kid !== 'string' || header.kid === '') fail('unknown_kid', 'the token names no key (kid)');
  const claims = decodeJson(p, 'payload');
  if (!/^[A-Za-z0-9_-]+$/.test(s)) fail('bad_signature', 'the signature is not base64url');

  const key = await findKey(header.kid as string, options, nowMs);
  if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) fail('bad_signature', 'the signature does not verify');

  if (claims.iss !== options.issuer) fail('issuer_mismatch', 'iss is not the expected issuer');
  const now = nowMs / 1000;
  if (!isNumber(claims.exp)) fail('malformed', 'exp is required');
  if ((claims.exp as number) + skew <= now) fail('expired', 'the token has expired');
  if (claims.nbf !== undefined && (!isNumber(claims.nbf) || claims.nbf - skew > now)) fail('not_yet_valid', 'the token is not valid yet');
  if (options.authorizedParties !== undefined && (typeof claims.azp !== 'string' || !options.authorizedParties.includes(claims.azp))) {
    fail('azp_not_allowed', 'azp is not an authorized party');
  }
  if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') fail('malformed', 'sub and sid are required');
  return claims as SessionClaims;
}
