#!/usr/bin/env node
/**
 * signin-server CLI:
 *   serve [--dev]
 *   users create --email <e> [--email <e2>] [--phone <p>] [--username <u>] [--password <pw>] [--first-name <n>] [--last-name <n>]
 *   users get <id>
 *   users delete <id>
 *   users totp <id> | users backup-codes <id> | users add-phone <id> <+E164> [--second-factor] [--unverified] [--primary]
 */
import { systemClock } from './clock.js';
import { ConfigError, devPasswordMinStrength, loadConfig } from './config.js';
import { buildUserDeps } from './app.js';
import { ApiError } from './errors.js';
import { startServer, type StartOptions } from './index.js';
import { loadUser, userJson } from './serialize.js';
import { seedDemoUsers } from './seed.js';
import { addIdentifier, createUser, deleteUser } from './users.js';
import { createBackupCodes, enrollTotp } from './mfa.js';

class UsageError extends Error {}

const USAGE = `usage: signin-server serve [--dev]
       signin-server users create --email <address> [--phone <+E164>] [--username <name>] [--password <pw>] [--first-name <n>] [--last-name <n>]
       signin-server users get <user_id>
       signin-server users delete <user_id>
       signin-server users totp <user_id>            (enrol TOTP; prints secret and otpauth URI)
       signin-server users backup-codes <user_id>    (new backup codes; earlier ones stop working)
       signin-server users add-phone <user_id> <+E164> [--second-factor] [--unverified] [--primary]`;

function parseFlags(args: string[]): { flags: Map<string, string[]>; positional: string[] } {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    let value: string;
    if (eq > 0) value = a.slice(eq + 1);
    else if (['dev', 'second-factor', 'unverified', 'primary'].includes(name)) value = 'true';
    else {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      value = next;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positional };
}

async function serve(dev: boolean): Promise<void> {
  const env = process.env;
  const base = loadConfig(env);
  const config: NonNullable<StartOptions['config']> = { devTools: dev || base.devTools };
  if (dev && base.mode === 'production') throw new ConfigError('SIGNIN_MODE', '--dev cannot be used in production mode');
  // The demo shows the strength meter: on at DEV_MIN_STRENGTH unless PASSWORD_MIN_STRENGTH says otherwise.
  if (config.devTools) config.password = { minStrength: devPasswordMinStrength(env) };
  const running = await startServer({ env: { PORT: String(base.port), DATABASE_URL: base.databaseUrl, ...env }, config, log: true });
  const out = (s: string) => process.stderr.write(s + '\n');
  out(`signin-server listening on ${running.url} (public URL ${running.publicUrl}, ${running.app.config.mode} mode)`);
  out(`  allowed origins: ${[...running.app.allowedOrigins].join(', ')}`);
  if (!running.app.config.secretKey) out(`  generated backend secret key (development only): ${running.secretKey}`);
  out(`  delivery: email → ${running.app.delivery.describe('email')}, sms → ${running.app.delivery.describe('sms')}; client trust ${running.app.config.clientTrust ? 'on' : 'off'}`);
  const strength = running.app.config.password.minStrength;
  out(`  password strength check (PASSWORD_MIN_STRENGTH): ${strength === null ? 'off' : `zxcvbn score ≥ ${strength}`}`);
  if (config.devTools) {
    out('  demo users:');
    for (const line of await seedDemoUsers(running.app)) out(line);
    out(`  outbox (codes in development): ${running.url}/dev/outbox   demo users: ${running.url}/dev/demo-users`);
  }
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function users(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { flags, positional } = parseFlags(rest);
  const deps = buildUserDeps(loadConfig(process.env), systemClock, false);
  try {
    if (sub === 'create') {
      const one = (n: string) => flags.get(n)?.at(-1);
      const bundle = await createUser(deps, {
        emailAddresses: flags.get('email') ?? [],
        phoneNumbers: flags.get('phone') ?? [],
        username: one('username'),
        password: one('password'),
        firstName: one('first-name'),
        lastName: one('last-name'),
      });
      process.stdout.write(JSON.stringify(userJson(deps, bundle), null, 2) + '\n');
    } else if (sub === 'get' && positional[0]) {
      const bundle = await loadUser(deps, positional[0]);
      if (!bundle) throw new ApiError(404, 'resource_not_found', `No user was found with id ${positional[0]}`);
      process.stdout.write(JSON.stringify(userJson(deps, bundle), null, 2) + '\n');
    } else if (sub === 'delete' && positional[0]) {
      if (!(await deleteUser(deps, positional[0]))) throw new ApiError(404, 'resource_not_found', `No user was found with id ${positional[0]}`);
      process.stdout.write(JSON.stringify({ object: 'user', id: positional[0], deleted: true }) + '\n');
    } else if (sub === 'totp' && positional[0]) {
      process.stdout.write(JSON.stringify(await enrollTotp(deps, positional[0]), null, 2) + '\n');
    } else if (sub === 'backup-codes' && positional[0]) {
      process.stdout.write(JSON.stringify({ codes: await createBackupCodes(deps, positional[0]) }, null, 2) + '\n');
    } else if (sub === 'add-phone' && positional[0] && positional[1]) {
      await addIdentifier(deps, positional[0], {
        kind: 'phone_number',
        value: positional[1],
        verified: !flags.has('unverified'),
        primary: flags.has('primary'),
        reservedForSecondFactor: flags.has('second-factor'),
      });
      process.stdout.write(JSON.stringify(userJson(deps, (await loadUser(deps, positional[0]))!), null, 2) + '\n');
    } else {
      throw new UsageError(`unknown users command`);
    }
  } finally {
    await deps.store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'serve') {
      const { flags, positional } = parseFlags(rest);
      if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
      await serve(flags.has('dev'));
      return -1;
    }
    if (cmd === 'users') {
      await users(rest);
      return 0;
    }
    if (cmd === undefined || cmd === 'help' || cmd === '--help') {
      process.stdout.write(USAGE + '\n');
      return cmd === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command ${cmd}`);
  } catch (err) {
    if (err instanceof ConfigError) process.stderr.write(`signin-server: configuration error: ${err.message}\n`);
    else if (err instanceof UsageError) process.stderr.write(`signin-server: ${err.message}\n${USAGE}\n`);
    else if (err instanceof ApiError) process.stderr.write(`signin-server: ${err.code}: ${err.longMessage}\n`);
    else process.stderr.write(`signin-server: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
