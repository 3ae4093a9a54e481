import { currentClient, ensureClient } from '../auth/clients.js';
import { endAllSessions, endSession, mintToken, refreshSession } from '../auth/sessions.js';
import type { RequestContext } from '../context.js';
import { errors } from '../errors.js';
import { clientJson, loadUser, sessionJson } from '../serialize.js';
import type { SessionRecord } from '../store.js';
import { envelope, type Route } from './route.js';

/** A session of the request's client; 404 for unknown ids and other clients' sessions. */
async function ownSession(ctx: RequestContext): Promise<SessionRecord> {
  const client = await currentClient(ctx);
  const s = await ctx.app.store.getSession(ctx.params.id!);
  if (!client || !s || s.clientId !== client.id) throw errors.notFound('session');
  return refreshSession(ctx.app, s);
}

const sessionEnvelope = async (ctx: RequestContext, s: SessionRecord) =>
  envelope(ctx, sessionJson(ctx, s, await loadUser(ctx.app, s.userId)));

async function tokens(ctx: RequestContext) {
  const { app } = ctx;
  const found = await app.store.getSession(ctx.params.id!);
  if (!found) throw errors.notFound('session');
  const client = await currentClient(ctx);
  // An existing session the caller may not use, or that has ended, is 401 (§12.2, SES-5).
  if (!client || found.clientId !== client.id) throw errors.authInvalid();
  const s = await refreshSession(app, found);
  if (s.status !== 'active') throw errors.authInvalid(`The session is ${s.status}.`);
  const now = app.clock.now();
  await app.store.updateSession(s.id, { lastActiveAt: now, updatedAt: now });
  return { status: 200, body: { object: 'token', jwt: mintToken(app, { ...s, lastActiveAt: now }, ctx.origin) } };
}

export const sessionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/client/sessions/:id',
    handler: async (ctx) => sessionEnvelope(ctx, await ownSession(ctx)),
  },
  {
    method: 'POST',
    path: '/v1/client/sessions/:id/touch',
    piggyback: true,
    handler: async (ctx) => {
      const s = await ownSession(ctx);
      if (s.status !== 'active') throw errors.authInvalid(`The session is ${s.status}.`);
      const now = ctx.app.clock.now();
      await ctx.app.store.updateSession(s.id, { lastActiveAt: now, updatedAt: now });
      await ctx.app.store.updateClient(s.clientId, { lastActiveSessionId: s.id, updatedAt: now });
      return sessionEnvelope(ctx, { ...s, lastActiveAt: now, updatedAt: now });
    },
  },
  { method: 'POST', path: '/v1/client/sessions/:id/tokens', handler: tokens },
  { method: 'POST', path: '/v1/client/sessions/:id/tokens/:template', handler: tokens },
  ...(['remove', 'end'] as const).map(
    (verb): Route => ({
      method: 'POST',
      path: `/v1/client/sessions/:id/${verb}`,
      piggyback: true,
      handler: async (ctx) => {
        const s = await ownSession(ctx);
        const client = (await currentClient(ctx))!;
        return sessionEnvelope(ctx, await endSession(ctx.app, client, s, verb === 'remove' ? 'removed' : 'ended'));
      },
    }),
  ),
  {
    // Sign out of every session on this client; the client cookie stays (§9.3).
    method: 'DELETE',
    path: '/v1/client/sessions',
    piggyback: true,
    handler: async (ctx) => {
      const existing = await currentClient(ctx);
      if (!existing) return { status: 200, body: { response: null, client: null } };
      const client = await ensureClient(ctx);
      await endAllSessions(ctx.app, client, 'ended');
      const fresh = (await ctx.app.store.getClient(client.id))!;
      ctx.client = fresh;
      return { status: 200, body: { response: await clientJson(ctx, fresh), client: null } };
    },
  },
];
