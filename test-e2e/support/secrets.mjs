// SES-8 and UI-1 instruments: a recorder of every URL a page requests, is redirected to or shows in
// its address bar (including history.pushState / replaceState, which send no request), a
// collection of every secret the run produced (session JWTs seen in FAPI answers or returned by
// getToken(), the client cookie's values, codes that were sent or typed, passwords), and a dump
// of the page's script-readable storage.

/** A compact JWT (header `{"…` base64url-encoded starts with eyJ). */
export const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;

export class SecretCollection {
  /** @type {Map<string, string>} value → kind */
  #values = new Map();

  /** Remembers `value` (≥ 6 characters) as a secret of `kind` (`jwt`, `code`, `password`, `client cookie`). */
  add(kind, value) {
    if (typeof value !== 'string' || value.length < 6) throw new Error(`not a usable ${kind} secret: ${value}`);
    if (!this.#values.has(value)) this.#values.set(value, kind);
  }

  /** Every JWT in `text`. */
  addJwtsIn(text) {
    for (const [jwt] of text.matchAll(JWT)) this.add('jwt', jwt);
  }

  count(kind) {
    return [...this.#values.values()].filter((k) => k === kind).length;
  }

  /**
   * The secrets found in `text` (also URL-decoded), plus anything shaped like a JWT: `[{ kind, value }]`.
   * Each value is reported shortened, so a failure message does not print a whole token.
   */
  findIn(text) {
    const variants = [text];
    try {
      variants.push(decodeURIComponent(text.replace(/\+/g, ' ')));
    } catch {
      // not percent-encoded: the raw text is scanned
    }
    const found = [];
    for (const variant of variants) {
      for (const [value, kind] of this.#values) if (variant.includes(value)) found.push({ kind, value: short(value) });
      for (const [jwt] of variant.matchAll(JWT)) found.push({ kind: 'jwt-shaped', value: short(jwt) });
    }
    return found;
  }
}

function short(value) {
  return value.length > 12 ? `${value.slice(0, 8)}…(${value.length})` : value;
}

/**
 * Records on `page`: every request URL (navigations, fetches, subresources, each hop of a
 * redirect chain) with its Referer, every `Location` header, every frame navigation and
 * in-document URL change. Collects into `secrets` the JWTs in FAPI answers and the client
 * cookie's values after every FAPI answer (so each rotation is seen). Call before the page
 * navigates. `settled()` waits for the answer bodies still being read.
 */
export async function recordPage(page, secrets, { cookieName = '__client' } = {}) {
  const urls = [];
  const pending = new Set();
  const track = (promise) => {
    pending.add(promise);
    promise.finally(() => pending.delete(promise));
  };
  page.on('request', (request) => {
    urls.push({ what: `${request.method()} ${request.isNavigationRequest() ? 'navigation' : request.resourceType()}`, url: request.url() });
    const referer = request.headers().referer;
    if (referer) urls.push({ what: 'Referer', url: referer });
  });
  page.on('response', (response) => {
    const location = response.headers().location;
    if (location) urls.push({ what: `Location (${response.status()})`, url: location });
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/v1/')) return;
    track(
      (async () => {
        if (response.status() < 300 || response.status() >= 400) secrets.addJwtsIn(await response.text().catch(() => ''));
        for (const cookie of await page.browserContext().cookies()) if (cookie.name === cookieName) secrets.add('client cookie', cookie.value);
      })(),
    );
  });
  page.on('framenavigated', (frame) => urls.push({ what: 'frame navigated', url: frame.url() }));
  await page.exposeFunction('__e2eUrlChanged', (url) => urls.push({ what: 'address bar', url }));
  await page.evaluateOnNewDocument(() => {
    for (const method of ['pushState', 'replaceState']) {
      const original = history[method];
      history[method] = function (...args) {
        const result = original.apply(this, args);
        // @ts-ignore exposed by the test
        window.__e2eUrlChanged(location.href);
        return result;
      };
    }
    // @ts-ignore exposed by the test
    addEventListener('hashchange', () => window.__e2eUrlChanged(location.href));
  });
  return {
    urls,
    async settled() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}

/**
 * Everything script on the page can read back: localStorage, sessionStorage, IndexedDB (database
 * names and every record), Cache Storage names and document.cookie.
 */
export function dumpStorage(page) {
  return page.evaluate(async () => {
    const entries = (storage) => Object.fromEntries(Object.keys(storage).map((key) => [key, storage.getItem(key)]));
    const databases = await indexedDB.databases();
    const records = {};
    for (const { name } of databases) {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        records[`${name}/${store}`] = await new Promise((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(JSON.stringify(request.result));
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
    }
    return {
      localStorage: entries(localStorage),
      sessionStorage: entries(sessionStorage),
      indexedDB: databases.map((db) => db.name),
      indexedDBRecords: records,
      cacheStorage: await caches.keys(),
      cookie: document.cookie,
    };
  });
}
