/**
 * FT-9 harness: a Store wrapper (`startTestServer({ wrapStore: fault.wrap })`) that can be switched
 * to fail every call, or every call after the next N (to fail part-way through a request), and
 * restored, without restarting the server. The failure is a rejected promise carrying a real
 * better-sqlite3 `SqliteError` (or any error given), as a paused or killed database would give.
 */
import Database from 'better-sqlite3';
import type { Store } from '../src/store.js';

export const sqliteError = (code: string, message: string): Error => new Database.SqliteError(message, code);

/** What a locked (paused) database answers after busy_timeout. */
export const BUSY = () => sqliteError('SQLITE_BUSY', 'database is locked');

export class StoreFault {
  /** Calls still let through before failing; null = healthy. */
  private allowed: number | null = null;
  private only: ReadonlySet<string> | null = null;
  private error: () => unknown = BUSY;
  /** Store calls seen (healthy or not) since the last arm. */
  calls = 0;
  /** Calls that were made to fail since the last arm. */
  failures = 0;

  /** Every call fails (only the named methods, when `only` is given). */
  failAll(options: { error?: () => unknown; only?: (keyof Store)[] } = {}): void {
    this.failAfter(0, options);
  }

  /** The next `n` calls succeed, then every call fails. */
  failAfter(n: number, options: { error?: () => unknown; only?: (keyof Store)[] } = {}): void {
    this.allowed = n;
    this.only = options.only ? new Set(options.only) : null;
    this.error = options.error ?? BUSY;
    this.calls = 0;
    this.failures = 0;
  }

  /** The database is back: every call goes through again. */
  restore(): void {
    this.allowed = null;
    this.only = null;
  }

  readonly wrap = (store: Store): Store =>
    new Proxy(store, {
      get: (obj, prop) => {
        const value: unknown = Reflect.get(obj, prop, obj);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          this.calls++;
          if (this.allowed !== null && (this.only === null || this.only.has(prop))) {
            if (this.allowed <= 0) {
              this.failures++;
              return Promise.reject(this.error());
            }
            this.allowed--;
          }
          return value.apply(obj, args);
        };
      },
    });
}
