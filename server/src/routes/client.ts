import { clearClientCookie, createClient, currentClient } from '../auth/clients.js';
import { newToken } from '../ids.js';
import { endAllSessions } from '../auth/sessions.js';
import { errors } from '../errors.js';
import { clientJson } from '../serialize.js';
import type { Route } from './route.js';

export const clientRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/client',
    handler: async (ctx) => {
      const client = await currentClient(ctx);
      return { status: 200, body: { response: client ? await clientJson(ctx, client) : null, client: null } };
    },
  },
  {
    // Sign out everywhere on this device and forget the client (§9.1).
    method: 'DELETE',
    path: '/v1/client',
    handler: async (ctx) => {
      const client = await currentClient(ctx);
      if (!client) return { status: 200, body: { response: null, client: null } };
      await endAllSessions(ctx.app, client, 'ended');
      const fresh = (await ctx.app.store.getClient(client.id))!;
      const body = { response: await clientJson(ctx, { ...fresh, signInId: null }), client: null };
      await ctx.app.store.deleteClient(client.id);
      ctx.client = null;
      clearClientCookie(ctx);
      ctx.app.log.event('client.deleted', { client_id: client.id, ip: ctx.ip });
      return { status: 200, body };
    },
  },
  {
    // Dev-browser mode (§4.2), development only: the token is the new client's credential and
    // identifies it by itself (`?__clerk_db_jwt=`); production uses the cookie only (404 here).
    method: 'POST',
    path: '/v1/dev_browser',
    handler: async (ctx) => {
      if (ctx.app.config.mode !== 'development') throw errors.notFound('dev browser support');
      ctx.app.rateLimiter.hit('dev_browser', ctx.ip, ctx.app.config.rateLimit.createMax);
      const token = `dvb_${newToken()}`;
      const client = await createClient(ctx, token);
      ctx.app.log.event('dev_browser.created', { client_id: client.id, ip: ctx.ip });
      return { status: 200, body: { object: 'dev_browser', id: token, token } };
    },
  },
];
