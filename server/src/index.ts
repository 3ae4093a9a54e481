/** Programmatic API of the reference server (used by the CLI and the browser test harness). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import { loadConfig, validateConfig, type ServerConfig } from './config.js';
import type { App } from './context.js';
import { createHandler } from './server.js';
import { createUser as createUserRecord, addIdentifier, type CreateUserInput } from './users.js';
import { createBackupCodes, enrollTotp } from './mfa.js';
import { totp } from './crypto/otp.js';
import type { OutboxMessage } from './delivery/index.js';
import type { Store } from './store.js';

export { loadConfig, ConfigError, validateConfig, defaultConfig, type ServerConfig } from './config.js';
export { FakeClock, systemClock, type Clock } from './clock.js';
export type { CreateUserInput } from './users.js';
export type { OutboxMessage } from './delivery/index.js';
/** Session-token verifier for backends (SES-7). */
export { verifySessionToken, TokenVerificationError, type VerifySessionTokenOptions, type SessionClaims, type TokenVerificationReason } from './verify-token.js';
/** RFC 6238 code for a base32 secret at `atMs` (Unix ms): for tests and tools. */
export { totp } from './crypto/otp.js';

export interface AddPhoneNumberOptions {
  /** Default true (OTP-9: only verified numbers receive codes). */
  verified?: boolean;
  primary?: boolean;
  /** Enable as an SMS second factor (MFA). */
  reservedForSecondFactor?: boolean;
}

export interface StartOptions {
  /** Overrides on top of `env` (nested groups may be given partially). */
  config?: DeepPartial<ServerConfig>;
  /** Environment variables to read (default `{}`: built-in defaults, not `process.env`). */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** JSON-lines logging to stdout (default false). */
  log?: boolean;
  /** @internal Capture log lines (tests). */
  logWrite?: (line: string) => void;
  /** @internal Wraps the store (fault injection in tests, FT-9). */
  wrapStore?: (store: Store) => Store;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : Partial<T[K]>) : T[K] };

export interface RunningServer {
  /** Actual listen address, e.g. http://127.0.0.1:54321. */
  url: string;
  /** PUBLIC_URL (what browsers use); `http://localhost:<port>` when not configured. */
  publicUrl: string;
  port: number;
  secretKey: string;
  clock: Clock;
  createUser(input: CreateUserInput): Promise<{ id: string }>;
  /** Adds a phone number; `{ reservedForSecondFactor: true }` makes it an SMS second factor. */
  addPhoneNumber(userId: string, phoneNumber: string, options?: AddPhoneNumberOptions): Promise<{ id: string }>;
  /** Enrolls TOTP at once; returns the base32 secret and the otpauth:// URI. */
  enrollTotp(userId: string): Promise<{ secret: string; uri: string }>;
  /** New backup codes (earlier ones stop working). */
  createBackupCodes(userId: string): Promise<string[]>;
  /** The TOTP code for `secret` at `atMs` (default: this server's clock, so a FakeClock applies). */
  totpCode(secret: string, atMs?: number): string;
  /** Development outbox, newest first (optionally only messages to `to`); [] in production mode. */
  outbox(to?: string): OutboxMessage[];
  /** Newest outbox message to `to` that carries a code (security notices carry none), or undefined. */
  lastMessage(to: string): OutboxMessage | undefined;
  /** Wipes users, clients, sessions, sign-ins, the outbox, rate-limit / send / probe / decoy counters and dependency failures seen (keys and config stay). */
  reset(): Promise<void>;
  close(): Promise<void>;
  /** @internal Server internals for tests (hasher stats, store, config). */
  app: App;
}

function merge(base: ServerConfig, over: DeepPartial<ServerConfig> = {}): ServerConfig {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const cur = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' ? { ...cur, ...v } : v;
  }
  return out as unknown as ServerConfig;
}

/**
 * Starts a server. Without PORT / DATABASE_URL in `env` or `config`, it listens on a random
 * port (0) with an in-memory database, which suits test harnesses.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? {};
  const merged = merge(loadConfig(env), options.config);
  if (env.PORT === undefined && options.config?.port === undefined) merged.port = 0;
  if (env.DATABASE_URL === undefined && options.config?.databaseUrl === undefined) merged.databaseUrl = 'sqlite::memory:';
  const config = validateConfig(merged);
  const clock = options.clock ?? systemClock;
  const app = buildApp(config, clock, { log: options.log ?? false, logWrite: options.logWrite, wrapStore: options.wrapStore });

  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const server = http.createServer(createHandler(app, ready));
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await app.store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const publicUrl = config.publicUrl || `http://localhost:${port}`;
  app.publicUrl = publicUrl;
  app.allowedOrigins.add(new URL(publicUrl).origin);
  if (config.mode === 'development') {
    for (const h of ['localhost', '127.0.0.1']) app.allowedOrigins.add(`http://${h}:${port}`);
  }
  app.secureCookies = publicUrl.startsWith('https:');
  app.cookieName = app.secureCookies ? '__Host-client' : '__client';
  markReady();

  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    publicUrl,
    port,
    secretKey: app.secretKey,
    clock,
    app,
    createUser: async (input) => ({ id: (await createUserRecord(app, input)).user.id }),
    addPhoneNumber: async (userId, phoneNumber, o = {}) => ({ id: (await addIdentifier(app, userId, { kind: 'phone_number', value: phoneNumber, ...o })).id }),
    enrollTotp: (userId) => enrollTotp(app, userId),
    createBackupCodes: (userId) => createBackupCodes(app, userId),
    totpCode: (secret, atMs) => totp(secret, atMs ?? clock.now()),
    outbox: (to) => app.delivery.outbox?.list(to) ?? [],
    lastMessage: (to) => app.delivery.outbox?.list(to).find((m) => m.code !== undefined),
    reset: async () => {
      await app.store.reset();
      app.rateLimiter.reset();
      app.sendThrottle.reset();
      app.probeLimiter.reset();
      app.lockout.decoys.reset();
      app.health.reset();
      app.delivery.outbox?.clear();
    },
    close: async () => {
      await app.notifier.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      app.delivery.close();
      await app.store.close();
    },
  };
}
