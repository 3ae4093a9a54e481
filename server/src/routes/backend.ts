/** Backend API (`/backend/v1`), authenticated with `Authorization: Bearer <secret key>`. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestContext } from '../context.js';
import { errors } from '../errors.js';
import { optString, optStringList } from '../http.js';
import { loadUser, userJson } from '../serialize.js';
import { createUser, deleteUser } from '../users.js';
import type { Route } from './route.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function requireSecretKey(ctx: RequestContext): void {
  const header = ctx.headers.authorization;
  const value = typeof header === 'string' ? header : '';
  const m = /^Bearer\s+(\S+)$/i.exec(value.trim());
  if (!m || !timingSafeEqual(digest(m[1]!), digest(ctx.app.secretKey))) throw errors.backendUnauthorized();
}

export const USER_ID = /^user_[A-Za-z0-9]{1,64}$/;

export const backendRoutes: Route[] = [
  {
    method: 'POST',
    path: '/backend/v1/users',
    handler: async (ctx) => {
      requireSecretKey(ctx);
      const b = ctx.body;
      const bundle = await createUser(ctx.app, {
        emailAddresses: optStringList(b, 'email_address'),
        phoneNumbers: optStringList(b, 'phone_number'),
        username: optString(b, 'username', 64),
        password: optString(b, 'password', Number.MAX_SAFE_INTEGER),
        firstName: optString(b, 'first_name', 256),
        lastName: optString(b, 'last_name', 256),
      });
      return { status: 200, body: userJson(ctx.app, bundle) };
    },
  },
  {
    method: 'GET',
    path: '/backend/v1/users/:id',
    handler: async (ctx) => {
      requireSecretKey(ctx);
      const user = USER_ID.test(ctx.params.id!) ? await loadUser(ctx.app, ctx.params.id!) : null;
      if (!user) throw errors.notFound('user');
      return { status: 200, body: userJson(ctx.app, user) };
    },
  },
  {
    method: 'DELETE',
    path: '/backend/v1/users/:id',
    handler: async (ctx) => {
      requireSecretKey(ctx);
      if (!USER_ID.test(ctx.params.id!) || !(await deleteUser(ctx.app, ctx.params.id!))) throw errors.notFound('user');
      return { status: 200, body: { object: 'user', id: ctx.params.id, deleted: true } };
    },
  },
];
