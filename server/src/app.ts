/** Assembles the App (store, hasher, keys, limiters) from a validated configuration. */
import type { Clock } from './clock.js';
import { ConfigError, dataDir, sqliteFile, type ServerConfig } from './config.js';
import type { App } from './context.js';
import { generateSigningKeys, keysFromPem, loadOrCreateKeyFile, type SigningKeys } from './crypto/jwt.js';
import { PasswordHasher } from './crypto/password.js';
import { newToken } from './ids.js';
import { createLogger, type Logger } from './log.js';
import { Lockout } from './security/lockout.js';
import { ClientIpResolver, RateLimiter } from './security/rate-limit.js';
import { SqliteStore } from './store-sqlite.js';
import type { Store } from './store.js';
import { DependencyHealth, guardDependency } from './dependencies.js';
import { resolveEncryptionKey, SecretBox } from './crypto/secret-box.js';
import { Delivery } from './delivery/index.js';
import { SendThrottle } from './security/send-throttle.js';
import { ProbeLimiter } from './security/enumeration.js';
import { SecurityNotifier } from './security/notifications.js';

let processKeys: SigningKeys | null = null;

/** RS256 key: SIGNING_KEY, else `<data dir>/signing-key.pem` (created in development), else per-process in memory. */
export function resolveKeys(config: ServerConfig): SigningKeys {
  if (config.signingKey) {
    try {
      return keysFromPem(config.signingKey);
    } catch {
      throw new ConfigError('SIGNING_KEY', 'is not a readable RSA private key in PEM format');
    }
  }
  const dir = dataDir(config);
  if (dir) {
    const keys = loadOrCreateKeyFile(dir, config.mode === 'development');
    if (keys) return keys;
    throw new ConfigError('SIGNING_KEY', `is required in production mode (or place an RSA key at ${dir}/signing-key.pem)`);
  }
  if (config.mode === 'production') throw new ConfigError('SIGNING_KEY', 'is required in production mode with an in-memory database');
  return (processKeys ??= generateSigningKeys());
}

export interface BuildOptions {
  log: boolean;
  logWrite?: (line: string) => void;
  /** @internal Wraps the SQLite store before it is guarded (fault injection in tests). */
  wrapStore?: (store: Store) => Store;
}

/** `publicUrl` and `allowedOrigins` are completed by the caller once the port is known. */
export function buildApp(config: ServerConfig, clock: Clock, options: BuildOptions): App {
  const log: Logger = createLogger({ enabled: options.log, now: () => clock.now(), write: options.logWrite });
  // Keys first: a configuration error must not leave the database open.
  const keys = resolveKeys(config);
  const secretBox = new SecretBox(resolveEncryptionKey(config));
  // FT-9, FT-19: every store, limiter and lockout failure surfaces as DependencyUnavailableError (503).
  const health = new DependencyHealth(clock);
  const sqlite = new SqliteStore(sqliteFile(config.databaseUrl));
  const store = guardDependency('store', options.wrapStore ? options.wrapStore(sqlite) : sqlite, health);
  const { scryptLogN: logN, scryptR: r, scryptP: p } = config.password;
  const secretKey = config.secretKey ?? `sk_test_${newToken()}`;
  const secure = config.publicUrl.startsWith('https:');
  const delivery = new Delivery(config, clock);
  return {
    config,
    clock,
    store,
    log,
    hasher: new PasswordHasher({ logN, r, p }),
    lockout: guardDependency('lockout', new Lockout(config.lockout, clock, store), health),
    health,
    rateLimiter: guardDependency('rate_limit', new RateLimiter(clock, config.rateLimit.windowSeconds * 1000), health),
    ipResolver: new ClientIpResolver(config.trustedProxies),
    sendThrottle: guardDependency('send_throttle', new SendThrottle(clock, config.otp), health),
    probeLimiter: guardDependency('probe_limit', new ProbeLimiter(clock, config.enumeration), health),
    delivery,
    notifier: new SecurityNotifier({ config, clock, store, delivery, log }),
    secretBox,
    codeKey: secretBox.derive('otp-code-hash'),
    enumerationKey: secretBox.derive('enumeration-decoy'),
    demoUsers: [],
    keys,
    secretKey,
    publicUrl: config.publicUrl,
    allowedOrigins: new Set(config.allowedOrigins),
    cookieName: secure ? '__Host-client' : '__client',
    secureCookies: secure,
  };
}

/** Store, hasher and clock only: enough for the CLI's user commands. */
export function buildUserDeps(config: ServerConfig, clock: Clock, log: boolean) {
  const { scryptLogN: logN, scryptR: r, scryptP: p } = config.password;
  let box: SecretBox | null = null;
  return {
    config,
    clock,
    store: new SqliteStore(sqliteFile(config.databaseUrl)),
    hasher: new PasswordHasher({ logN, r, p }),
    /** Resolved on first use, so commands without secrets need no ENCRYPTION_KEY. */
    get secretBox(): SecretBox {
      return (box ??= new SecretBox(resolveEncryptionKey(config)));
    },
    log: createLogger({ enabled: log, now: () => clock.now(), write: (l) => process.stderr.write(l + '\n') }),
  };
}
