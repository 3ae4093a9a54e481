/**
 * Demo users created on `serve --dev` when absent (development only), and their description for
 * the start-up output and `GET /dev/demo-users`:
 * ada — password only (client trust applies on a new browser); grace — TOTP and backup codes;
 * alan — SMS second factor. Grace's backup codes are regenerated at every start (only hashes are
 * stored, so earlier ones cannot be shown again).
 */
import type { App, DemoUser } from './context.js';
import { ApiError } from './errors.js';
import { createBackupCodes, enrollTotp, readTotpSecret } from './mfa.js';
import { totpUri } from './crypto/otp.js';
import { addIdentifier, createUser, type CreateUserInput } from './users.js';

interface DemoSpec extends CreateUserInput {
  emailAddresses: [string];
  phoneNumbers: string[];
  username: string;
  password: string;
  mfa: 'none' | 'totp' | 'sms';
  note: string;
}

export const DEMO_USERS: DemoSpec[] = [
  {
    emailAddresses: ['ada@example.com'], phoneNumbers: ['+15555550100'], username: 'ada', password: 'analytical-engine-1843',
    firstName: 'Ada', lastName: 'Lovelace', mfa: 'none',
    note: 'password only; with client trust on, a new browser confirms a code sent by email or SMS (see /dev/outbox)',
  },
  {
    emailAddresses: ['grace@example.com'], phoneNumbers: ['+15555550101'], username: 'grace', password: 'harvard-mark-one-1944',
    firstName: 'Grace', lastName: 'Hopper', mfa: 'totp', note: 'TOTP second factor (and backup codes)',
  },
  {
    emailAddresses: ['alan@example.com'], phoneNumbers: [], username: 'alan', password: 'bletchley-park-1939',
    firstName: 'Alan', lastName: 'Turing', mfa: 'sms', note: 'SMS second factor: codes appear in /dev/outbox',
  },
];
const ALAN_MFA_PHONE = '+15555550102';

async function ensureUser(app: App, spec: DemoSpec): Promise<{ id: string; created: boolean }> {
  try {
    const { mfa: _m, note: _n, ...input } = spec;
    const bundle = await createUser(app, input);
    if (spec.mfa === 'sms') await addIdentifier(app, bundle.user.id, { kind: 'phone_number', value: ALAN_MFA_PHONE, reservedForSecondFactor: true });
    return { id: bundle.user.id, created: true };
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'form_identifier_exists')) throw err;
    const id = await app.store.findUserIdByIdentifier('email_address', spec.emailAddresses[0]);
    if (!id) throw err;
    return { id, created: false };
  }
}

/** Creates missing demo users; sets `app.demoUsers`; returns lines describing their credentials. */
export async function seedDemoUsers(app: App): Promise<string[]> {
  const lines: string[] = [];
  const users: DemoUser[] = [];
  const quiet = { ...app, notifier: undefined }; // seeding is not a security event (no RL-10 mail)
  for (const spec of DEMO_USERS) {
    const { id, created } = await ensureUser(app, spec);
    const phones = spec.mfa === 'sms' ? [ALAN_MFA_PHONE] : spec.phoneNumbers;
    lines.push(`  ${spec.emailAddresses[0]} / ${spec.username} / ${phones.join(', ')}  password: ${spec.password}  (${created ? 'created' : 'exists'})`);
    const entry: DemoUser = { identifier: spec.emailAddresses[0], password: spec.password, note: spec.note, username: spec.username, phone_number: phones[0] ?? null };
    if (spec.mfa === 'totp') {
      let secret = await readTotpSecret(app, id);
      if (!secret) secret = (await enrollTotp(quiet, id)).secret;
      const uri = totpUri(app.config.applicationName, spec.emailAddresses[0], secret);
      const codes = await createBackupCodes(quiet, id);
      entry.note = `TOTP second factor — secret ${secret}; or a backup code`;
      Object.assign(entry, { totp_secret: secret, totp_uri: uri, backup_codes: codes });
      lines.push(`    TOTP secret: ${secret}`, `    otpauth URI: ${uri}`, `    backup codes (regenerated at each start): ${codes.join(' ')}`);
    }
    if (spec.mfa === 'sms') lines.push(`    SMS second factor on ${ALAN_MFA_PHONE}: codes appear in /dev/outbox`);
    users.push(entry);
  }
  app.demoUsers = users;
  return lines;
}
