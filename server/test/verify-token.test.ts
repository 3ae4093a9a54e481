import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TokenVerificationError, verifySessionToken, type TokenVerificationReason, type VerifySessionTokenOptions } from '../src/index.js';
import { PAGE_ORIGIN, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
let jwt: string;
let jwks: { keys: any[] };
before(async () => {
  t = await startTestServer();
  const b = t.browser();
  const sid = (await b.signIn()).json.response.created_session_id;
  jwt = (await b.post(`/v1/client/sessions/${sid}/tokens`)).json.jwt;
  jwks = (await b.get('/.well-known/jwks.json')).json;
});
after(() => t.close());

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const partsOf = (token: string) => token.split('.') as [string, string, string];
const headerOf = (token: string) => JSON.parse(Buffer.from(partsOf(token)[0], 'base64url').toString());
const claimsOf = (token: string) => JSON.parse(Buffer.from(partsOf(token)[1], 'base64url').toString());

/** The server's issuer and keys, the page origin as the only authorized party, the server's (fake) time. */
const options = (over: Partial<VerifySessionTokenOptions> = {}): VerifySessionTokenOptions => ({
  keys: jwks,
  issuer: t.srv.publicUrl,
  authorizedParties: [PAGE_ORIGIN],
  now: () => t.clock.now(),
  ...over,
});

async function rejects(token: string, reason: TokenVerificationReason, opts = options()): Promise<void> {
  await assert.rejects(verifySessionToken(token, opts), (err: unknown) => {
    assert.ok(err instanceof TokenVerificationError, String(err));
    assert.equal(err.reason, reason, err.message);
    return true;
  });
}

const rs256 = (header: object, claims: object, key: KeyObject) => {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
};

describe('[SES-7] verifySessionToken', () => {
  it('[SES-7] a valid token (keys or the JWKS URL) → its claims', async () => {
    const claims = await verifySessionToken(jwt, options());
    assert.equal(claims.sub, t.adaId);
    assert.equal(claims.azp, PAGE_ORIGIN);
    assert.equal(claims.iss, t.srv.publicUrl);
    assert.match(claims.sid, /^sess_/);
    const viaUrl = await verifySessionToken(jwt, options({ keys: undefined, jwksUrl: `${t.srv.url}/.well-known/jwks.json` }));
    assert.deepEqual(viaUrl, claims);
    assert.deepEqual(await verifySessionToken(jwt, options({ keys: jwks.keys })), claims, 'a bare key list works too');
  });

  it('[SES-7] alg none, HS256 with the public key as secret, and other algorithms → alg_not_allowed', async () => {
    const p = partsOf(jwt)[1];
    const header = headerOf(jwt);
    await rejects(`${b64({ ...header, alg: 'none' })}.${p}.`, 'alg_not_allowed');
    await rejects(`${b64({ alg: 'none', typ: 'JWT' })}.${p}.x`, 'alg_not_allowed');
    const confused = `${b64({ ...header, alg: 'HS256' })}.${p}`;
    const mac = createHmac('sha256', JSON.stringify(jwks.keys[0])).update(confused).digest('base64url');
    await rejects(`${confused}.${mac}`, 'alg_not_allowed');
    for (const alg of ['RS512', 'PS256', 'ES256', 'rs256']) await rejects(`${b64({ ...header, alg })}.${p}.${partsOf(jwt)[2]}`, 'alg_not_allowed');
  });

  it('[SES-7] unknown kid, a missing kid, or a foreign key under our kid → rejected', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const claims = claimsOf(jwt);
    await rejects(rs256({ alg: 'RS256', typ: 'JWT', kid: 'someone-elses-key' }, claims, other), 'unknown_kid');
    await rejects(rs256({ alg: 'RS256', typ: 'JWT' }, claims, other), 'unknown_kid');
    await rejects(rs256(headerOf(jwt), claims, other), 'bad_signature');
  });

  it('[SES-7] tampered payload or signature → bad_signature', async () => {
    const [h, p, s] = partsOf(jwt);
    const forged = b64({ ...claimsOf(jwt), sub: 'user_someone_else' });
    await rejects(`${h}.${forged}.${s}`, 'bad_signature');
    const flipped = s[5] === 'A' ? 'B' : 'A';
    await rejects(`${h}.${p}.${s.slice(0, 5)}${flipped}${s.slice(6)}`, 'bad_signature');
    await rejects(`${h}.${p}.`, 'bad_signature');
  });

  it('[SES-7] expired (past exp + skew) and not yet valid (nbf) → rejected; skew is honoured', async () => {
    const { exp, nbf } = claimsOf(jwt);
    await rejects(jwt, 'expired', options({ now: () => (exp + 6) * 1000 }));
    assert.equal((await verifySessionToken(jwt, options({ now: () => (exp + 4) * 1000 }))).sub, t.adaId, 'within the default 5 s skew');
    await rejects(jwt, 'expired', options({ now: () => (exp + 1) * 1000, clockSkewSeconds: 0 }));
    await rejects(jwt, 'not_yet_valid', options({ now: () => (nbf - 6) * 1000 }));
  });

  it('[SES-7] azp outside the authorized parties, or missing → azp_not_allowed; wrong issuer → issuer_mismatch', async () => {
    await rejects(jwt, 'azp_not_allowed', options({ authorizedParties: ['https://other.example'] }));
    await rejects(jwt, 'azp_not_allowed', options({ authorizedParties: [] }));
    // A token minted without an Origin (same-origin request) carries no azp.
    const page = t.browser();
    const sid = (await page.signIn()).json.response.created_session_id;
    page.origin = null;
    const noAzp = (await page.post(`/v1/client/sessions/${sid}/tokens`, '', { 'Sec-Fetch-Site': 'same-origin' })).json.jwt;
    assert.equal(claimsOf(noAzp).azp, undefined);
    await rejects(noAzp, 'azp_not_allowed');
    assert.equal((await verifySessionToken(noAzp, options({ authorizedParties: undefined }))).sid, sid);
    await rejects(jwt, 'issuer_mismatch', options({ issuer: 'https://evil.example' }));
  });

  it('[SES-7] malformed tokens and an unusable JWKS URL are refused cleanly', async () => {
    for (const bad of ['', 'a.b', 'a.b.c.d', '!!.!!.!!', `${b64([1])}.${b64({})}.x`, `${b64({ alg: 'RS256', kid: 'k' })}.bm90IGpzb24.x`]) {
      await assert.rejects(verifySessionToken(bad, options()), TokenVerificationError, bad);
    }
    await rejects(jwt, 'jwks_unavailable', options({ keys: undefined, jwksUrl: 'http://example.com/.well-known/jwks.json' }));
    await rejects(jwt, 'jwks_unavailable', options({ keys: undefined, jwksUrl: `${t.srv.url}/no-such-jwks` }));
    await assert.rejects(verifySessionToken(jwt, { ...options(), issuer: '' }), TypeError);
    await assert.rejects(verifySessionToken(jwt, { ...options(), jwksUrl: 'https://x.test/jwks' }), TypeError, 'keys and jwksUrl');
  });
});
