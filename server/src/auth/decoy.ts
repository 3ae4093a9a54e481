/**
 * Strict enumeration mode (RL-8, DEC-6, PW-11, PW-12). An identifier without an account gets a
 * sign-in like a password account's: `needs_first_factor` with the factors a real account shows for
 * that kind of identifier, whose ids are derived with HMAC from the identifier (stable across
 * requests, unpredictable without the server key). The decoy account can never be signed in to:
 * every password is checked against a dummy hash and answers `form_password_or_identifier_incorrect`,
 * every code `form_code_incorrect`; its lockout counter lives in memory (security/lockout.ts).
 * Nothing about a decoy is stored beyond the sign-in row itself (`user_id` null).
 */
import { createHmac } from 'node:crypto';
import type { App } from '../context.js';
import { derivedId } from '../ids.js';
import { supportedFirstFactors, type Factor, type UserBundle } from '../strategies/index.js';
import type { IdentifierRecord, LookupKind, SignInRecord } from '../store.js';
import { classifyIdentifier } from './identifiers.js';

export const strictEnumeration = (app: Pick<App, 'config'>) => app.config.enumeration.mode === 'strict';

/** Placeholder stored as the decoy's password hash: never parsed, the strategy uses a dummy hash (PW-11). */
const DECOY_PASSWORD_HASH = '$decoy$';

/** An identifier as the input of the keyed decoy ids and probe tags (never used unkeyed). */
const identifierTag = (kind: LookupKind, normalized: string) => `${kind}:${normalized}`;

/** The keyed tag that stands for an identifier in the parity-mode probe counts (RL-8): never the identifier itself. */
export const probeTag = (app: Pick<App, 'enumerationKey'>, kind: LookupKind, normalized: string) =>
  createHmac('sha256', app.enumerationKey).update(identifierTag(kind, normalized)).digest('base64url');

/**
 * The decoy account for what the user typed, or null when it is no valid identifier (no account
 * can have it, so refusing it reveals nothing).
 */
export function decoyUser(app: Pick<App, 'enumerationKey' | 'lockout'>, identifier: string): UserBundle | null {
  const found = classifyIdentifier(identifier);
  if (!found) return null;
  const tag = identifierTag(found.kind, found.normalized);
  const id = derivedId('decoy', app.enumerationKey, `user|${tag}`);
  const identifiers: IdentifierRecord[] =
    found.kind === 'username'
      ? []
      : [{ id: derivedId('idn', app.enumerationKey, `idn|${tag}`), userId: id, kind: found.kind, value: found.normalized, normalized: found.normalized, verified: true, primary: true, reservedForSecondFactor: false, createdAt: 0 }];
  const counter = app.lockout.decoys.get(id);
  return {
    user: { id, firstName: null, lastName: null, username: found.kind === 'username' ? found.normalized : null, passwordHash: DECOY_PASSWORD_HASH, createdAt: 0, updatedAt: 0, lastSignInAt: null, ...counter },
    identifiers,
    mfa: { totp: false, backupCodes: 0 },
    decoy: true,
  };
}

/** A decoy sign-in: strict mode, an identifier, no account (needs_identifier sign-ins have no user at all). */
export const isDecoySignIn = (app: Pick<App, 'config'>, si: SignInRecord) => strictEnumeration(app) && si.userId === null && si.identifier !== null && si.status !== 'needs_identifier';

/**
 * `supported_first_factors`. Strict mode lists only what a decoy can list too: `password` and the
 * codes to the identifier typed (an email → its email codes, a phone number → its SMS codes, a
 * username → password only), so the list never tells an account from a decoy. Parity mode lists all.
 */
export function visibleFirstFactors(app: App, user: UserBundle, si: SignInRecord): Factor[] {
  const all = supportedFirstFactors(app, user);
  if (!strictEnumeration(app)) return all;
  const typed = si.identifier ? classifyIdentifier(si.identifier) : null;
  const ids = new Set(user.identifiers.filter((i) => typed && i.kind === typed.kind && i.normalized === typed.normalized).map((i) => i.id));
  return all.filter((f) => f.strategy === 'password' || ids.has(String(f.email_address_id ?? f.phone_number_id)));
}
