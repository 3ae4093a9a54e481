import type { RequestContext } from '../context.js';
import { errors } from '../errors.js';
import { serializeCookie } from '../http.js';
import { newId, newToken, sha256Hex } from '../ids.js';
import type { ClientRecord } from '../store.js';

const CREDENTIAL = /^[A-Za-z0-9_-]{20,100}$/;

/** The query parameter of dev-browser mode (§4.2). */
export const DEV_BROWSER_PARAM = '__clerk_db_jwt';

/** Development only: the request identifies its client by `__clerk_db_jwt` (§4.2, §4.4). */
export const inDevBrowserMode = (ctx: RequestContext) => ctx.app.config.mode === 'development' && ctx.query.has(DEV_BROWSER_PARAM);

/**
 * The request's client, or null. Dev-browser mode (development): by the `__clerk_db_jwt` token
 * alone, an unknown one being 401 `dev_browser_unauthenticated` (§4.4). Otherwise by the cookie;
 * unknown or forged cookies are ignored (SES-1).
 */
export async function currentClient(ctx: RequestContext): Promise<ClientRecord | null> {
  if (ctx.client !== undefined) return ctx.client;
  if (inDevBrowserMode(ctx)) {
    const token = ctx.query.get(DEV_BROWSER_PARAM) ?? '';
    const client = CREDENTIAL.test(token) ? await ctx.app.store.getClientByTokenHash(sha256Hex(token)) : null;
    if (!client) throw errors.devBrowserUnauthenticated();
    ctx.client = client;
    return client;
  }
  const value = ctx.cookies.get(ctx.app.cookieName);
  ctx.client = value && CREDENTIAL.test(value) ? await ctx.app.store.getClientByTokenHash(sha256Hex(value)) : null;
  return ctx.client;
}

/** Hands the client its (new) credential: the cookie, or in dev-browser mode a `Clerk-Db-Jwt` header (§4.2). */
export function issueCookie(ctx: RequestContext, token: string): void {
  const { app } = ctx;
  if (inDevBrowserMode(ctx)) {
    ctx.responseHeaders['Clerk-Db-Jwt'] = token;
    return;
  }
  ctx.setCookies.push(
    serializeCookie({ name: app.cookieName, value: token, maxAgeSeconds: app.config.clientCookieMaxAgeSeconds, secure: app.secureCookies }),
  );
}

export function clearClientCookie(ctx: RequestContext): void {
  ctx.setCookies.push(serializeCookie({ name: ctx.app.cookieName, value: '', maxAgeSeconds: 0, secure: ctx.app.secureCookies }));
}

/** Returns the current client, creating it (and setting the cookie) on the first mutation (§4.4). */
export async function ensureClient(ctx: RequestContext): Promise<ClientRecord> {
  const existing = await currentClient(ctx);
  if (existing) return existing;
  const token = newToken();
  const client = await createClient(ctx, token);
  issueCookie(ctx, token);
  return client;
}

/** A new client whose credential is `token` (only its SHA-256 is stored); the caller hands `token` out. */
export async function createClient(ctx: RequestContext, token: string): Promise<ClientRecord> {
  const now = ctx.app.clock.now();
  const client: ClientRecord = {
    id: newId('client'),
    tokenHash: sha256Hex(token),
    signInId: null,
    lastActiveSessionId: null,
    lastAuthenticationStrategy: null,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.app.store.createClient(client);
  ctx.client = client;
  ctx.app.log.event('client.created', { client_id: client.id, ip: ctx.ip });
  return client;
}

/**
 * A fresh client credential (SES-1). The caller stores `hash` (inside the completion
 * transaction) and only then calls `issueCookie(ctx, token)`.
 */
export function newCredential(): { token: string; hash: string } {
  const token = newToken();
  return { token, hash: sha256Hex(token) };
}

/** Reloads the request's client from the store (after mutations). */
export async function reloadClient(ctx: RequestContext): Promise<ClientRecord | null> {
  const c = await currentClient(ctx);
  if (!c) return null;
  ctx.client = await ctx.app.store.getClient(c.id);
  return ctx.client;
}
