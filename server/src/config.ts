import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Thrown for any invalid configuration; `message` is one line fit for a terminal. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

export type Mode = 'development' | 'production';
export type EnumerationMode = 'parity' | 'strict';

export interface ServerConfig {
  mode: Mode;
  host: string;
  port: number;
  /** Public origin browsers use (no trailing slash). Empty string = derive `http://localhost:<port>`. */
  publicUrl: string;
  databaseUrl: string;
  allowedOrigins: string[];
  trustedProxies: string[];
  /** Backend API key; generated and printed in development when unset. */
  secretKey: string | undefined;
  /** RS256 private key (PEM). Unset: a key file under the data dir (development: generated). */
  signingKey: string | undefined;
  applicationName: string;
  /**
   * `minStrength`: the zxcvbn score (0–4) a new password needs, advertised to clients as
   * `show_zxcvbn` / `min_zxcvbn_strength` (§7, §13); null = no strength check (the default;
   * `serve --dev` turns it on at DEV_MIN_STRENGTH).
   */
  password: { minLength: number; maxLength: number; minStrength: number | null; scryptLogN: number; scryptR: number; scryptP: number };
  lockout: {
    freeFailures: number;
    baseDelaySeconds: number;
    maxDelaySeconds: number;
    threshold: number;
    durationSeconds: number;
    disableThreshold: number;
  };
  rateLimit: { windowSeconds: number; createMax: number; attemptMax: number };
  session: { tokenTtlSeconds: number; maxLifetimeSeconds: number; idleTimeoutSeconds: number };
  signInTtlSeconds: number;
  clientCookieMaxAgeSeconds: number;
  /** Client trust step (§11.10, FLOW-4, OP-14): on by default. */
  clientTrust: boolean;
  /**
   * Account enumeration (RL-8, DEC-6). `parity` (default, Clerk parity): unknown identifiers get
   * `form_identifier_not_found`, and more than `probeMax` distinct unknown identifiers from one IP
   * per `probeWindowSeconds` → 429 for every identifier lookup from it (0 disables). `strict`:
   * unknown identifiers proceed like an account that can never be signed in to.
   */
  enumeration: { mode: EnumerationMode; probeMax: number; probeWindowSeconds: number };
  /** AES-256-GCM key (32 bytes, base64 or hex) for secrets at rest (MFA-4) and code hashing. Unset: `<data dir>/encryption-key`. */
  encryptionKey: string | undefined;
  /** One-time codes (OTP-1…OTP-8). Cooldown and send limits are per process; 0 disables a limit. */
  otp: {
    ttlSeconds: number;
    maxAttempts: number;
    resendCooldownSeconds: number;
    sendWindowSeconds: number;
    sendMaxPerDestination: number;
    sendMaxPerIp: number;
    /** SMS pumping (OTP-8): sends per number range (the number without its last `smsRangeDigits` digits) per window. */
    sendMaxPerSmsRange: number;
    smsRangeDigits: number;
  };
  /** TOTP drift window in 30 s steps, 0 or 1 (DEC-4). */
  totpWindow: number;
  /** Code delivery. Development without SMTP / SMS webhook: the in-memory outbox. */
  delivery: {
    smtpUrl: string | undefined;
    smtpFrom: string;
    smsWebhookUrl: string | undefined;
    smsWebhookSecret: string | undefined;
    /**
     * OTP-8: E.164 calling-code prefixes SMS may go to (digits, e.g. `1`, `44`, `1787`), or `'*'` for
     * every country. Unset: every country in development; required in production with an SMS webhook.
     */
    smsAllowedCountryCodes: string[] | '*' | undefined;
    timeoutSeconds: number;
    outboxSize: number;
  };
  maxBodyBytes: number;
  /** Development extras: static demo + bundle, seeded demo users. */
  devTools: boolean;
  demoDir: string;
  bundleDir: string;
}

type Env = Record<string, string | undefined>;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function defaultConfig(): ServerConfig {
  return {
    mode: 'development',
    host: '127.0.0.1',
    port: 8787,
    publicUrl: '',
    databaseUrl: 'sqlite:./.data/signin.db',
    allowedOrigins: [],
    trustedProxies: [],
    secretKey: undefined,
    signingKey: undefined,
    applicationName: 'Signin Elements',
    password: { minLength: 8, maxLength: 128, minStrength: null, scryptLogN: 15, scryptR: 8, scryptP: 1 },
    lockout: { freeFailures: 3, baseDelaySeconds: 30, maxDelaySeconds: 3600, threshold: 10, durationSeconds: 3600, disableThreshold: 100 },
    rateLimit: { windowSeconds: 10, createMax: 5, attemptMax: 3 },
    session: { tokenTtlSeconds: 60, maxLifetimeSeconds: 7 * 24 * 3600, idleTimeoutSeconds: 0 },
    signInTtlSeconds: 24 * 3600,
    clientCookieMaxAgeSeconds: 365 * 24 * 3600,
    clientTrust: true,
    enumeration: { mode: 'parity', probeMax: 20, probeWindowSeconds: 3600 },
    encryptionKey: undefined,
    otp: { ttlSeconds: 600, maxAttempts: 5, resendCooldownSeconds: 30, sendWindowSeconds: 3600, sendMaxPerDestination: 10, sendMaxPerIp: 30, sendMaxPerSmsRange: 30, smsRangeDigits: 3 },
    totpWindow: 1,
    delivery: { smtpUrl: undefined, smtpFrom: 'no-reply@localhost', smsWebhookUrl: undefined, smsWebhookSecret: undefined, smsAllowedCountryCodes: undefined, timeoutSeconds: 10, outboxSize: 100 },
    maxBodyBytes: 64 * 1024,
    devTools: false,
    demoDir: path.join(repoRoot, 'demo'),
    bundleDir: path.join(repoRoot, 'dist'),
  };
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer between ${min} and ${max} (got "${raw}")`);
  return checkRange(name, Number(raw), min, max);
}

function checkRange(name: string, n: number, min: number, max: number): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `must be an integer between ${min} and ${max} (got ${n})`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false (got "${env[name]}")`);
}

/** PASSWORD_MIN_STRENGTH: 0–4, or `off`; unset or empty = `fallback`. */
function minStrength(env: Env, fallback: number | null): number | null {
  const raw = env.PASSWORD_MIN_STRENGTH;
  const v = raw?.trim().toLowerCase();
  if (v === undefined || v === '') return fallback;
  if (v === 'off') return null;
  if (!/^[0-4]$/.test(v)) throw new ConfigError('PASSWORD_MIN_STRENGTH', `must be a zxcvbn score from 0 to 4, or off (got "${raw}")`);
  return Number(v);
}

/** The strength check's default under `serve --dev` (npm start, the demo), so the demo shows the meter. */
export const DEV_MIN_STRENGTH = 2;

/**
 * `serve --dev` defaults on top of the environment: the strength check at DEV_MIN_STRENGTH unless
 * PASSWORD_MIN_STRENGTH is set (`off` turns it off). Production has no such default.
 */
export function devPasswordMinStrength(env: Env): number | null {
  return minStrength(env, DEV_MIN_STRENGTH);
}

function enumerationMode(raw: string | undefined, fallback: EnumerationMode): EnumerationMode {
  const v = raw?.trim().toLowerCase();
  if (v === undefined || v === '') return fallback;
  if (v === 'parity' || v === 'strict') return v;
  throw new ConfigError('ENUMERATION_PROTECTION', `must be "parity" or "strict" (got "${raw}")`);
}

function list(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Reads configuration from environment variables (see README) and validates it. Pure: no I/O. */
export function loadConfig(env: Env = {}): ServerConfig {
  const d = defaultConfig();
  const modeRaw = env.SIGNIN_MODE?.trim() || d.mode;
  if (modeRaw !== 'development' && modeRaw !== 'production') throw new ConfigError('SIGNIN_MODE', `must be "development" or "production" (got "${modeRaw}")`);
  const cfg: ServerConfig = {
    ...d,
    mode: modeRaw,
    host: env.HOST?.trim() || d.host,
    port: int(env, 'PORT', d.port, 0, 65535),
    publicUrl: env.PUBLIC_URL?.trim() ?? d.publicUrl,
    databaseUrl: env.DATABASE_URL?.trim() || d.databaseUrl,
    allowedOrigins: list(env.ALLOWED_ORIGINS) ?? d.allowedOrigins,
    trustedProxies: list(env.TRUSTED_PROXIES) ?? d.trustedProxies,
    secretKey: env.SIGNIN_SECRET_KEY?.trim() || undefined,
    signingKey: env.SIGNING_KEY?.trim() ? env.SIGNING_KEY.replace(/\\n/g, '\n') : undefined,
    applicationName: env.APP_NAME?.trim() || d.applicationName,
    password: {
      minLength: int(env, 'PASSWORD_MIN_LENGTH', d.password.minLength, 0, 1_000_000),
      maxLength: int(env, 'PASSWORD_MAX_LENGTH', d.password.maxLength, 0, 1_000_000),
      minStrength: minStrength(env, d.password.minStrength),
      scryptLogN: int(env, 'SCRYPT_LOG_N', d.password.scryptLogN, 1, 22),
      scryptR: int(env, 'SCRYPT_R', d.password.scryptR, 1, 32),
      scryptP: int(env, 'SCRYPT_P', d.password.scryptP, 1, 16),
    },
    lockout: {
      freeFailures: int(env, 'LOCKOUT_FREE_FAILURES', d.lockout.freeFailures, 0, 1000),
      baseDelaySeconds: int(env, 'LOCKOUT_BASE_DELAY_SECONDS', d.lockout.baseDelaySeconds, 0, 86400),
      maxDelaySeconds: int(env, 'LOCKOUT_MAX_DELAY_SECONDS', d.lockout.maxDelaySeconds, 0, 86400),
      threshold: int(env, 'LOCKOUT_THRESHOLD', d.lockout.threshold, 1, 100000),
      durationSeconds: int(env, 'LOCKOUT_DURATION_SECONDS', d.lockout.durationSeconds, 1, 30 * 86400),
      disableThreshold: int(env, 'PASSWORD_DISABLE_THRESHOLD', d.lockout.disableThreshold, 1, 1_000_000),
    },
    rateLimit: {
      windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', d.rateLimit.windowSeconds, 1, 86400),
      createMax: int(env, 'RATE_LIMIT_CREATE', d.rateLimit.createMax, 0, 1_000_000),
      attemptMax: int(env, 'RATE_LIMIT_ATTEMPT', d.rateLimit.attemptMax, 0, 1_000_000),
    },
    session: {
      tokenTtlSeconds: int(env, 'SESSION_TOKEN_TTL_SECONDS', d.session.tokenTtlSeconds, 1, 1_000_000),
      maxLifetimeSeconds: int(env, 'SESSION_MAX_LIFETIME_SECONDS', d.session.maxLifetimeSeconds, 0, 10 * 365 * 86400),
      idleTimeoutSeconds: int(env, 'SESSION_IDLE_TIMEOUT_SECONDS', d.session.idleTimeoutSeconds, 0, 10 * 365 * 86400),
    },
    signInTtlSeconds: int(env, 'SIGN_IN_TTL_SECONDS', d.signInTtlSeconds, 60, 30 * 86400),
    clientCookieMaxAgeSeconds: int(env, 'CLIENT_COOKIE_MAX_AGE_SECONDS', d.clientCookieMaxAgeSeconds, 3600, 5 * 365 * 86400),
    clientTrust: bool(env, 'CLIENT_TRUST', d.clientTrust),
    enumeration: {
      mode: enumerationMode(env.ENUMERATION_PROTECTION, d.enumeration.mode),
      probeMax: int(env, 'ENUMERATION_PROBE_MAX', d.enumeration.probeMax, 0, 1_000_000),
      probeWindowSeconds: int(env, 'ENUMERATION_PROBE_WINDOW_SECONDS', d.enumeration.probeWindowSeconds, 1, 86400),
    },
    encryptionKey: env.ENCRYPTION_KEY?.trim() || undefined,
    otp: {
      ttlSeconds: int(env, 'OTP_TTL_SECONDS', d.otp.ttlSeconds, 30, 600),
      maxAttempts: int(env, 'OTP_MAX_ATTEMPTS', d.otp.maxAttempts, 1, 10),
      resendCooldownSeconds: int(env, 'OTP_RESEND_COOLDOWN_SECONDS', d.otp.resendCooldownSeconds, 0, 3600),
      sendWindowSeconds: int(env, 'OTP_SEND_WINDOW_SECONDS', d.otp.sendWindowSeconds, 1, 86400),
      sendMaxPerDestination: int(env, 'OTP_SEND_MAX_PER_DESTINATION', d.otp.sendMaxPerDestination, 0, 1_000_000),
      sendMaxPerIp: int(env, 'OTP_SEND_MAX_PER_IP', d.otp.sendMaxPerIp, 0, 1_000_000),
      sendMaxPerSmsRange: int(env, 'OTP_SEND_MAX_PER_SMS_RANGE', d.otp.sendMaxPerSmsRange, 0, 1_000_000),
      smsRangeDigits: int(env, 'OTP_SMS_RANGE_DIGITS', d.otp.smsRangeDigits, 1, 6),
    },
    totpWindow: int(env, 'TOTP_WINDOW', d.totpWindow, 0, 1),
    delivery: {
      smtpUrl: env.SMTP_URL?.trim() || undefined,
      smtpFrom: env.SMTP_FROM?.trim() || d.delivery.smtpFrom,
      smsWebhookUrl: env.SMS_WEBHOOK_URL?.trim() || undefined,
      smsWebhookSecret: env.SMS_WEBHOOK_SECRET?.trim() || undefined,
      smsAllowedCountryCodes: env.SMS_ALLOWED_COUNTRY_CODES?.trim() === '*' ? '*' : list(env.SMS_ALLOWED_COUNTRY_CODES?.trim() || undefined),
      timeoutSeconds: int(env, 'DELIVERY_TIMEOUT_SECONDS', d.delivery.timeoutSeconds, 1, 120),
      outboxSize: d.delivery.outboxSize,
    },
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', d.maxBodyBytes, 1024, 16 * 1024 * 1024),
    devTools: bool(env, 'DEV_TOOLS', d.devTools),
    demoDir: env.DEMO_DIR?.trim() ? path.resolve(env.DEMO_DIR) : d.demoDir,
    bundleDir: env.BUNDLE_DIR?.trim() ? path.resolve(env.BUNDLE_DIR) : d.bundleDir,
  };
  return validateConfig(cfg);
}

function origin(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `"${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, `"${value}" must use http or https`);
  return url.origin;
}

function isTrustedProxyEntry(value: string): boolean {
  const [addr, bits, extra] = value.split('/');
  if (extra !== undefined || !addr) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `localhost`, 127.0.0.0/8, `::1` (also IPv4-mapped `::ffff:127.…`). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  const mapped = h.startsWith('::ffff:') && isIP(h.slice(7)) === 4 ? h.slice(7) : h;
  const family = isIP(mapped);
  return family !== 0 && LOOPBACK.check(mapped, family === 4 ? 'ipv4' : 'ipv6');
}

/** Checks cross-field rules; returns a normalised copy. Used by loadConfig and startServer. */
export function validateConfig(input: ServerConfig): ServerConfig {
  const cfg: ServerConfig = structuredClone(input);
  checkRange('PORT', cfg.port, 0, 65535);
  if (!cfg.host) throw new ConfigError('HOST', 'must not be empty');
  if (cfg.mode === 'development' && !isLoopbackHost(cfg.host)) {
    // GET /dev/outbox serves every code sent, unauthenticated: never reachable from another machine.
    throw new ConfigError('HOST', `"${cfg.host}" is not a loopback address; development mode (which serves every sent code at GET /dev/outbox) only listens on 127.0.0.1, ::1 or localhost. Set SIGNIN_MODE=production to listen elsewhere`);
  }
  if (cfg.publicUrl) {
    let url: URL;
    try {
      url = new URL(cfg.publicUrl);
    } catch {
      throw new ConfigError('PUBLIC_URL', `"${cfg.publicUrl}" is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('PUBLIC_URL', 'must use http or https');
    if (url.search || url.hash || url.username) throw new ConfigError('PUBLIC_URL', 'must not carry credentials, a query or a fragment');
    cfg.publicUrl = (url.origin + url.pathname).replace(/\/+$/, '');
    if (cfg.mode === 'production' && url.protocol !== 'https:') throw new ConfigError('PUBLIC_URL', 'production mode requires an https PUBLIC_URL (DEC-7)');
  } else if (cfg.mode === 'production') {
    throw new ConfigError('PUBLIC_URL', 'is required in production mode');
  }
  if (!/^sqlite:/.test(cfg.databaseUrl) || cfg.databaseUrl === 'sqlite:') {
    throw new ConfigError('DATABASE_URL', `must look like sqlite:./path/to/file.db or sqlite::memory: (got "${cfg.databaseUrl}")`);
  }
  cfg.allowedOrigins = cfg.allowedOrigins.map((o) => {
    const norm = origin('ALLOWED_ORIGINS', o);
    if (new URL(o).pathname.replace(/\/$/, '') !== '') throw new ConfigError('ALLOWED_ORIGINS', `"${o}" must be an origin without a path`);
    return norm;
  });
  for (const p of cfg.trustedProxies) {
    if (!isTrustedProxyEntry(p)) throw new ConfigError('TRUSTED_PROXIES', `"${p}" is not an IP address or CIDR range`);
  }
  if (cfg.mode === 'production') {
    if (!cfg.secretKey) throw new ConfigError('SIGNIN_SECRET_KEY', 'is required in production mode');
    if (cfg.devTools) throw new ConfigError('DEV_TOOLS', 'development tools (--dev) are refused in production mode');
  }
  if (cfg.secretKey !== undefined && cfg.secretKey.length < 24) throw new ConfigError('SIGNIN_SECRET_KEY', 'must be at least 24 characters');
  const pw = cfg.password;
  if (pw.minLength < 8) throw new ConfigError('PASSWORD_MIN_LENGTH', `must be at least 8 (DEC-1), got ${pw.minLength}`);
  if (pw.maxLength < 64 || pw.maxLength > 1024) throw new ConfigError('PASSWORD_MAX_LENGTH', `must be between 64 and 1024 (PW-2), got ${pw.maxLength}`);
  if (pw.minLength > pw.maxLength) throw new ConfigError('PASSWORD_MIN_LENGTH', 'must not exceed PASSWORD_MAX_LENGTH');
  if (pw.minStrength !== null) checkRange('PASSWORD_MIN_STRENGTH', pw.minStrength, 0, 4);
  if (cfg.mode === 'production' && pw.scryptLogN < 14) throw new ConfigError('SCRYPT_LOG_N', 'must be at least 14 in production mode (PW-9)');
  const lk = cfg.lockout;
  if (lk.maxDelaySeconds < lk.baseDelaySeconds) throw new ConfigError('LOCKOUT_MAX_DELAY_SECONDS', 'must be at least LOCKOUT_BASE_DELAY_SECONDS');
  if (lk.freeFailures >= lk.threshold) throw new ConfigError('LOCKOUT_FREE_FAILURES', 'must be below LOCKOUT_THRESHOLD');
  if (lk.disableThreshold < lk.threshold) throw new ConfigError('PASSWORD_DISABLE_THRESHOLD', 'must be at least LOCKOUT_THRESHOLD');
  if (cfg.session.tokenTtlSeconds < 10 || cfg.session.tokenTtlSeconds > 3600) throw new ConfigError('SESSION_TOKEN_TTL_SECONDS', 'must be between 10 and 3600');
  if (cfg.session.maxLifetimeSeconds === 0 && cfg.session.idleTimeoutSeconds === 0) {
    throw new ConfigError('SESSION_MAX_LIFETIME_SECONDS', 'at least one of SESSION_MAX_LIFETIME_SECONDS and SESSION_IDLE_TIMEOUT_SECONDS must be set (SES-4)');
  }
  if (cfg.enumeration.mode !== 'parity' && cfg.enumeration.mode !== 'strict') throw new ConfigError('ENUMERATION_PROTECTION', 'must be "parity" or "strict"');
  checkRange('ENUMERATION_PROBE_MAX', cfg.enumeration.probeMax, 0, 1_000_000);
  checkRange('ENUMERATION_PROBE_WINDOW_SECONDS', cfg.enumeration.probeWindowSeconds, 1, 86400);
  checkRange('TOTP_WINDOW', cfg.totpWindow, 0, 1);
  checkRange('OTP_TTL_SECONDS', cfg.otp.ttlSeconds, 30, 600);
  checkRange('OTP_MAX_ATTEMPTS', cfg.otp.maxAttempts, 1, 10);
  if (cfg.encryptionKey !== undefined) parseEncryptionKey(cfg.encryptionKey);
  const dl = cfg.delivery;
  if (dl.smtpUrl !== undefined && !/^smtps?:\/\/[^/?#\s]+/.test(dl.smtpUrl)) throw new ConfigError('SMTP_URL', 'must look like smtp://host:port or smtps://user:pass@host:port');
  if (dl.smsWebhookUrl !== undefined) origin('SMS_WEBHOOK_URL', dl.smsWebhookUrl);
  if (cfg.mode === 'production' && dl.smsWebhookUrl?.startsWith('http:') && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(dl.smsWebhookUrl)) {
    throw new ConfigError('SMS_WEBHOOK_URL', 'must use https in production mode (loopback http is allowed)');
  }
  if (Array.isArray(dl.smsAllowedCountryCodes)) {
    dl.smsAllowedCountryCodes = dl.smsAllowedCountryCodes.map((c) => {
      const digits = c.trim().replace(/^\+/, '');
      if (!/^[1-9]\d{0,5}$/.test(digits)) throw new ConfigError('SMS_ALLOWED_COUNTRY_CODES', `"${c}" is not an E.164 calling-code prefix (e.g. 1, 44, +30)`);
      return digits;
    });
  }
  if (cfg.mode === 'production' && dl.smsWebhookUrl && dl.smsAllowedCountryCodes === undefined) {
    throw new ConfigError('SMS_ALLOWED_COUNTRY_CODES', 'is required in production mode with SMS_WEBHOOK_URL (OTP-8): list the calling codes SMS may go to, e.g. 1,44, or * for every country');
  }
  if (cfg.mode === 'production' && cfg.clientTrust && !dl.smtpUrl && !dl.smsWebhookUrl) {
    throw new ConfigError('CLIENT_TRUST', 'client trust sends email or SMS codes: set SMTP_URL or SMS_WEBHOOK_URL, or CLIENT_TRUST=false');
  }
  return cfg;
}

/** Decodes ENCRYPTION_KEY: 32 bytes as 64 hex digits or base64/base64url. */
export function parseEncryptionKey(value: string): Buffer {
  const v = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(v) ? Buffer.from(v, 'base64') : null;
  if (!key || key.length !== 32) throw new ConfigError('ENCRYPTION_KEY', 'must be 32 bytes, as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)');
  return key;
}

/** Directory for the SQLite file and the development signing key; null for in-memory databases. */
export function dataDir(cfg: ServerConfig): string | null {
  const file = sqliteFile(cfg.databaseUrl);
  return file === ':memory:' ? null : path.dirname(path.resolve(file));
}

export function sqliteFile(databaseUrl: string): string {
  const rest = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  return rest === ':memory:' || rest === '' ? ':memory:' : rest;
}
