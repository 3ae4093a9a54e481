/**
 * The few conversions every resource's `fromJSON` needs: snake_case keys to camelCase and wire
 * milliseconds to `Date`. Kept apart so resources stay declarative.
 */

/** `param_name` → `paramName`; keys already camelCase are left alone. */
export function camelCaseKey(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** `emailAddressId` → `email_address_id`; keys already snake_case are left alone. */
export function snakeCaseKey(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Deep-camelCases the keys of plain objects (arrays are walked, other values kept). */
export function camelCaseKeys<T = Record<string, unknown>>(value: unknown): T {
  if (Array.isArray(value)) return value.map((item) => camelCaseKeys(item)) as T;
  if (!isPlainObject(value)) return value as T;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[camelCaseKey(key)] = camelCaseKeys(item);
  return out as T;
}

/** Wire timestamps are Unix milliseconds; anything that is not a finite number becomes `null`. */
export function toDate(ms: number | null | undefined): Date | null {
  return typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms) : null;
}

/** `null`/`undefined` → fallback, for the many optional wire fields. */
export function orDefault<T>(value: T | null | undefined, fallback: T): T {
  return value ?? fallback;
}
