import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  DuplicateIdentifierError,
  type BackupCodeRecord,
  type ClientRecord,
  type CompleteResult,
  type CompleteSignInInput,
  type Consumable,
  type IdentifierRecord,
  type LookupKind,
  type SessionRecord,
  type SessionStatus,
  type SignInRecord,
  type Store,
  type TotpRecord,
  type UserRecord,
} from './store.js';
import { CLIENT_COLUMNS, MIGRATIONS, SESSION_COLUMNS, signInParams, toBackupCode, toClient, toIdentifier, toSession, toSignIn, toTotp, toUser, type Row } from './store-sqlite-schema.js';

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
        `INSERT INTO identifiers (id, user_id, kind, value, normalized, verified, is_primary, reserved_for_second_factor, created_at)
         VALUES (?,?,?,?,?,?,?,?,?)`,
      );
      for (const idn of identifiers) {
        ins.run(idn.id, user.id, idn.kind, idn.value, idn.normalized, idn.verified ? 1 : 0, idn.primary ? 1 : 0, idn.reservedForSecondFactor ? 1 : 0, idn.createdAt);
      }
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

  async addIdentifier(idn: IdentifierRecord): Promise<void> {
    this.db.transaction(() => {
      if (this.get('SELECT 1 FROM identifiers WHERE kind = ? AND normalized = ?', idn.kind, idn.normalized)) throw new DuplicateIdentifierError(idn.kind);
      const hasPrimary = !!this.get('SELECT 1 FROM identifiers WHERE user_id = ? AND kind = ? AND is_primary = 1', idn.userId, idn.kind);
      const primary = idn.primary || !hasPrimary;
      if (primary) this.db.prepare('UPDATE identifiers SET is_primary = 0 WHERE user_id = ? AND kind = ?').run(idn.userId, idn.kind);
      this.db
        .prepare(
          `INSERT INTO identifiers (id, user_id, kind, value, normalized, verified, is_primary, reserved_for_second_factor, created_at)
           VALUES (?,?,?,?,?,?,?,?,?)`,
        )
        .run(idn.id, idn.userId, idn.kind, idn.value, idn.normalized, idn.verified ? 1 : 0, primary ? 1 : 0, idn.reservedForSecondFactor ? 1 : 0, idn.createdAt);
      this.db.prepare('UPDATE users SET updated_at = ? WHERE id = ?').run(idn.createdAt, idn.userId);
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
             pending_password_reset, created_at, updated_at, abandon_at, version)
           VALUES (@id, @client_id, @status, @identifier, @user_id, @first_factor, @second_factor, @created_session_id,
             @pending_password_reset, @created_at, @updated_at, @abandon_at, @version)`,
        )
        .run(signInParams(si));
      this.db.prepare('UPDATE clients SET sign_in_id = ?, updated_at = ? WHERE id = ?').run(si.id, si.updatedAt, si.clientId);
      // Older sign-ins can no longer complete (403): a password reset pending on one is dropped.
      this.db.prepare('UPDATE sign_ins SET pending_password_reset = NULL WHERE client_id = ? AND id != ? AND pending_password_reset IS NOT NULL').run(si.clientId, si.id);
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
           second_factor = @second_factor, created_session_id = @created_session_id,
           pending_password_reset = @pending_password_reset, updated_at = @updated_at,
           version = @version WHERE id = @id AND version = @expected`,
      )
      .run({ ...signInParams({ ...si, version: expectedVersion + 1 }), expected: expectedVersion });
    if (r.changes === 1) si.version = expectedVersion + 1;
    return r.changes === 1;
  }

  async updateSignIn(si: SignInRecord, expectedVersion: number): Promise<boolean> {
    return this.writeSignIn(si, expectedVersion);
  }

  private consume(c: Consumable, now: number): boolean {
    if (c.kind === 'totp_step') {
      return this.db.prepare('UPDATE totp SET last_step = ? WHERE user_id = ? AND (last_step IS NULL OR last_step < ?)').run(c.step, c.userId, c.step).changes === 1;
    }
    return this.db.prepare('UPDATE backup_codes SET used_at = ? WHERE id = ? AND used_at IS NULL').run(now, c.id).changes === 1;
  }

  async completeSignIn(input: CompleteSignInInput): Promise<CompleteResult> {
    const { signIn, session } = input;
    const run = this.db.transaction((): CompleteResult => {
      const version = this.get('SELECT version FROM sign_ins WHERE id = ?', signIn.id);
      if (!version || Number(version.version) !== input.expectedVersion) return 'conflict';
      if (input.consume && !this.consume(input.consume, session.createdAt)) return 'factor_used';
      if (!this.writeSignIn(signIn, input.expectedVersion)) throw new Error('sign-in changed inside the transaction');
      if (input.passwordReset) {
        // PW-10, RL-4: the reset takes effect only now, with the session that completes it.
        this.db
          .prepare('UPDATE users SET password_hash = ?, failed_attempts = 0, last_failed_at = NULL, updated_at = ? WHERE id = ?')
          .run(input.passwordReset.passwordHash, session.createdAt, session.userId);
        if (input.passwordReset.endOtherSessions) {
          this.db.prepare("UPDATE sessions SET status = 'revoked', updated_at = ? WHERE user_id = ? AND status = 'active'").run(session.createdAt, session.userId);
        }
      }
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
      if (input.clearFailures) this.db.prepare('UPDATE users SET failed_attempts = 0, last_failed_at = NULL WHERE id = ?').run(session.userId);
      // Client trust (§11.10): a completed sign-in trusts this client for the user while the client lives.
      this.db.prepare('INSERT OR IGNORE INTO client_trust (client_id, user_id, created_at) VALUES (?,?,?)').run(session.clientId, session.userId, session.createdAt);
      return 'ok';
    });
    return run();
  }

  async consumeTotpStep(userId: string, step: number): Promise<boolean> {
    return this.consume({ kind: 'totp_step', userId, step }, 0);
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

  async isClientTrusted(clientId: string, userId: string, before: number): Promise<boolean> {
    return !!this.get('SELECT 1 FROM client_trust WHERE client_id = ? AND user_id = ? AND created_at <= ?', clientId, userId, before);
  }

  async getTotp(userId: string): Promise<TotpRecord | null> {
    const r = this.get('SELECT * FROM totp WHERE user_id = ?', userId);
    return r ? toTotp(r) : null;
  }

  async setTotp(t: TotpRecord): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO totp (user_id, secret_sealed, last_step, created_at) VALUES (?,?,?,?)')
      .run(t.userId, t.secretSealed, t.lastStep, t.createdAt);
  }

  async deleteTotp(userId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM totp WHERE user_id = ?').run(userId).changes > 0;
  }

  async listBackupCodes(userId: string): Promise<BackupCodeRecord[]> {
    return this.all('SELECT * FROM backup_codes WHERE user_id = ? AND used_at IS NULL ORDER BY created_at, id', userId).map(toBackupCode);
  }

  async replaceBackupCodes(userId: string, codes: BackupCodeRecord[]): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM backup_codes WHERE user_id = ?').run(userId);
      const ins = this.db.prepare('INSERT INTO backup_codes (id, user_id, hash, used_at, created_at) VALUES (?,?,?,?,?)');
      for (const c of codes) ins.run(c.id, userId, c.hash, c.usedAt, c.createdAt);
    })();
  }

  async deleteBackupCodes(userId: string): Promise<void> {
    this.db.prepare('DELETE FROM backup_codes WHERE user_id = ?').run(userId);
  }

  async ping(): Promise<void> {
    this.get('SELECT 1 FROM users LIMIT 1');
  }

  async reset(): Promise<void> {
    this.db.transaction(() => {
      for (const t of ['client_trust', 'backup_codes', 'totp', 'sessions', 'sign_ins', 'clients', 'identifiers', 'users']) this.db.exec(`DELETE FROM ${t}`);
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
