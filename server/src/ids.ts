import { createHash, createHmac, randomBytes } from 'node:crypto';

/** Bytes of CSPRNG output behind every id and opaque token (SES-2: at least 128 bits). */
export const ID_BYTES = 16;
const TOKEN_BYTES = 32;

/** Indirection so tests can spy on the CSPRNG (SES-2). */
export const random = { bytes: (n: number): Buffer => randomBytes(n) };

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function base62(buf: Buffer): string {
  let n = BigInt('0x' + buf.toString('hex'));
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(22, '0');
}

export type IdPrefix = 'client' | 'sia' | 'sess' | 'user' | 'idn' | 'jti' | 'bkc' | 'decoy';

/** A resource id such as `sia_3kTn…`: the prefix plus 128 random bits in base62. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${base62(random.bytes(ID_BYTES))}`;
}

/**
 * An id shaped exactly like `newId(prefix)` but derived from `input` with HMAC-SHA256 under `key`:
 * stable for the same input, unpredictable without the key (RL-8 decoy ids).
 */
export function derivedId(prefix: IdPrefix, key: Buffer, input: string): string {
  return `${prefix}_${base62(createHmac('sha256', key).update(input, 'utf8').digest().subarray(0, ID_BYTES))}`;
}

/** An opaque bearer token (256 bits, base64url). Store only its hash. */
export function newToken(): string {
  return random.bytes(TOKEN_BYTES).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
