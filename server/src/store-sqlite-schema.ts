/** SQLite schema migrations and row mapping for SqliteStore. */
import type { BackupCodeRecord, ClientRecord, IdentifierRecord, SessionRecord, SessionStatus, SignInRecord, TotpRecord, UserRecord } from './store.js';
/** Schema migrations, applied in order; `PRAGMA user_version` records how many ran. */
export const MIGRATIONS: string[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT,
     username TEXT, username_normalized TEXT UNIQUE,
     password_hash TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
     last_sign_in_at INTEGER, failed_attempts INTEGER NOT NULL DEFAULT 0, last_failed_at INTEGER);
   CREATE TABLE identifiers (
     id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     kind TEXT NOT NULL, value TEXT NOT NULL, normalized TEXT NOT NULL, verified INTEGER NOT NULL,
     created_at INTEGER NOT NULL, UNIQUE (kind, normalized));
   CREATE INDEX identifiers_user ON identifiers(user_id);
   CREATE TABLE clients (
     id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, sign_in_id TEXT,
     last_active_session_id TEXT, last_authentication_strategy TEXT,
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE sign_ins (
     id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
     status TEXT NOT NULL, identifier TEXT, user_id TEXT,
     first_factor TEXT, second_factor TEXT, created_session_id TEXT,
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, abandon_at INTEGER NOT NULL,
     version INTEGER NOT NULL);
   CREATE INDEX sign_ins_client ON sign_ins(client_id);
   CREATE TABLE sessions (
     id TEXT PRIMARY KEY, client_id TEXT NOT NULL, user_id TEXT NOT NULL, status TEXT NOT NULL,
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_active_at INTEGER NOT NULL,
     expire_at INTEGER NOT NULL, factors TEXT NOT NULL, first_factor_at INTEGER, second_factor_at INTEGER);
   CREATE INDEX sessions_client ON sessions(client_id);
   CREATE INDEX sessions_user ON sessions(user_id);`,
  // 2: one-time codes, second factors and client trust.
  `ALTER TABLE identifiers ADD COLUMN is_primary INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE identifiers ADD COLUMN reserved_for_second_factor INTEGER NOT NULL DEFAULT 0;
   UPDATE identifiers SET is_primary = 1 WHERE id IN (
     SELECT id FROM identifiers i WHERE NOT EXISTS (
       SELECT 1 FROM identifiers j WHERE j.user_id = i.user_id AND j.kind = i.kind
         AND (j.created_at < i.created_at OR (j.created_at = i.created_at AND j.id < i.id))));
   CREATE TABLE totp (
     user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
     secret_sealed TEXT NOT NULL, last_step INTEGER, created_at INTEGER NOT NULL);
   CREATE TABLE backup_codes (
     id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     hash TEXT NOT NULL, used_at INTEGER, created_at INTEGER NOT NULL);
   CREATE INDEX backup_codes_user ON backup_codes(user_id);
   CREATE TABLE client_trust (
     client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL, PRIMARY KEY (client_id, user_id));
   INSERT OR IGNORE INTO client_trust (client_id, user_id, created_at)
     SELECT s.client_id, s.user_id, MIN(s.created_at) FROM sessions s
     JOIN clients c ON c.id = s.client_id JOIN users u ON u.id = s.user_id GROUP BY s.client_id, s.user_id;`,
  // 3: a password reset that waits for the second factor (JSON {passwordHash, endOtherSessions}).
  `ALTER TABLE sign_ins ADD COLUMN pending_password_reset TEXT;`,
];

export type Row = Record<string, unknown>;
export const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
export const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export const toUser = (r: Row): UserRecord => ({
  id: String(r.id),
  firstName: s(r.first_name),
  lastName: s(r.last_name),
  username: s(r.username),
  passwordHash: s(r.password_hash),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  lastSignInAt: n(r.last_sign_in_at),
  failedAttempts: Number(r.failed_attempts),
  lastFailedAt: n(r.last_failed_at),
});
export const toIdentifier = (r: Row): IdentifierRecord => ({
  id: String(r.id),
  userId: String(r.user_id),
  kind: r.kind as IdentifierRecord['kind'],
  value: String(r.value),
  normalized: String(r.normalized),
  verified: Number(r.verified) === 1,
  primary: Number(r.is_primary) === 1,
  reservedForSecondFactor: Number(r.reserved_for_second_factor) === 1,
  createdAt: Number(r.created_at),
});
export const toTotp = (r: Row): TotpRecord => ({
  userId: String(r.user_id),
  secretSealed: String(r.secret_sealed),
  lastStep: n(r.last_step),
  createdAt: Number(r.created_at),
});
export const toBackupCode = (r: Row): BackupCodeRecord => ({
  id: String(r.id),
  userId: String(r.user_id),
  hash: String(r.hash),
  usedAt: n(r.used_at),
  createdAt: Number(r.created_at),
});
export const toClient = (r: Row): ClientRecord => ({
  id: String(r.id),
  tokenHash: String(r.token_hash),
  signInId: s(r.sign_in_id),
  lastActiveSessionId: s(r.last_active_session_id),
  lastAuthenticationStrategy: s(r.last_authentication_strategy),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
export const toSignIn = (r: Row): SignInRecord => ({
  id: String(r.id),
  clientId: String(r.client_id),
  status: r.status as SignInRecord['status'],
  identifier: s(r.identifier),
  userId: s(r.user_id),
  firstFactorVerification: r.first_factor ? JSON.parse(String(r.first_factor)) : null,
  secondFactorVerification: r.second_factor ? JSON.parse(String(r.second_factor)) : null,
  createdSessionId: s(r.created_session_id),
  pendingPasswordReset: r.pending_password_reset ? JSON.parse(String(r.pending_password_reset)) : null,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  abandonAt: Number(r.abandon_at),
  version: Number(r.version),
});
export const toSession = (r: Row): SessionRecord => ({
  id: String(r.id),
  clientId: String(r.client_id),
  userId: String(r.user_id),
  status: r.status as SessionStatus,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  lastActiveAt: Number(r.last_active_at),
  expireAt: Number(r.expire_at),
  factors: JSON.parse(String(r.factors)),
  firstFactorAt: n(r.first_factor_at),
  secondFactorAt: n(r.second_factor_at),
});

export const signInParams = (si: SignInRecord) => ({
  id: si.id,
  client_id: si.clientId,
  status: si.status,
  identifier: si.identifier,
  user_id: si.userId,
  first_factor: si.firstFactorVerification ? JSON.stringify(si.firstFactorVerification) : null,
  second_factor: si.secondFactorVerification ? JSON.stringify(si.secondFactorVerification) : null,
  created_session_id: si.createdSessionId,
  pending_password_reset: si.pendingPasswordReset ? JSON.stringify(si.pendingPasswordReset) : null,
  created_at: si.createdAt,
  updated_at: si.updatedAt,
  abandon_at: si.abandonAt,
  version: si.version,
});

export const CLIENT_COLUMNS: Record<string, string> = {
  tokenHash: 'token_hash',
  signInId: 'sign_in_id',
  lastActiveSessionId: 'last_active_session_id',
  lastAuthenticationStrategy: 'last_authentication_strategy',
  updatedAt: 'updated_at',
};
export const SESSION_COLUMNS: Record<string, string> = { status: 'status', lastActiveAt: 'last_active_at', updatedAt: 'updated_at' };

/** Embedded SQLite store (better-sqlite3). `file` is a path or ":memory:". */
