import { jwks } from '../crypto/jwt.js';
import type { Route } from './route.js';

/** Public keys for session-token verification (§12.1), at the server root. */
export const jwksRoutes: Route[] = [
  {
    method: 'GET',
    path: '/.well-known/jwks.json',
    handler: async (ctx) => ({ status: 200, body: jwks(ctx.app.keys), headers: { 'Cache-Control': 'public, max-age=300' } }),
  },
];
