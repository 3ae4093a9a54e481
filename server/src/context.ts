import type { Clock } from './clock.js';
import type { ServerConfig } from './config.js';
import type { PasswordHasher } from './crypto/password.js';
import type { SigningKeys } from './crypto/jwt.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { DependencyHealth } from './dependencies.js';
import type { Delivery } from './delivery/index.js';
import type { Body } from './http.js';
import type { Logger } from './log.js';
import type { Lockout } from './security/lockout.js';
import type { ClientIpResolver, RateLimiter } from './security/rate-limit.js';
import type { SendThrottle } from './security/send-throttle.js';
import type { ProbeLimiter } from './security/enumeration.js';
import type { SecurityNotifier } from './security/notifications.js';
import type { ClientRecord, Store } from './store.js';

export interface DemoUser {
  identifier: string;
  password: string;
  note: string;
  [extra: string]: unknown;
}

/** Everything a handler needs, built once per server. */
export interface App {
  config: ServerConfig;
  clock: Clock;
  store: Store;
  log: Logger;
  hasher: PasswordHasher;
  lockout: Lockout;
  /** Failures of the store and the throttling state seen by requests (FT-19, `GET /health`). */
  health: DependencyHealth;
  rateLimiter: RateLimiter;
  ipResolver: ClientIpResolver;
  sendThrottle: SendThrottle;
  /** Parity enumeration mode: distinct unknown identifiers per IP (RL-8). */
  probeLimiter: ProbeLimiter;
  /** HMAC key for decoy ids and identifier tags (RL-8), derived from the encryption key. */
  enumerationKey: Buffer;
  delivery: Delivery;
  /** Security notifications by e-mail (RL-10). */
  notifier: SecurityNotifier;
  /** Seals secrets at rest (TOTP, MFA-4). */
  secretBox: SecretBox;
  /** HMAC key for one-time code hashes (OTP-7), derived from the encryption key. */
  codeKey: Buffer;
  /** Development: the seeded demo users for `GET /dev/demo-users`. */
  demoUsers: DemoUser[];
  keys: SigningKeys;
  secretKey: string;
  /** Public base (PUBLIC_URL), also the JWT `iss`. */
  publicUrl: string;
  /** Origins allowed for CORS and the SES-6 check (ALLOWED_ORIGINS + own origin). */
  allowedOrigins: Set<string>;
  /** `__Host-client` over https, `__client` on http development (DEC-7). */
  cookieName: string;
  secureCookies: boolean;
}

/** Per-request state. `client` is resolved lazily from the cookie and cached. */
export interface RequestContext {
  app: App;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Body;
  ip: string;
  origin: string | undefined;
  cookies: Map<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** undefined = not looked up yet; null = no client. */
  client: ClientRecord | null | undefined;
  setCookies: string[];
  /** Extra response headers set by handlers (e.g. `Clerk-Db-Jwt`), sent on success and error alike. */
  responseHeaders: Record<string, string>;
}
