/** User creation and deletion shared by the Backend API, the CLI and the dev seed. */
import type { App } from './context.js';
import { checkNewPassword } from './crypto/password.js';
import { ApiError, errors } from './errors.js';
import { newId } from './ids.js';
import { isValidEmail, isValidUsername, normalizeEmail, normalizePhone } from './auth/identifiers.js';
import { DuplicateIdentifierError, type IdentifierKind, type IdentifierRecord, type UserRecord } from './store.js';
import type { UserBundle } from './strategies/index.js';

export type UserDeps = Pick<App, 'config' | 'clock' | 'store' | 'hasher' | 'log'>;

export interface CreateUserInput {
  emailAddresses?: string[];
  phoneNumbers?: string[];
  username?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
}

function name(value: string | undefined, param: string): string | null {
  if (value === undefined || value.trim() === '') return null;
  if (value.length > 256) throw errors.paramFormat(param, `${param} is too long.`);
  return value.trim();
}

export async function createUser(deps: UserDeps, input: CreateUserInput): Promise<UserBundle> {
  const now = deps.clock.now();
  const userId = newId('user');
  const identifiers: IdentifierRecord[] = [];
  const seen = new Set<string>();
  for (const email of input.emailAddresses ?? []) {
    if (!isValidEmail(email)) throw errors.paramFormat('email_address', `"${email.slice(0, 80)}" is not a valid email address.`);
    const normalized = normalizeEmail(email);
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    const primary = !identifiers.some((i) => i.kind === 'email_address');
    identifiers.push({ id: newId('idn'), userId, kind: 'email_address', value: email.trim(), normalized, verified: true, primary, reservedForSecondFactor: false, createdAt: now });
  }
  for (const phone of input.phoneNumbers ?? []) {
    const normalized = normalizePhone(phone);
    if (!normalized) throw errors.paramFormat('phone_number', `"${phone.slice(0, 40)}" is not a valid E.164 phone number (e.g. +15555550100).`);
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    const primary = !identifiers.some((i) => i.kind === 'phone_number');
    identifiers.push({ id: newId('idn'), userId, kind: 'phone_number', value: normalized, normalized, verified: true, primary, reservedForSecondFactor: false, createdAt: now });
  }
  let username: string | null = null;
  if (input.username !== undefined && input.username !== '') {
    if (!isValidUsername(input.username)) {
      throw errors.paramFormat('username', 'Usernames are 3–64 letters, digits, "_", "-" or "." characters.');
    }
    username = input.username.trim();
  }
  if (identifiers.length === 0 && !username) {
    throw new ApiError(422, 'form_param_nil', 'is missing', {
      longMessage: 'A user needs at least one email address, phone number or username.',
      meta: { param_name: 'email_address' },
    });
  }
  const firstName = name(input.firstName, 'first_name');
  const lastName = name(input.lastName, 'last_name');
  let passwordHash: string | null = null;
  if (input.password !== undefined && input.password !== '') {
    const password = checkNewPassword(input.password, deps.config.password, {
      emailAddresses: identifiers.filter((i) => i.kind === 'email_address').map((i) => i.value),
      username,
      firstName,
      lastName,
      applicationName: deps.config.applicationName,
    });
    passwordHash = await deps.hasher.hash(password);
  }
  const user: UserRecord = {
    id: userId,
    firstName,
    lastName,
    username,
    passwordHash,
    createdAt: now,
    updatedAt: now,
    lastSignInAt: null,
    failedAttempts: 0,
    lastFailedAt: null,
  };
  try {
    await deps.store.createUser(user, identifiers);
  } catch (err) {
    if (err instanceof DuplicateIdentifierError) throw errors.identifierExists(err.kind);
    throw err;
  }
  deps.log.event('user.created', { user_id: userId });
  return { user, identifiers, mfa: { totp: false, backupCodes: 0 } };
}

export interface AddIdentifierInput {
  kind: IdentifierKind;
  value: string;
  /** Default true: addresses added by an administrator count as verified (OTP-9). */
  verified?: boolean;
  primary?: boolean;
  /** Phone numbers only: enable as an SMS second factor. */
  reservedForSecondFactor?: boolean;
}

/** Adds an email address or phone number to an existing user (Backend API, CLI). */
export async function addIdentifier(deps: UserDeps, userId: string, input: AddIdentifierInput): Promise<IdentifierRecord> {
  if (!(await deps.store.getUser(userId))) throw errors.notFound('user');
  const param = input.kind;
  let normalized: string | null;
  let value: string;
  if (input.kind === 'email_address') {
    normalized = isValidEmail(input.value) ? normalizeEmail(input.value) : null;
    value = input.value.trim();
  } else {
    normalized = normalizePhone(input.value);
    value = normalized ?? '';
  }
  if (!normalized) throw errors.paramFormat(param, `"${input.value.slice(0, 80)}" is not a valid ${param.replace('_', ' ')}.`);
  if (input.reservedForSecondFactor && input.kind !== 'phone_number') throw errors.paramValue('reserved_for_second_factor', 'Only phone numbers can be second factors.');
  const record: IdentifierRecord = {
    id: newId('idn'),
    userId,
    kind: input.kind,
    value,
    normalized,
    verified: input.verified ?? true,
    primary: input.primary ?? false,
    reservedForSecondFactor: input.reservedForSecondFactor ?? false,
    createdAt: deps.clock.now(),
  };
  try {
    await deps.store.addIdentifier(record);
  } catch (err) {
    if (err instanceof DuplicateIdentifierError) throw errors.identifierExists(err.kind);
    throw err;
  }
  deps.log.event('user.identifier_added', { user_id: userId, identifier_id: record.id, kind: record.kind });
  return (await deps.store.listIdentifiers(userId)).find((i) => i.id === record.id) ?? record;
}

export async function deleteUser(deps: UserDeps, userId: string): Promise<boolean> {
  const ok = await deps.store.deleteUser(userId, deps.clock.now());
  if (ok) deps.log.event('user.deleted', { user_id: userId });
  return ok;
}
