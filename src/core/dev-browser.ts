import { unexpectedResponse } from './api-response.js';
import { parsePublishableKey } from './frontend-api-url.js';

/**
 * Hosts of hosted Clerk development instances (spec §4.2). Only a `pk_test_` key for one of them
 * uses the dev browser; every other key, `pk_test_` included, uses the `__client` cookie (§4.3).
 */
export const DEV_BROWSER_HOST_SUFFIXES = [
  'accounts.dev', 'accountsstage.dev', '.lcl.dev', '.stg.dev', '.lclstage.dev', '.stgstage.dev',
  '.dev.lclclerk.com', '.stg.lclclerk.com', '.accounts.lclclerk.com',
] as const;

/** The query parameter (and app-domain cookie name) carrying the token. */
export const DEV_BROWSER_PARAM = '__clerk_db_jwt';
/** The response header that replaces the token. */
export const DEV_BROWSER_HEADER = 'Clerk-Db-Jwt';

/** What the dev browser reads and writes on the app's page; tests pass a fake. */
export interface DevBrowserPage {
  /** The address bar URL. */
  readonly href: string;
  /** Replaces the address bar URL without navigating (`history.replaceState`). */
  replaceHref(href: string): void;
  /** `document.cookie` as read. */
  readonly cookie: string;
  /** One `document.cookie = …` assignment. */
  writeCookie(cookie: string): void;
}

/** The real page, or `null` outside a browser (the token then lives in memory only). */
export function browserPage(): DevBrowserPage | null {
  if (typeof document === 'undefined' || typeof location === 'undefined' || typeof history === 'undefined') return null;
  return {
    get href() { return location.href; },
    replaceHref: (href) => history.replaceState(history.state, '', href),
    get cookie() { return document.cookie; },
    writeCookie: (cookie) => { document.cookie = cookie; },
  };
}

/** Whether `publishableKey` addresses a hosted development instance (spec §4.2). */
export function usesDevBrowser(publishableKey: string): boolean {
  const key = parsePublishableKey(publishableKey);
  const host = key.frontendApiHost.toLowerCase().replace(/:\d+$/, '');
  return key.instanceType === 'development' && DEV_BROWSER_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/**
 * `<suffix>` of the app-domain cookies (§12.5): the first 8 characters of the URL-safe base64 of
 * SHA-1(publishable key). `null` where Web Crypto is unavailable (not a secure context): then only
 * the unsuffixed cookie is used.
 */
export async function cookieSuffix(publishableKey: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-1', new TextEncoder().encode(publishableKey)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').slice(0, 8);
}

/** The token in a `POST /dev_browser` reply: `id`, else `token` (OP-5). @throws {SignInApiError} */
export function devBrowserToken(payload: unknown, status: number): string {
  const json = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const token = [json['id'], json['token']].find((value) => typeof value === 'string' && value !== '');
  if (typeof token !== 'string') throw unexpectedResponse('dev browser response', status);
  return token;
}

function readCookie(cookies: string, name: string): string | null {
  for (const pair of cookies.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    const value = decodeURIComponent(pair.slice(at + 1).trim());
    if (value) return value;
  }
  return null;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * The dev-browser identity of a hosted development instance (spec §4.2): the token that replaces
 * the `__client` cookie. Bootstraps from the page URL, then the app-domain cookie, then
 * `POST /dev_browser`; keeps the app-domain cookies in step with every change. Transport only:
 * `ApiClient` puts the token on requests and reads replacements from responses.
 */
export class DevBrowser {
  readonly #publishableKey: string;
  readonly #page: DevBrowserPage | null;
  #token: string | null = null;
  /** The cookie-name suffix; `undefined` until the first bootstrap worked it out. */
  #suffix: string | null | undefined = undefined;
  #bootstrap: Promise<string> | null = null;

  constructor(options: { publishableKey: string; page?: DevBrowserPage | null | undefined }) {
    this.#publishableKey = options.publishableKey;
    this.#page = options.page === undefined ? browserPage() : options.page;
  }

  /**
   * The token, bootstrapped first when there is none: `__clerk_db_jwt` in the page URL (then
   * removed from the address bar), else the app-domain cookie, else `create()`. Concurrent callers
   * share one bootstrap; a failed one is not cached.
   */
  ensure(create: () => Promise<string>): Promise<string> {
    if (this.#token) return Promise.resolve(this.#token);
    this.#bootstrap ??= this.#run(create).finally(() => (this.#bootstrap = null));
    return this.#bootstrap;
  }

  /** A `Clerk-Db-Jwt` response header replaces the token. */
  update(token: string): void {
    if (token && token !== this.#token) this.#store(token);
  }

  /** The server no longer knows `stale` (`dev_browser_unauthenticated`): forget it, unless already replaced. */
  discard(stale: string): void {
    if (this.#token === stale) this.#store(null);
  }

  async #run(create: () => Promise<string>): Promise<string> {
    if (this.#suffix === undefined) this.#suffix = await cookieSuffix(this.#publishableKey).catch(() => null);
    const token = this.#fromUrl() ?? this.#fromCookie() ?? (await create());
    this.#store(token);
    return token;
  }

  #fromUrl(): string | null {
    if (!this.#page) return null;
    const url = new URL(this.#page.href);
    if (!url.searchParams.has(DEV_BROWSER_PARAM)) return null;
    const token = url.searchParams.get(DEV_BROWSER_PARAM);
    url.searchParams.delete(DEV_BROWSER_PARAM);
    this.#page.replaceHref(url.href);
    return token || null;
  }

  #fromCookie(): string | null {
    const cookies = this.#page?.cookie ?? '';
    const suffix = this.#suffix;
    return (suffix ? readCookie(cookies, `${DEV_BROWSER_PARAM}_${suffix}`) : null) ?? readCookie(cookies, DEV_BROWSER_PARAM);
  }

  /** Sets the token and writes (or, for `null`, expires) the app-domain cookies. */
  #store(token: string | null): void {
    this.#token = token;
    const page = this.#page;
    if (!page) return;
    const suffix = this.#suffix;
    const secure = new URL(page.href).protocol === 'https:' ? '; Secure' : '';
    const lifetime = token ? `; Expires=${new Date(Date.now() + YEAR_MS).toUTCString()}` : '; Max-Age=0';
    for (const name of suffix ? [`${DEV_BROWSER_PARAM}_${suffix}`, DEV_BROWSER_PARAM] : [DEV_BROWSER_PARAM]) {
      page.writeCookie(`${name}=${encodeURIComponent(token ?? '')}; Path=/${lifetime}; SameSite=Lax${secure}`);
    }
  }
}
