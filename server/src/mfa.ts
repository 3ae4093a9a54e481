/** Second-factor enrollment shared by the Backend API, the CLI, the dev seed and startServer. */
import type { App } from './context.js';
import { newTotpSecret, totpUri } from './crypto/otp.js';
import { randomInt } from 'node:crypto';
import { errors } from './errors.js';
import { newId } from './ids.js';
import type { BackupCodeRecord } from './store.js';

/** With a `notifier`, each change e-mails the account holder (RL-10); the CLI and the dev seed pass none. */
export type MfaDeps = Pick<App, 'config' | 'clock' | 'store' | 'hasher' | 'log' | 'secretBox'> & { notifier?: App['notifier'] };

export const BACKUP_CODE_COUNT = 10;
const BACKUP_CODE_LENGTH = 10;
/** Lower-case letters and digits without look-alikes (0/o, 1/l/i): 31 symbols, ≈ 49.5 bits per code. */
const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

async function requireUser(deps: MfaDeps, userId: string) {
  const user = await deps.store.getUser(userId);
  if (!user) throw errors.notFound('user');
  return user;
}

/**
 * Enrolls TOTP at once (as Clerk's Backend API does): a new 160-bit secret sealed with the server
 * key (MFA-4), replacing any earlier one. There is no confirmation code, so MFA-3 does not apply.
 */
export async function enrollTotp(deps: MfaDeps, userId: string): Promise<{ secret: string; uri: string }> {
  const user = await requireUser(deps, userId);
  const identifiers = await deps.store.listIdentifiers(userId);
  const label = identifiers.find((i) => i.kind === 'email_address' && i.primary)?.value ?? user.username ?? identifiers[0]?.value ?? userId;
  const secret = newTotpSecret();
  await deps.store.setTotp({ userId, secretSealed: deps.secretBox.seal(secret, userId), lastStep: null, createdAt: deps.clock.now() });
  deps.log.event('user.totp_enrolled', { user_id: userId });
  deps.notifier?.notify(userId, 'totp_added');
  return { secret, uri: totpUri(deps.config.applicationName, label, secret) };
}

/** The enrolled secret (dev seed output only). */
export async function readTotpSecret(deps: MfaDeps, userId: string): Promise<string | null> {
  const record = await deps.store.getTotp(userId);
  return record ? deps.secretBox.open(record.secretSealed, userId) : null;
}

/** Deletes the secret (MFA-4). */
export async function removeTotp(deps: MfaDeps, userId: string): Promise<boolean> {
  await requireUser(deps, userId);
  const removed = await deps.store.deleteTotp(userId);
  if (removed) {
    deps.log.event('user.totp_removed', { user_id: userId });
    deps.notifier?.notify(userId, 'totp_removed');
  }
  return removed;
}

/** New backup codes (MFA-6): CSPRNG, stored as salted scrypt hashes; earlier codes stop working. */
export async function createBackupCodes(deps: MfaDeps, userId: string): Promise<string[]> {
  await requireUser(deps, userId);
  const now = deps.clock.now();
  const codes: string[] = [];
  const records: BackupCodeRecord[] = [];
  for (let i = 0; i < BACKUP_CODE_COUNT; i++) {
    let code = '';
    for (let j = 0; j < BACKUP_CODE_LENGTH; j++) code += BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)];
    codes.push(code);
    records.push({ id: newId('bkc'), userId, hash: await deps.hasher.hash(code), usedAt: null, createdAt: now });
  }
  await deps.store.replaceBackupCodes(userId, records);
  deps.log.event('user.backup_codes_created', { user_id: userId, count: codes.length });
  deps.notifier?.notify(userId, 'backup_codes_created');
  return codes;
}
