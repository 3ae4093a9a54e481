import { snakeCaseKey } from './wire-convert.js';

/**
 * Request bodies as `application/x-www-form-urlencoded` (spec §3.5).
 *
 * | value | wire form |
 * | --- | --- |
 * | top-level key | snake_case (`emailAddressId` → `email_address_id`); nested keys as given |
 * | `null` | empty value (`organization_id=`) |
 * | boolean, number, bigint | `String(value)` |
 * | array | repeated keys (`a=1&a=2`), each item encoded as a scalar |
 * | object | one JSON string |
 * | `undefined` | omitted |
 */
export type FormValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | readonly unknown[]
  | { readonly [key: string]: unknown };

/** The body a request method accepts: camelCase or snake_case keys, any `FormValue`. */
export type FormParams = { readonly [key: string]: FormValue | unknown };

function encodeScalar(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * Encodes `params` per §3.5. Returns `null` when no field survives (the request then has no body).
 */
export function encodeForm(params: FormParams | undefined): URLSearchParams | null {
  if (!params) return null;
  const form = new URLSearchParams();
  for (const [rawKey, value] of Object.entries(params)) {
    const key = snakeCaseKey(rawKey);
    if (Array.isArray(value)) {
      for (const item of value) {
        const encoded = encodeScalar(item);
        if (encoded !== undefined) form.append(key, encoded);
      }
      continue;
    }
    const encoded = encodeScalar(value);
    if (encoded !== undefined) form.append(key, encoded);
  }
  return [...form.keys()].length > 0 ? form : null;
}
