/**
 * Secrets at rest (MFA-4): AES-256-GCM with a key kept outside the database (ENCRYPTION_KEY or
 * `<data dir>/encryption-key`), plus HKDF sub-keys for other purposes (code hashing).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError, dataDir, parseEncryptionKey, type ServerConfig } from '../config.js';

const PREFIX = 'v1';

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
    this.#key = key;
  }

  /** `v1.<iv>.<ciphertext>.<tag>` (base64url); `context` is bound as associated data (e.g. the user id). */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [PREFIX, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Throws when the value was sealed with another key or context, or was tampered with. */
  open(sealed: string, context: string): string {
    const [prefix, iv, ct, tag] = sealed.split('.');
    if (prefix !== PREFIX || !iv || ct === undefined || !tag) throw new Error('unsupported sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** A purpose-specific 32-byte key derived with HKDF-SHA256. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `signin-elements ${purpose}`, 32));
  }
}

let processKey: Buffer | null = null;

/** ENCRYPTION_KEY, else `<data dir>/encryption-key` (created in development), else a per-process key (in-memory DB). */
export function resolveEncryptionKey(config: ServerConfig): Buffer {
  if (config.encryptionKey) return parseEncryptionKey(config.encryptionKey);
  const dir = dataDir(config);
  if (dir) {
    const file = path.join(dir, 'encryption-key');
    if (fs.existsSync(file)) return parseEncryptionKey(fs.readFileSync(file, 'utf8'));
    if (config.mode !== 'development') throw new ConfigError('ENCRYPTION_KEY', `is required in production mode (or place a key at ${file})`);
    const key = randomBytes(32);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
    return key;
  }
  if (config.mode === 'production') throw new ConfigError('ENCRYPTION_KEY', 'is required in production mode with an in-memory database');
  return (processKey ??= randomBytes(32));
}
