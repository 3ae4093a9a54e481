/**
 * Storage interface. Business rules live outside it; every method is a single, atomic unit so
 * a PostgreSQL backend can implement it with one statement or one transaction per method.
 * All timestamps are Unix milliseconds.
 */
import type { ErrorEntry } from './errors.js';

export type IdentifierKind = 'email_address' | 'phone_number';
export type LookupKind = IdentifierKind | 'username';

export interface IdentifierRecord {
  id: string;
  userId: string;
  kind: IdentifierKind;
  /** As entered (display form). */
  value: string;
  /** Lookup form: lower-cased email, E.164 phone (RL-5). */
  normalized: string;
  verified: boolean;
  /** Primary address / number of its kind (exactly one per kind when any exist). */
  primary: boolean;
  /** Phone numbers only: enabled as an SMS second factor (Clerk `reserved_for_second_factor`). */
  reservedForSecondFactor: boolean;
  createdAt: number;
}

/** TOTP enrollment (MFA-4): the secret sealed with the server key; last accepted step (DEC-4). */
export interface TotpRecord {
  userId: string;
  secretSealed: string;
  lastStep: number | null;
  createdAt: number;
}

/** One backup code (MFA-6): a salted scrypt hash (PHC), single use. */
export interface BackupCodeRecord {
  id: string;
  userId: string;
  hash: string;
  usedAt: number | null;
  createdAt: number;
}

/** A one-shot factor consumed in the completion transaction (MFA-1, MFA-6, FT-4, FT-5). */
export type Consumable = { kind: 'totp_step'; userId: string; step: number } | { kind: 'backup_code'; id: string };

export interface UserRecord {
  id: string;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  /** PHC string (PW-9) or null when the user has no password. */
  passwordHash: string | null;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
  /** Consecutive authentication failures (DEC-2); only success clears it. */
  failedAttempts: number;
  lastFailedAt: number | null;
}

export interface ClientRecord {
  id: string;
  /** SHA-256 (hex) of the client cookie value; the value itself is never stored. */
  tokenHash: string;
  signInId: string | null;
  lastActiveSessionId: string | null;
  lastAuthenticationStrategy: string | null;
  createdAt: number;
  updatedAt: number;
}

export const SIGN_IN_STATUSES = [
  'needs_identifier',
  'needs_first_factor',
  'needs_second_factor',
  'needs_client_trust',
  'needs_new_password',
  'complete',
] as const;
export type SignInStatus = (typeof SIGN_IN_STATUSES)[number];

export interface VerificationRecord {
  strategy: string;
  status: 'unverified' | 'verified' | 'failed' | 'expired';
  attempts: number;
  expireAt: number | null;
  error: ErrorEntry | null;
  verifiedAt: number | null;
  /** Strategy-private state (e.g. a code hash, the target identifier id); never serialised. */
  data: Record<string, unknown>;
}

/**
 * A password reset waiting for the second factor (PW-10, PW-12, DEC-2): nothing about the account
 * changes until the sign-in completes, and then all of it in the completion transaction.
 */
export interface PendingPasswordReset {
  /** The new password's PHC hash. */
  passwordHash: string;
  /** `sign_out_of_other_sessions`: revoke every other active session of the user. */
  endOtherSessions: boolean;
}

export interface SignInRecord {
  id: string;
  clientId: string;
  status: SignInStatus;
  identifier: string | null;
  userId: string | null;
  firstFactorVerification: VerificationRecord | null;
  secondFactorVerification: VerificationRecord | null;
  createdSessionId: string | null;
  /** Set by `reset_password` for an account with a second factor; applied only at completion. */
  pendingPasswordReset: PendingPasswordReset | null;
  createdAt: number;
  updatedAt: number;
  abandonAt: number;
  /** Optimistic-concurrency counter, bumped by every update. */
  version: number;
}

export type SessionStatus = 'active' | 'ended' | 'removed' | 'expired' | 'revoked';

export interface SessionRecord {
  id: string;
  clientId: string;
  userId: string;
  status: SessionStatus;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number;
  /** Absolute expiry (SES-4); idle expiry is derived from lastActiveAt. */
  expireAt: number;
  /** Factor types used (DEC-3), e.g. ["pwd"]. */
  factors: string[];
  firstFactorAt: number | null;
  secondFactorAt: number | null;
}

export class DuplicateIdentifierError extends Error {
  readonly kind: LookupKind;
  constructor(kind: LookupKind) {
    super(`duplicate ${kind}`);
    this.kind = kind;
  }
}

export interface CompleteSignInInput {
  signIn: SignInRecord;
  /** The sign-in version read before the attempt; completion fails if it moved (double submit). */
  expectedVersion: number;
  session: SessionRecord;
  clientTokenHash: string;
  strategy: string;
  /** Consumed atomically with the completion; when already used nothing is written. */
  consume?: Consumable;
  /**
   * Applied in the same transaction: the new password hash, the failure counter cleared (RL-4)
   * and, if asked, every other active session of the user revoked (PW-10).
   */
  passwordReset?: PendingPasswordReset;
  /**
   * The completing factor's lockout reservation settles as a success in the same transaction:
   * the failure counter is cleared (DEC-2, RL-3), so no failure can strand it once the session exists.
   */
  clearFailures?: boolean;
}

export type CompleteResult = 'ok' | 'conflict' | 'factor_used';

export interface Store {
  createUser(user: UserRecord, identifiers: IdentifierRecord[]): Promise<void>;
  getUser(id: string): Promise<UserRecord | null>;
  listIdentifiers(userId: string): Promise<IdentifierRecord[]>;
  findUserIdByIdentifier(kind: LookupKind, normalized: string): Promise<string | null>;
  /** Deletes the user and identifiers and revokes their sessions (SES-5). */
  deleteUser(id: string, now: number): Promise<boolean>;
  setPasswordHash(userId: string, hash: string, now: number): Promise<void>;
  markSignedIn(userId: string, now: number): Promise<void>;
  /** Adds an email address or phone number; `primary` demotes the current primary of that kind. */
  addIdentifier(identifier: IdentifierRecord): Promise<void>;
  /** Compare-and-set of the failure counter (DEC-2); false when another request changed it first. */
  compareAndSetFailures(userId: string, expected: number, next: number, lastFailedAt: number | null): Promise<boolean>;

  createClient(client: ClientRecord): Promise<void>;
  getClient(id: string): Promise<ClientRecord | null>;
  getClientByTokenHash(tokenHash: string): Promise<ClientRecord | null>;
  updateClient(id: string, patch: Partial<Omit<ClientRecord, 'id' | 'createdAt'>>): Promise<void>;
  /** Deletes the client and its sign-ins; its sessions must have been ended first. */
  deleteClient(id: string): Promise<void>;

  /** Inserts the sign-in and makes it the client's current one, atomically; drops pending resets of its older sign-ins. */
  startSignIn(signIn: SignInRecord): Promise<void>;
  getSignIn(id: string): Promise<SignInRecord | null>;
  /** Writes the sign-in if its version is still `expectedVersion`; bumps the version. */
  updateSignIn(signIn: SignInRecord, expectedVersion: number): Promise<boolean>;
  /** §10.3 rule 3 in one transaction: sign-in complete, session inserted, client points at it and gets a new credential, a pending password reset applied. */
  completeSignIn(input: CompleteSignInInput): Promise<CompleteResult>;
  /** Advances the TOTP last step only if `step` is greater (compare-and-set, MFA-1). */
  consumeTotpStep(userId: string, step: number): Promise<boolean>;

  getSession(id: string): Promise<SessionRecord | null>;
  listSessions(clientId: string, status?: SessionStatus): Promise<SessionRecord[]>;
  updateSession(id: string, patch: Partial<Pick<SessionRecord, 'status' | 'lastActiveAt' | 'updatedAt'>>): Promise<void>;
  /** Ends every active session of a user except `exceptSessionId` (PW-10); returns their ids. */
  endUserSessions(userId: string, status: SessionStatus, now: number, exceptSessionId?: string): Promise<string[]>;
  /** The client was trusted for this user (a completed sign-in) at or before `at` (§11.10). */
  isClientTrusted(clientId: string, userId: string, at: number): Promise<boolean>;

  getTotp(userId: string): Promise<TotpRecord | null>;
  /** Replaces any enrollment (new secret, last step cleared). */
  setTotp(record: TotpRecord): Promise<void>;
  deleteTotp(userId: string): Promise<boolean>;
  /** Unused backup codes. */
  listBackupCodes(userId: string): Promise<BackupCodeRecord[]>;
  /** Deletes every earlier code and stores these (regeneration invalidates, MFA-6). */
  replaceBackupCodes(userId: string, codes: BackupCodeRecord[]): Promise<void>;
  deleteBackupCodes(userId: string): Promise<void>;

  /** A cheap query that touches the database (`GET /health`); throws when it is unreachable. */
  ping(): Promise<void>;
  /** Wipes all data (test harness). */
  reset(): Promise<void>;
  close(): Promise<void>;
}
