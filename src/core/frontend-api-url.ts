import { SignInError } from './errors.js';

/** What a publishable key says (spec §3.1). */
export interface PublishableKeyInfo {
  /** `pk_live_` → production, `pk_test_` → development; the prefix is the only source. */
  readonly instanceType: 'production' | 'development';
  /** Decoded Frontend API host, e.g. `clerk.example.test` or `127.0.0.1:4000`. */
  readonly frontendApiHost: string;
}

/** The inputs that pick the Frontend API base URL. Precedence: `proxyUrl` > `frontendApi` > key. */
export interface FrontendApiUrlOptions {
  publishableKey?: string | undefined;
  /** Ours: a host (`clerk.example.com`) or an absolute http(s) URL (`http://localhost:8787`). */
  frontendApi?: string | undefined;
  /** An absolute http(s) URL, or a path starting with `/` resolved against `location.origin`. */
  proxyUrl?: string | undefined;
  /** Only `origin` is read; defaults to `globalThis.location`. */
  location?: { readonly origin: string } | undefined;
}

const KEY_PREFIXES = { pk_live_: 'production', pk_test_: 'development' } as const;

function keyError(detail: string): SignInError {
  return new SignInError('publishable_key_invalid', 'The publishable key is not valid.', {
    longMessage: `The publishable key is not valid: ${detail}. Copy it again from your dashboard.`,
  });
}

function decodeBase64(encoded: string): string | null {
  // Hosted keys omit the `=` padding; accept both, and URL-safe letters for robustness.
  const standard = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  try {
    return atob(padded);
  } catch {
    return null;
  }
}

/**
 * Decodes and validates a publishable key: known prefix; decoded text ends with `$`, has no other
 * `$`, and its host contains a `.` (so `localhost:4000` is rejected, `127.0.0.1:4000` accepted).
 * @throws {SignInError} `publishable_key_invalid`
 */
export function parsePublishableKey(key: string): PublishableKeyInfo {
  const prefix = (Object.keys(KEY_PREFIXES) as (keyof typeof KEY_PREFIXES)[]).find((p) => key.startsWith(p));
  if (!prefix) throw keyError('it must start with pk_test_ or pk_live_');
  const decoded = decodeBase64(key.slice(prefix.length));
  if (decoded === null) throw keyError('it is not base64');
  if (!decoded.endsWith('$') || decoded.indexOf('$') !== decoded.length - 1) {
    throw keyError('the decoded host must end with a single "$"');
  }
  const host = decoded.slice(0, -1);
  if (!host.includes('.') || /[\s/?#@]/.test(host)) throw keyError(`"${host}" is not a Frontend API host`);
  return { instanceType: KEY_PREFIXES[prefix], frontendApiHost: host };
}

function urlError(code: string, what: string, value: string): SignInError {
  return new SignInError(code, `The ${what} is not valid.`, {
    longMessage: `The ${what} "${value}" is not valid: use an absolute http(s) URL${what === 'proxy URL' ? ' or a path starting with "/"' : ' or a host name'}.`,
  });
}

/** `<origin><path without trailing slashes>/v1`, never `//v1`; keeps an existing `/v1` suffix. */
function baseFrom(url: URL, keepV1: boolean): string {
  const path = url.pathname.replace(/\/+$/, '');
  if (keepV1 && /\/v1$/.test(path)) return `${url.origin}${path}`;
  return `${url.origin}${path}/v1`;
}

function parseHttpUrl(value: string, base?: string): URL | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function resolveProxyUrl(proxyUrl: string, location: { readonly origin: string } | undefined): string {
  if (proxyUrl.startsWith('/') && !proxyUrl.startsWith('//')) {
    const origin = location?.origin;
    const url = origin && origin !== 'null' ? parseHttpUrl(proxyUrl, origin) : null;
    if (!url) throw urlError('proxy_url_invalid', 'proxy URL', proxyUrl);
    return baseFrom(url, false);
  }
  const url = /^https?:\/\//i.test(proxyUrl) ? parseHttpUrl(proxyUrl) : null;
  if (!url) throw urlError('proxy_url_invalid', 'proxy URL', proxyUrl);
  return baseFrom(url, false);
}

function resolveFrontendApi(frontendApi: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(frontendApi);
  const url = parseHttpUrl(absolute ? frontendApi : `https://${frontendApi}`);
  if (!url || (!absolute && !/^[^/?#\s]+\/*$/.test(frontendApi))) {
    throw urlError('frontend_api_invalid', 'Frontend API address', frontendApi);
  }
  return baseFrom(url, true);
}

/**
 * The Frontend API base URL, always ending in `/v1` (spec §3.1–3.2). A publishable key, when
 * given, is validated even if `proxyUrl` or `frontendApi` wins.
 * @throws {SignInError} `publishable_key_invalid`, `proxy_url_invalid`, `frontend_api_invalid`,
 *   or `frontend_api_missing` when no input is given.
 */
export function resolveFrontendApiUrl(options: FrontendApiUrlOptions): string {
  const { publishableKey, frontendApi, proxyUrl } = options;
  const key = publishableKey ? parsePublishableKey(publishableKey) : null;
  if (proxyUrl) return resolveProxyUrl(proxyUrl, options.location ?? globalThis.location);
  if (frontendApi) return resolveFrontendApi(frontendApi);
  if (key) return `https://${key.frontendApiHost}/v1`;
  throw new SignInError('frontend_api_missing', 'No sign-in service is configured.', {
    longMessage: 'Set a publishable key, a proxy URL or a Frontend API address.',
  });
}
