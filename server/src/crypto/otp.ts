/**
 * One-time codes: emailed/SMS codes (OTP-1, OTP-7) and RFC 4226/6238 HOTP/TOTP (MFA-1…MFA-4).
 * TOTP is computed here with node:crypto so the server's injectable clock decides the time
 * (MFA-2); otplib is used for secret and otpauth:// URI generation only.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { generateSecret, generateURI } from 'otplib';

export const CODE_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;

/** Indirection so tests can spy on the CSPRNG (OTP-1). */
export const codeRandom = { int: (max: number): number => randomInt(0, max) };

/** A 6-digit code from the CSPRNG, leading zeros kept ("000123"). */
export function generateCode(): string {
  return String(codeRandom.int(10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/**
 * Keyed hash of a code bound to its sign-in, strategy and destination (OTP-4, OTP-7). Only this
 * hash is stored; the key lives outside the database (ENCRYPTION_KEY).
 */
export function hashCode(key: Buffer, binding: { signInId: string; strategy: string; identifierId: string }, code: string): string {
  return createHmac('sha256', key).update(`${binding.signInId}\n${binding.strategy}\n${binding.identifierId}\n${code}`).digest('base64url');
}

export function equalHashes(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP with HMAC-SHA1, 6 digits. */
export function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** CODE_DIGITS;
  return String(bin).padStart(CODE_DIGITS, '0');
}

export const totpStep = (atMs: number) => Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);

/** RFC 6238 TOTP code for a base32 secret at `atMs` (Unix ms). */
export function totp(secret: string, atMs: number): string {
  return hotp(base32Decode(secret), totpStep(atMs));
}

/**
 * The time step whose code equals `code`, searching the current step and `window` steps either
 * side (DEC-4: window 0 or 1); null when none matches. Replay checks are the caller's job.
 */
export function matchTotp(secret: string, code: string, atMs: number, window: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const key = base32Decode(secret);
  const now = totpStep(atMs);
  let found: number | null = null;
  // Check every candidate (no early exit) so timing does not reveal which step matched.
  for (const step of [now, now - 1, now + 1].slice(0, 1 + 2 * Math.min(window, 1))) {
    const candidate = Buffer.from(hotp(key, step));
    if (timingSafeEqual(candidate, Buffer.from(code)) && found === null) found = step;
  }
  return found;
}

/** A new 160-bit base32 secret (RFC 4226 R6, MFA-4). */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** otpauth:// URI for authenticator apps (issuer = APP_NAME, label = email or username). */
export const totpUri = (issuer: string, label: string, secret: string): string => generateURI({ issuer, label, secret });
