/**
 * Session tokens held in memory only (security.md DEC-5), per session id, by `exp` (spec §12.3).
 * The JWT is decoded, never verified: the client only needs `exp` to know when to refresh.
 */

/** The claims the client reads (§12.1); everything else passes through untyped. */
export interface JwtClaims {
  readonly exp?: number;
  readonly iat?: number;
  readonly sid?: string;
  readonly [claim: string]: unknown;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/** The payload of a compact JWT, or `null` when it is not one. */
export function decodeJwtClaims(jwt: string): JwtClaims | null {
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1])) as unknown;
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as JwtClaims) : null;
  } catch {
    return null;
  }
}

interface Entry {
  readonly jwt: string;
  /** Expiry in epoch ms. */
  readonly expiresAt: number;
}

/** A token is served from the cache while it has more than this left. */
export const TOKEN_LEEWAY_MS = 10_000;

export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A cached token for `sessionId` that is still good for more than `TOKEN_LEEWAY_MS`. */
  get(sessionId: string): string | null {
    const entry = this.#entries.get(sessionId);
    if (!entry) return null;
    if (entry.expiresAt - this.#now() > TOKEN_LEEWAY_MS) return entry.jwt;
    this.#entries.delete(sessionId);
    return null;
  }

  /**
   * Stores `jwt` for `sessionId`. With `onlyIfNewer` (seeding from `last_active_token`) an entry
   * that expires later is kept. Tokens without a numeric `exp` are not cached.
   */
  set(sessionId: string, jwt: string, onlyIfNewer = false): void {
    const exp = decodeJwtClaims(jwt)?.exp;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return;
    const current = this.#entries.get(sessionId);
    if (onlyIfNewer && current && current.expiresAt >= exp * 1000) return;
    this.#entries.set(sessionId, { jwt, expiresAt: exp * 1000 });
  }

  delete(sessionId: string): void {
    this.#entries.delete(sessionId);
  }

  clear(): void {
    this.#entries.clear();
  }
}
