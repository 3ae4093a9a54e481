// Browser-side handles on the real reference servers the test run started (see
// reference-server-plugin.mjs). Every test makes its own user, so tests never share accounts.
import { executeServerCommand } from '@web/test-runner-commands';
import { waitUntil } from '@open-wc/testing';

/**
 * `default`: client trust off; `trust`: the server's defaults, client trust on; `strength`:
 * `default` with PASSWORD_MIN_STRENGTH=2 (the zxcvbn policy, §13).
 */
export type ServerName = 'default' | 'trust' | 'strength';

export interface TestUser {
  id: string;
  email: string;
  username: string;
  password: string;
  phone?: string;
}

export interface DeliveredMessage {
  channel: 'email' | 'sms';
  to: string[];
  subject?: string;
  text: string;
  code?: string;
  at: number;
}

function command<R>(name: string, payload: object = {}): Promise<R> {
  return executeServerCommand<R, object>(name, payload);
}

const urls = new Map<ServerName, string>();

/** A reference server's public URL, e.g. `http://localhost:41234`. */
export async function referenceServerUrl(server: ServerName = 'default'): Promise<string> {
  if (!urls.has(server)) urls.set(server, (await command<{ url: string }>('reference-server', { server })).url);
  return urls.get(server)!;
}

/** A phone number no other test uses (E.164, in the fictional 555 range). */
export function uniquePhone(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

/** Creates a user with an email address, a username and a strong password (and a phone if asked). */
export async function createUser(
  overrides: Partial<Omit<TestUser, 'id'>> & { firstName?: string; withoutPassword?: boolean; server?: ServerName } = {},
): Promise<TestUser> {
  const tag = crypto.randomUUID().slice(0, 8);
  const email = overrides.email ?? `user-${tag}@example.com`;
  const username = overrides.username ?? `user_${tag}`;
  const password = overrides.password ?? `Velvet-Orbit-${tag}-Lantern`;
  const user = {
    emailAddresses: [email],
    username,
    ...(overrides.withoutPassword ? {} : { password }),
    firstName: overrides.firstName ?? 'Test',
    lastName: 'User',
    ...(overrides.phone ? { phoneNumbers: [overrides.phone] } : {}),
  };
  const created = await command<{ id: string }>('reference-server-create-user', { server: overrides.server, user });
  return { id: created.id, email, username, password, phone: overrides.phone };
}

/** Enrolls TOTP for a user through the server (as the Backend API does); returns the secret. */
export async function enrollTotp(userId: string, server: ServerName = 'default'): Promise<string> {
  return (await command<{ secret: string }>('reference-server-enroll-totp', { userId, server })).secret;
}

/** Adds a phone number; `{ secondFactor: true }` makes it the user's SMS second factor. */
export async function addPhone(userId: string, phone: string, options: { secondFactor?: boolean; server?: ServerName } = {}): Promise<void> {
  await command('reference-server-add-phone', {
    userId,
    phone,
    server: options.server,
    options: { reservedForSecondFactor: options.secondFactor ?? false },
  });
}

/** Generates a user's backup codes (earlier ones stop working). */
export async function createBackupCodes(userId: string, server: ServerName = 'default'): Promise<string[]> {
  return (await command<{ codes: string[] }>('reference-server-backup-codes', { userId, server })).codes;
}

/** The TOTP code for `secret` at the server's (fake) time, `offsetSteps` 30 s steps away. */
export async function totpCode(secret: string, offsetSteps = 0): Promise<string> {
  return (await command<{ code: string }>('reference-server-totp-code', { secret, offsetSteps })).code;
}

/** Moves the servers' clock forward (cooldowns, expiry) without waiting. */
export async function advanceServerClock(ms: number): Promise<void> {
  await command('reference-server-advance-clock', { ms });
}

/**
 * The newest message delivered to `to` (over real SMTP for e-mail, the webhook for SMS), waiting
 * for one newer than `after` (epoch ms) when given.
 */
export async function lastMessage(channel: 'email' | 'sms', to: string, after = 0): Promise<DeliveredMessage> {
  let message: DeliveredMessage | null = null;
  await waitUntil(
    async () => {
      ({ message } = await command<{ message: DeliveredMessage | null }>('last-message', { channel, to }));
      return message !== null && message.at > after;
    },
    `no ${channel} reached ${to}`,
    { timeout: 5000, interval: 50 },
  );
  return message!;
}

/** Forgets every cookie, as a new browser or device would. */
export async function clearCookies(): Promise<void> {
  await command('clear-cookies');
}

/** Makes the e-mail (SMTP) or SMS (webhook) provider refuse every message until `fail` is false (FT-10). */
export async function failDelivery(channel: 'email' | 'sms', fail = true): Promise<void> {
  await command('fail-delivery', { channel, fail });
}

/** Inserts `text` into the focused input in one go, as the browser does for a paste or a drop. */
export async function insertText(text: string): Promise<void> {
  await command('insert-text', { text });
}

export interface HeldRequest {
  url: string;
  method: string;
}

/**
 * Pauses the page's requests whose URL matches `urlPattern` (`*` wildcards) inside the browser's
 * network stack until `releaseRequests()`; `heldRequests()` lists what the page has sent so far.
 */
export async function holdRequests(urlPattern: string): Promise<void> {
  await command('hold-requests', { urlPattern });
}

export function heldRequests(): Promise<HeldRequest[]> {
  return command<HeldRequest[]>('held-requests');
}

/** Lets the held requests go on and stops holding; returns every request that was held. */
export function releaseRequests(): Promise<HeldRequest[]> {
  return command<HeldRequest[]>('release-requests');
}

export interface ServerEvent {
  /** `sign_in.attempt_failed`, `sign_in.factor_verified`, `sign_in.throttled`, `code.sent`, … */
  event: string;
  strategy?: string;
  error?: string;
}

/** The authentication events (LOG-1) the server logged for one user, oldest first. */
export function serverEvents(userId: string, server: ServerName = 'default'): Promise<ServerEvent[]> {
  return command<ServerEvent[]>('server-events', { userId, server });
}
