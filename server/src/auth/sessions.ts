import type { App } from '../context.js';
import { signJwt } from '../crypto/jwt.js';
import { newId } from '../ids.js';
import type { ClientRecord, SessionRecord, SessionStatus } from '../store.js';

/** Effective expiry: absolute limit and, when enabled, the idle limit (SES-4). */
export function sessionExpiresAt(app: App, s: SessionRecord): number {
  const idle = app.config.session.idleTimeoutSeconds;
  return idle > 0 ? Math.min(s.expireAt, s.lastActiveAt + idle * 1000) : s.expireAt;
}

/** Marks an active session past its limits as `expired` and returns the up-to-date record. */
export async function refreshSession(app: App, s: SessionRecord): Promise<SessionRecord> {
  if (s.status !== 'active' || app.clock.now() < sessionExpiresAt(app, s)) return s;
  const now = app.clock.now();
  await app.store.updateSession(s.id, { status: 'expired', updatedAt: now });
  app.log.event('session.expired', { session_id: s.id, user_id: s.userId });
  return { ...s, status: 'expired', updatedAt: now };
}

export async function activeSessions(app: App, clientId: string): Promise<SessionRecord[]> {
  const list = await app.store.listSessions(clientId, 'active');
  const out: SessionRecord[] = [];
  for (const s of list) {
    const fresh = await refreshSession(app, s);
    if (fresh.status === 'active') out.push(fresh);
  }
  return out;
}

export function newSession(app: App, clientId: string, userId: string, factors: string[], firstFactorAt: number, secondFactorAt: number | null): SessionRecord {
  const now = app.clock.now();
  const max = app.config.session.maxLifetimeSeconds;
  return {
    id: newId('sess'),
    clientId,
    userId,
    status: 'active',
    createdAt: now,
    updatedAt: now,
    lastActiveAt: now,
    expireAt: max > 0 ? now + max * 1000 : Number.MAX_SAFE_INTEGER,
    factors,
    firstFactorAt,
    secondFactorAt,
  };
}

const minutesSince = (now: number, at: number | null) => (at === null ? -1 : Math.floor((now - at) / 60000));

/** `[first_minutes, second_minutes]`, -1 = never (§6.5, FLOW-6). */
export function factorVerificationAge(app: App, s: SessionRecord): [number, number] {
  const now = app.clock.now();
  return [minutesSince(now, s.firstFactorAt), minutesSince(now, s.secondFactorAt)];
}

/**
 * RS256 session token (§12.1). `iss` is the public base URL (JWKS at `${iss}/.well-known/jwks.json`);
 * `amr` lists the factor types used (DEC-3); `nbf` allows 5 s of clock skew.
 */
export function mintToken(app: App, s: SessionRecord, origin: string | undefined): string {
  const iat = Math.floor(app.clock.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: app.publicUrl,
    sub: s.userId,
    sid: s.id,
    iat,
    nbf: iat - 5,
    exp: iat + app.config.session.tokenTtlSeconds,
    jti: newId('jti').slice(4),
    v: 2,
    fva: factorVerificationAge(app, s),
    amr: s.factors,
  };
  if (origin) claims.azp = origin;
  return signJwt(app.keys, claims);
}

/** Ends one session; moves `last_active_session_id` to the most recent remaining one. */
export async function endSession(app: App, client: ClientRecord, s: SessionRecord, status: SessionStatus): Promise<SessionRecord> {
  const now = app.clock.now();
  if (s.status === 'active') {
    await app.store.updateSession(s.id, { status, updatedAt: now });
    app.log.event('session.ended', { session_id: s.id, user_id: s.userId, client_id: client.id, status });
  }
  if (client.lastActiveSessionId === s.id) {
    const rest = (await activeSessions(app, client.id)).filter((x) => x.id !== s.id);
    const next = rest.sort((a, b) => b.lastActiveAt - a.lastActiveAt)[0];
    await app.store.updateClient(client.id, { lastActiveSessionId: next?.id ?? null, updatedAt: now });
  }
  return (await app.store.getSession(s.id)) ?? s;
}

export async function endAllSessions(app: App, client: ClientRecord, status: SessionStatus): Promise<void> {
  const now = app.clock.now();
  for (const s of await app.store.listSessions(client.id, 'active')) {
    await app.store.updateSession(s.id, { status, updatedAt: now });
    app.log.event('session.ended', { session_id: s.id, user_id: s.userId, client_id: client.id, status });
  }
  await app.store.updateClient(client.id, { lastActiveSessionId: null, updatedAt: now });
}
