/** Demo users created on `serve --dev` when absent. Development only. */
import { ApiError } from './errors.js';
import type { CreateUserInput } from './users.js';

export const DEMO_USERS: (CreateUserInput & { password: string })[] = [
  {
    emailAddresses: ['ada@example.com'],
    phoneNumbers: ['+15555550100'],
    username: 'ada',
    password: 'analytical-engine-1843',
    firstName: 'Ada',
    lastName: 'Lovelace',
  },
  {
    emailAddresses: ['grace@example.com'],
    phoneNumbers: ['+15555550101'],
    username: 'grace',
    password: 'harvard-mark-one-1944',
    firstName: 'Grace',
    lastName: 'Hopper',
  },
];

/** Creates missing demo users; returns lines describing their credentials. */
export async function seedDemoUsers(createUser: (input: CreateUserInput) => Promise<{ id: string }>): Promise<string[]> {
  const lines: string[] = [];
  for (const u of DEMO_USERS) {
    let status = 'created';
    try {
      await createUser(u);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'form_identifier_exists')) throw err;
      status = 'exists';
    }
    lines.push(`  ${u.emailAddresses![0]} / ${u.username} / ${u.phoneNumbers![0]}  password: ${u.password}  (${status})`);
  }
  return lines;
}
