import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  DuplicateIdentifierError,
  type ClientRecord,
  type CompleteSignInInput,
  type IdentifierRecord,
  type LookupKind,
  type SessionRecord,
  type SessionStatus,
  type SignInRecord,
  type Store,
  type UserRecord,
} from './store.js';

/** Schema migrations, applied in order; `PRAGMA user_version` records how many ran. */
const MIGRATIONS: string[] = [
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
];

type Row = Record<string, unknown>;
const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const toUser = (r: Row): UserRecord => ({
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
const toIdentifier = (r: Row): IdentifierRecord => ({
  id: String(r.id),
  userId: String(r.user_id),
  kind: r.kind as IdentifierRecord['kind'],
  value: String(r.value),
  normalized: String(r.normalized),
  verified: Number(r.verified) === 1,
  createdAt: Number(r.created_at),
});
const toClient = (r: Row): ClientRecord => ({
  id: String(r.id),
  tokenHash: String(r.token_hash),
  signInId: s(r.sign_in_id),
  lastActiveSessionId: s(r.last_active_session_id),
  lastAuthenticationStrategy: s(r.last_authentication_strategy),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
const toSignIn = (r: Row): SignInRecord => ({
  id: String(r.id),
  clientId: String(r.client_id),
  status: r.status as SignInRecord['status'],
  identifier: s(r.identifier),
  userId: s(r.user_id),
  firstFactorVerification: r.first_factor ? JSON.parse(String(r.first_factor)) : null,
  secondFactorVerification: r.second_factor ? JSON.parse(String(r.second_factor)) : null,
  createdSessionId: s(r.created_session_id),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  abandonAt: Number(r.abandon_at),
  version: Number(r.version),
});
const toSession = (r: Row): SessionRecord => ({
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

const signInParams = (si: SignInRecord) => ({
  id: si.id,
  client_id: si.clientId,
  status: si.status,
  identifier: si.identifier,
  user_id: si.userId,
  first_factor: si.firstFactorVerification ? JSON.stringify(si.firstFactorVerification) : null,
  second_factor: si.secondFactorVerification ? JSON.stringify(si.secondFactorVerification) : null,
  created_session_id: si.createdSessionId,
  created_at: si.createdAt,
  updated_at: si.updatedAt,
  abandon_at: si.abandonAt,
  version: si.version,
});

const CLIENT_COLUMNS: Record<string, string> = {
  tokenHash: 'token_hash',
  signInId: 'sign_in_id',
  lastActiveSessionId: 'last_active_session_id',
  lastAuthenticationStrategy: 'last_authentication_strategy',
  updatedAt: 'updated_at',
};
const SESSION_COLUMNS: Record<string, string> = { status: 'status', lastActiveAt: 'last_active_at', updatedAt: 'updated_at' };

/** Embedded SQLite store (better-sqlite3). `file` is a path or ":memory:". */
export class SqliteStore implements Store {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    const current = Number(this.db.pragma('user_version', { simple: true }));
    for (let i = current; i < MIGRATIONS.length; i++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[i]!);
        this.db.pragma(`user_version = ${i + 1}`);
      })();
    }
  }

  private get(sql: string, ...params: unknown[]): Row | undefined {
    return this.db.prepare(sql).get(...params) as Row | undefined;
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.db.prepare(sql).all(...params) as Row[];
  }

  async createUser(user: UserRecord, identifiers: IdentifierRecord[]): Promise<void> {
    this.db.transaction(() => {
      if (user.username && this.get('SELECT 1 FROM users WHERE username_normalized = ?', user.username.toLowerCase())) {
        throw new DuplicateIdentifierError('username');
      }
      for (const idn of identifiers) {
        if (this.get('SELECT 1 FROM identifiers WHERE kind = ? AND normalized = ?', idn.kind, idn.normalized)) {
          throw new DuplicateIdentifierError(idn.kind);
        }
      }
      this.db
        .prepare(
          `INSERT INTO users (id, first_name, last_name, username, username_normalized, password_hash, created_at, updated_at,
             last_sign_in_at, failed_attempts, last_failed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(user.id, user.firstName, user.lastName, user.username, user.username?.toLowerCase() ?? null, user.passwordHash,
          user.createdAt, user.updatedAt, user.lastSignInAt, user.failedAttempts, user.lastFailedAt);
      const ins = this.db.prepare(
        'INSERT INTO identifiers (id, user_id, kind, value, normalized, verified, created_at) VALUES (?,?,?,?,?,?,?)',
      );
      for (const idn of identifiers) ins.run(idn.id, user.id, idn.kind, idn.value, idn.normalized, idn.verified ? 1 : 0, idn.createdAt);
    })();
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const r = this.get('SELECT * FROM users WHERE id = ?', id);
    return r ? toUser(r) : null;
  }

  async listIdentifiers(userId: string): Promise<IdentifierRecord[]> {
    return this.all('SELECT * FROM identifiers WHERE user_id = ? ORDER BY created_at, id', userId).map(toIdentifier);
  }

  async findUserIdByIdentifier(kind: LookupKind, normalized: string): Promise<string | null> {
    const r =
      kind === 'username'
        ? this.get('SELECT id AS user_id FROM users WHERE username_normalized = ?', normalized)
        : this.get('SELECT user_id FROM identifiers WHERE kind = ? AND normalized = ?', kind, normalized);
    return r ? String(r.user_id) : null;
  }

  async deleteUser(id: string, now: number): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare("UPDATE sessions SET status = 'revoked', updated_at = ? WHERE user_id = ? AND status = 'active'").run(now, id);
      return this.db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
    })();
  }

  async setPasswordHash(userId: string, hash: string, now: number): Promise<void> {
    this.db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, now, userId);
  }

  async markSignedIn(userId: string, now: number): Promise<void> {
    this.db.prepare('UPDATE users SET last_sign_in_at = ?, updated_at = ? WHERE id = ?').run(now, now, userId);
  }

  async compareAndSetFailures(userId: string, expected: number, next: number, lastFailedAt: number | null): Promise<boolean> {
    const r = this.db
      .prepare('UPDATE users SET failed_attempts = ?, last_failed_at = ? WHERE id = ? AND failed_attempts = ?')
      .run(next, lastFailedAt, userId, expected);
    return r.changes === 1;
  }

  async createClient(c: ClientRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO clients (id, token_hash, sign_in_id, last_active_session_id, last_authentication_strategy, created_at, updated_at)
         VALUES (?,?,?,?,?,?,?)`,
      )
      .run(c.id, c.tokenHash, c.signInId, c.lastActiveSessionId, c.lastAuthenticationStrategy, c.createdAt, c.updatedAt);
  }

  async getClient(id: string): Promise<ClientRecord | null> {
    const r = this.get('SELECT * FROM clients WHERE id = ?', id);
    return r ? toClient(r) : null;
  }

  async getClientByTokenHash(tokenHash: string): Promise<ClientRecord | null> {
    const r = this.get('SELECT * FROM clients WHERE token_hash = ?', tokenHash);
    return r ? toClient(r) : null;
  }

  async updateClient(id: string, patch: Partial<Omit<ClientRecord, 'id' | 'createdAt'>>): Promise<void> {
    const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && CLIENT_COLUMNS[k]);
    if (entries.length === 0) return;
    const sql = `UPDATE clients SET ${entries.map(([k]) => `${CLIENT_COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`;
    this.db.prepare(sql).run(...entries.map(([, v]) => v), id);
  }

  async deleteClient(id: string): Promise<void> {
    this.db.prepare('DELETE FROM clients WHERE id = ?').run(id);
  }

  async startSignIn(si: SignInRecord): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO sign_ins (id, client_id, status, identifier, user_id, first_factor, second_factor, created_session_id,
             created_at, updated_at, abandon_at, version)
           VALUES (@id, @client_id, @status, @identifier, @user_id, @first_factor, @second_factor, @created_session_id,
             @created_at, @updated_at, @abandon_at, @version)`,
        )
        .run(signInParams(si));
      this.db.prepare('UPDATE clients SET sign_in_id = ?, updated_at = ? WHERE id = ?').run(si.id, si.updatedAt, si.clientId);
    })();
  }

  async getSignIn(id: string): Promise<SignInRecord | null> {
    const r = this.get('SELECT * FROM sign_ins WHERE id = ?', id);
    return r ? toSignIn(r) : null;
  }

  private writeSignIn(si: SignInRecord, expectedVersion: number): boolean {
    const r = this.db
      .prepare(
        `UPDATE sign_ins SET status = @status, identifier = @identifier, user_id = @user_id, first_factor = @first_factor,
           second_factor = @second_factor, created_session_id = @created_session_id, updated_at = @updated_at,
           version = @version WHERE id = @id AND version = @expected`,
      )
      .run({ ...signInParams({ ...si, version: expectedVersion + 1 }), expected: expectedVersion });
    if (r.changes === 1) si.version = expectedVersion + 1;
    return r.changes === 1;
  }

  async updateSignIn(si: SignInRecord, expectedVersion: number): Promise<boolean> {
    return this.writeSignIn(si, expectedVersion);
  }

  async completeSignIn(input: CompleteSignInInput): Promise<boolean> {
    const { signIn, session } = input;
    return this.db.transaction(() => {
      if (!this.writeSignIn(signIn, input.expectedVersion)) return false;
      this.db
        .prepare(
          `INSERT INTO sessions (id, client_id, user_id, status, created_at, updated_at, last_active_at, expire_at, factors,
             first_factor_at, second_factor_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(session.id, session.clientId, session.userId, session.status, session.createdAt, session.updatedAt,
          session.lastActiveAt, session.expireAt, JSON.stringify(session.factors), session.firstFactorAt, session.secondFactorAt);
      this.db
        .prepare(
          `UPDATE clients SET last_active_session_id = ?, token_hash = ?, last_authentication_strategy = ?, updated_at = ?
           WHERE id = ?`,
        )
        .run(session.id, input.clientTokenHash, input.strategy, session.createdAt, session.clientId);
      this.db.prepare('UPDATE users SET last_sign_in_at = ?, updated_at = ? WHERE id = ?').run(session.createdAt, session.createdAt, session.userId);
      return true;
    })();
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const r = this.get('SELECT * FROM sessions WHERE id = ?', id);
    return r ? toSession(r) : null;
  }

  async listSessions(clientId: string, status?: SessionStatus): Promise<SessionRecord[]> {
    const rows = status
      ? this.all('SELECT * FROM sessions WHERE client_id = ? AND status = ? ORDER BY created_at, id', clientId, status)
      : this.all('SELECT * FROM sessions WHERE client_id = ? ORDER BY created_at, id', clientId);
    return rows.map(toSession);
  }

  async updateSession(id: string, patch: Partial<Pick<SessionRecord, 'status' | 'lastActiveAt' | 'updatedAt'>>): Promise<void> {
    const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && SESSION_COLUMNS[k]);
    if (entries.length === 0) return;
    const sql = `UPDATE sessions SET ${entries.map(([k]) => `${SESSION_COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`;
    this.db.prepare(sql).run(...entries.map(([, v]) => v), id);
  }

  async endUserSessions(userId: string, status: SessionStatus, now: number, exceptSessionId?: string): Promise<string[]> {
    return this.db.transaction(() => {
      const ids = this.all("SELECT id FROM sessions WHERE user_id = ? AND status = 'active' AND id != ?", userId, exceptSessionId ?? '')
        .map((r) => String(r.id));
      const upd = this.db.prepare('UPDATE sessions SET status = ?, updated_at = ? WHERE id = ?');
      for (const id of ids) upd.run(status, now, id);
      return ids;
    })();
  }

  async hasHadSession(clientId: string, userId: string, before: number): Promise<boolean> {
    return !!this.get('SELECT 1 FROM sessions WHERE client_id = ? AND user_id = ? AND created_at < ? LIMIT 1', clientId, userId, before);
  }

  async reset(): Promise<void> {
    this.db.transaction(() => {
      for (const t of ['sessions', 'sign_ins', 'clients', 'identifiers', 'users']) this.db.exec(`DELETE FROM ${t}`);
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
