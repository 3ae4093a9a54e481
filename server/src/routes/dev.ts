/**
 * Development helpers outside /v1 (development mode only; 404 in production):
 * `GET /dev/outbox[?to=…]` — codes "sent" by email/SMS, newest first;
 * `GET /dev/demo-users` — the seeded demo users (only with --dev / DEV_TOOLS).
 * CORS follows the allowed origins like every non-backend path.
 */
import { errors } from '../errors.js';
import type { Route } from './route.js';

export const devRoutes: Route[] = [
  {
    method: 'GET',
    path: '/dev/outbox',
    handler: async (ctx) => {
      const outbox = ctx.app.delivery.outbox;
      if (ctx.app.config.mode !== 'development' || !outbox) throw errors.notFound('route');
      return { status: 200, body: outbox.list(ctx.query.get('to') ?? undefined) };
    },
  },
  {
    method: 'GET',
    path: '/dev/demo-users',
    handler: async (ctx) => {
      if (ctx.app.config.mode !== 'development' || !ctx.app.config.devTools) throw errors.notFound('route');
      return { status: 200, body: ctx.app.demoUsers };
    },
  },
];
