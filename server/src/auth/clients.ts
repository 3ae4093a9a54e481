import type { RequestContext } from '../context.js';
import { serializeCookie } from '../http.js';
import { newId, newToken, sha256Hex } from '../ids.js';
import type { ClientRecord } from '../store.js';

/** The client named by the request's cookie, or null (unknown or forged cookies are ignored, SES-1). */
export async function currentClient(ctx: RequestContext): Promise<ClientRecord | null> {
  if (ctx.client !== undefined) return ctx.client;
  const value = ctx.cookies.get(ctx.app.cookieName);
  ctx.client = value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? await ctx.app.store.getClientByTokenHash(sha256Hex(value)) : null;
  return ctx.client;
}

export function issueCookie(ctx: RequestContext, token: string): void {
  const { app } = ctx;
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
  const now = ctx.app.clock.now();
  const token = newToken();
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
  issueCookie(ctx, token);
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
