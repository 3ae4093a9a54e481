import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { COMMON_PASSWORDS } from '../data/common-passwords.js';
import { ApiError } from '../errors.js';
import { scorePassword } from './password-strength.js';

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

const KEY_LEN = 32;
const SALT_LEN = 16;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const b64 = (buf: Buffer) => buf.toString('base64').replace(/=+$/, '');

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

/** Parses `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (PHC string format, base64 without padding). */
export function parsePhc(phc: string): ParsedHash | null {
  const m = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!m) return null;
  return {
    params: { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) },
    salt: Buffer.from(m[4]!, 'base64'),
    hash: Buffer.from(m[5]!, 'base64'),
  };
}

/**
 * scrypt password hashing (PW-9). Inputs must already be normalised (see `normalizePassword`).
 * `stats` counts work done, so tests can assert that work happened or did not (PW-2, PW-11)
 * without timing assertions.
 */
export class PasswordHasher {
  readonly stats = { hashes: 0, verifications: 0, dummyVerifications: 0 };
  private dummy: Promise<string> | null = null;

  constructor(private readonly params: ScryptParams) {}

  async hash(password: string): Promise<string> {
    this.stats.hashes++;
    const salt = randomBytes(SALT_LEN);
    const key = await scrypt(password, salt, this.params);
    const { logN, r, p } = this.params;
    return `$scrypt$ln=${logN},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
  }

  async verify(phc: string, password: string): Promise<boolean> {
    this.stats.verifications++;
    const parsed = parsePhc(phc);
    if (!parsed) return false;
    const key = await scrypt(password, parsed.salt, parsed.params);
    return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
  }

  /** True when the stored hash uses other parameters than the configured ones (rehash on sign-in). */
  needsRehash(phc: string): boolean {
    const parsed = parsePhc(phc);
    if (!parsed) return true;
    const { logN, r, p } = parsed.params;
    return logN !== this.params.logN || r !== this.params.r || p !== this.params.p;
  }

  /** Same work as a real verification, against a hash of a random secret (PW-11). */
  async dummyVerify(password: string): Promise<void> {
    this.stats.dummyVerifications++;
    this.dummy ??= this.hash(randomBytes(18).toString('base64'));
    const phc = await this.dummy;
    const parsed = parsePhc(phc)!;
    await scrypt(password, parsed.salt, parsed.params);
  }
}

export interface PasswordLimits {
  minLength: number;
  maxLength: number;
  /** zxcvbn score (0–4) a new password needs; null or absent = no strength check (§13). */
  minStrength?: number | null;
}

const fail = (code: string, message: string, longMessage = message, meta: Record<string, unknown> = {}) =>
  new ApiError(422, code, message, { longMessage, meta: { param_name: 'password', ...meta } });

/** Largest UTF-8 size a password within the length cap can have; checked before any other work (PW-2). */
export const maxPasswordBytes = (limits: PasswordLimits) => limits.maxLength * 4;

/**
 * Raw size check, then NFC normalisation (PW-4). No trimming, no case folding (PW-3).
 * Throws 422 `form_password_size_in_bytes_exceeded` for oversized input, before any hashing.
 */
export function normalizePassword(raw: string, limits: PasswordLimits): string {
  if (raw.length > maxPasswordBytes(limits) || Buffer.byteLength(raw, 'utf8') > maxPasswordBytes(limits)) {
    throw fail('form_password_size_in_bytes_exceeded', 'Password is too large', `Passwords must be at most ${limits.maxLength} characters.`);
  }
  return raw.normalize('NFC');
}

/** Length in Unicode code points (PW-4). */
export const codePointLength = (s: string) => [...s].length;

export interface PasswordContext {
  emailAddresses: string[];
  username: string | null;
  firstName?: string | null;
  lastName?: string | null;
  applicationName: string;
}

const letters = (s: string) => s.toLowerCase().normalize('NFC').replace(/[^\p{L}]/gu, '');

function contextWords(ctx: PasswordContext): string[] {
  const words = [ctx.applicationName, ctx.username ?? '', ...ctx.emailAddresses.map((e) => e.split('@')[0] ?? '')];
  for (const name of [ctx.firstName, ctx.lastName]) if (name) words.push(name);
  return words.map(letters).filter((w) => w.length >= 3);
}

/**
 * zxcvbn user inputs (PW-7): each context value lower-cased, its words (split on anything but
 * letters and digits) and those words joined, so "Signin Elements" also covers "signinelements".
 */
export function strengthInputs(ctx: PasswordContext): string[] {
  const values = [ctx.applicationName, ctx.username ?? '', ctx.firstName ?? '', ctx.lastName ?? ''];
  for (const email of ctx.emailAddresses) values.push(email, email.split('@')[0] ?? '');
  const inputs = new Set<string>();
  for (const value of values) {
    const v = value.toLowerCase().normalize('NFC').trim();
    if (!v) continue;
    inputs.add(v);
    const parts = v.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    for (const p of parts) if (p.length >= 3) inputs.add(p);
    if (parts.length > 1) inputs.add(parts.join(''));
  }
  return [...inputs];
}

/**
 * Policy for a password being set (PW-1, PW-2, PW-4, PW-6, PW-7, §13 strength). Returns the
 * normalised password to hash. Composition rules are deliberately absent (PW-5). The zxcvbn score
 * comes last: only input within the length cap that passed the cheap checks is scored.
 */
export function checkNewPassword(raw: string, limits: PasswordLimits, ctx: PasswordContext): string {
  const password = normalizePassword(raw, limits);
  const length = codePointLength(password);
  if (length < limits.minLength) {
    throw fail('form_password_length_too_short', `Passwords must be ${limits.minLength} characters or more.`);
  }
  if (length > limits.maxLength) {
    throw fail('form_password_length_too_long', `Passwords must be at most ${limits.maxLength} characters.`);
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw fail(
      'form_password_pwned',
      'Password has been found in an online data breach.',
      'This password is on a list of commonly used or breached passwords. Please choose a different, unique password — a few unrelated words work well.',
    );
  }
  // PW-7: the whole password, ignoring digits and symbols, must not be a context word.
  const core = letters(password);
  if (core.length > 0 && contextWords(ctx).some((w) => core === w)) {
    throw fail(
      'form_password_validation_failed',
      'Password is too easy to guess.',
      'Passwords must not be based on your name, username, email address or the application name.',
    );
  }
  const min = limits.minStrength ?? 0;
  if (min > 0) {
    const { score, suggestions } = scorePassword(password, strengthInputs(ctx), limits.maxLength);
    if (score < min) {
      throw fail(
        'form_password_not_strong_enough',
        'Given password is not strong enough.',
        'Your password is not strong enough.', // clients add the suggestions (as the bundle's own check words it)
        { zxcvbn: { suggestions } },
      );
    }
  }
  return password;
}
