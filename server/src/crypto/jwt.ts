import fs from 'node:fs';
import path from 'node:path';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject, type JsonWebKey } from 'node:crypto';

export interface SigningKeys {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };
}

/** RFC 7638 thumbprint of an RSA public key, used as `kid`. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

export function keysFromPrivateKey(privateKey: KeyObject): SigningKeys {
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('signing key must be an RSA private key (RS256)');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = thumbprint(jwk);
  return { kid, privateKey, publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' } };
}

export function generateSigningKeys(): SigningKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return keysFromPrivateKey(privateKey);
}

export function keysFromPem(pem: string): SigningKeys {
  return keysFromPrivateKey(createPrivateKey(pem));
}

/**
 * Loads the key from `<dir>/signing-key.pem`, creating it (mode 0600) when `create` is set.
 * Returns null when the file is absent and may not be created.
 */
export function loadOrCreateKeyFile(dir: string, create: boolean): SigningKeys | null {
  const file = path.join(dir, 'signing-key.pem');
  if (fs.existsSync(file)) return keysFromPem(fs.readFileSync(file, 'utf8'));
  if (!create) return null;
  const keys = generateSigningKeys();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, keys.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return keys;
}

/** Signs an RS256 JWT with the given claims (seconds-based times are the caller's job). */
export function signJwt(keys: SigningKeys, claims: Record<string, unknown>): string {
  const header = { alg: 'RS256', typ: 'JWT', kid: keys.kid };
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), keys.privateKey).toString('base64url');
  return `${input}.${signature}`;
}

export function jwks(keys: SigningKeys): { keys: SigningKeys['publicJwk'][] } {
  return { keys: [keys.publicJwk] };
}
