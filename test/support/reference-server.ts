// Browser-side handles on the real reference server the test run started (see
// reference-server-plugin.mjs). Every test makes its own user, so tests never share accounts.
import { executeServerCommand } from '@web/test-runner-commands';

export interface TestUser {
  id: string;
  email: string;
  username: string;
  password: string;
}

let cachedUrl: string | undefined;

/** The reference server's public URL, e.g. `http://localhost:41234`. */
export async function referenceServerUrl(): Promise<string> {
  cachedUrl ??= (await executeServerCommand<{ url: string }, undefined>('reference-server'))!.url;
  return cachedUrl;
}

/** Creates a user with an email address, a username and a strong password. */
export async function createUser(overrides: Partial<Omit<TestUser, 'id'>> & { phone?: string; firstName?: string } = {}): Promise<TestUser> {
  const tag = crypto.randomUUID().slice(0, 8);
  const email = overrides.email ?? `user-${tag}@example.com`;
  const username = overrides.username ?? `user_${tag}`;
  const password = overrides.password ?? `Velvet-Orbit-${tag}-Lantern`;
  const created = await executeServerCommand<{ id: string }, object>('reference-server-create-user', {
    emailAddresses: [email],
    username,
    password,
    firstName: overrides.firstName ?? 'Test',
    lastName: 'User',
    ...(overrides.phone ? { phoneNumbers: [overrides.phone] } : {}),
  });
  return { id: created!.id, email, username, password };
}

/** Moves the server's clock forward (cooldowns, expiry) without waiting. */
export async function advanceServerClock(ms: number): Promise<void> {
  await executeServerCommand('reference-server-advance-clock', { ms });
}

/** Forgets every cookie, as a new browser or device would. */
export async function clearCookies(): Promise<void> {
  await executeServerCommand('clear-cookies');
}
