/**
 * Backend API for second factors and identifiers (Clerk shapes where they exist):
 * `POST|DELETE /backend/v1/users/{id}/totp`, `POST /backend/v1/users/{id}/backup_codes`,
 * `POST /backend/v1/phone_numbers`, `POST /backend/v1/email_addresses` (`user_id` in the body) and
 * `POST /backend/v1/users/{id}/phone_numbers|email_addresses`.
 */
import type { RequestContext } from '../context.js';
import { errors } from '../errors.js';
import { optBool, reqString } from '../http.js';
import { createBackupCodes, enrollTotp, removeTotp } from '../mfa.js';
import { loadUser, userJson } from '../serialize.js';
import type { IdentifierKind, IdentifierRecord } from '../store.js';
import { addIdentifier } from '../users.js';
import { requireSecretKey, USER_ID } from './backend.js';
import type { Route } from './route.js';

function userIdParam(ctx: RequestContext): string {
  const id = ctx.params.id!;
  if (!USER_ID.test(id)) throw errors.notFound('user');
  return id;
}

function identifierJson(idn: IdentifierRecord): Record<string, unknown> {
  const verification = idn.verified ? { status: 'verified', strategy: 'admin', attempts: null, expire_at: null } : null;
  const base = { id: idn.id, verification, linked_to: [], created_at: idn.createdAt, updated_at: idn.createdAt };
  return idn.kind === 'email_address'
    ? { object: 'email_address', email_address: idn.value, ...base }
    : { object: 'phone_number', phone_number: idn.value, reserved_for_second_factor: idn.reservedForSecondFactor, ...base };
}

async function add(ctx: RequestContext, kind: IdentifierKind, userId: string) {
  requireSecretKey(ctx);
  const b = ctx.body;
  const idn = await addIdentifier(ctx.app, userId, {
    kind,
    value: reqString(b, kind, 320),
    verified: optBool(b, 'verified'),
    primary: optBool(b, 'primary'),
    reservedForSecondFactor: kind === 'phone_number' ? optBool(b, 'reserved_for_second_factor') : undefined,
  });
  return { status: 200, body: identifierJson(idn) };
}

const PLURAL = { phone_number: 'phone_numbers', email_address: 'email_addresses' } as const;

const identifierRoutes = (['phone_number', 'email_address'] as const).flatMap((kind): Route[] => [
  {
    method: 'POST',
    path: `/backend/v1/${PLURAL[kind]}`,
    handler: async (ctx) => {
      requireSecretKey(ctx);
      const userId = reqString(ctx.body, 'user_id', 100);
      if (!USER_ID.test(userId)) throw errors.notFound('user');
      return add(ctx, kind, userId);
    },
  },
  { method: 'POST', path: `/backend/v1/users/:id/${PLURAL[kind]}`, handler: async (ctx) => add(ctx, kind, userIdParam(ctx)) },
]);

export const backendFactorRoutes: Route[] = [
  {
    // Enrolls at once (no confirmation code), like Clerk's Backend API; replaces an earlier secret.
    method: 'POST',
    path: '/backend/v1/users/:id/totp',
    handler: async (ctx) => {
      requireSecretKey(ctx);
      const { secret, uri } = await enrollTotp(ctx.app, userIdParam(ctx));
      return { status: 200, body: { object: 'totp', secret, uri, verified: true } };
    },
  },
  {
    method: 'DELETE',
    path: '/backend/v1/users/:id/totp',
    handler: async (ctx) => {
      requireSecretKey(ctx);
      const id = userIdParam(ctx);
      await removeTotp(ctx.app, id);
      const user = await loadUser(ctx.app, id);
      return { status: 200, body: userJson(ctx.app, user!) };
    },
  },
  {
    method: 'POST',
    path: '/backend/v1/users/:id/backup_codes',
    handler: async (ctx) => {
      requireSecretKey(ctx);
      const codes = await createBackupCodes(ctx.app, userIdParam(ctx));
      return { status: 200, body: { object: 'backup_code', codes } };
    },
  },
  ...identifierRoutes,
];
