import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkNewPassword, parsePhc, PasswordHasher } from '../src/crypto/password.js';
import { ADA, errorCode, startTestServer, thrownCode, type TestServer } from './helpers.js';

const LIMITS = { minLength: 8, maxLength: 128 };
const CTX = { emailAddresses: ['ada.lovelace@example.com'], username: 'countess', applicationName: 'Signin Elements' };
const code = thrownCode;

let t: TestServer;
before(async () => {
  t = await startTestServer({ noUser: true });
});
after(() => t.close());

const backend = (body: unknown) =>
  fetch(`${t.srv.url}/backend/v1/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${t.srv.secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));

describe('password policy (where passwords are set)', () => {
  it('[PW-1] 7 chars → form_password_length_too_short; 8 → accepted', () => {
    assert.equal(code(() => checkNewPassword('zq9!xk2', LIMITS, CTX)), 'form_password_length_too_short');
    assert.equal(code(() => checkNewPassword('zq9!xk2w', LIMITS, CTX)), 'ok');
  });

  it('[PW-2] 64 and 128 accepted, 129 → 422; 1 MiB → size error before any hashing', async () => {
    const unique = (n: number) => Array.from({ length: n }, (_, i) => 'qwxzvbnmpl'[(i * 7) % 10]).join('');
    assert.equal(code(() => checkNewPassword(unique(64), LIMITS, CTX)), 'ok');
    assert.equal(code(() => checkNewPassword(unique(128), LIMITS, CTX)), 'ok');
    assert.equal(code(() => checkNewPassword(unique(129), LIMITS, CTX)), 'form_password_length_too_long');
    const hashesBefore = t.srv.app.hasher.stats.hashes;
    const res = await backend({ email_address: ['big@example.com'], password: 'x'.repeat(1024 * 1024) });
    assert.ok(res.status === 413 || res.status === 422, String(res.status));
    assert.equal(t.srv.app.hasher.stats.hashes, hashesBefore, 'no hashing');
    const mid = await backend({ email_address: ['mid@example.com'], password: 'x'.repeat(40 * 1024) });
    assert.equal(mid.json.errors[0].code, 'form_password_size_in_bytes_exceeded');
    assert.equal(t.srv.app.hasher.stats.hashes, hashesBefore);
  });

  it('[PW-2] a huge password at sign-in is rejected without a verification', async () => {
    await t.srv.createUser({ emailAddresses: ['pw2@example.com'], password: 'pw2-unique-passphrase' });
    const before = { ...t.srv.app.hasher.stats };
    const res = await t.browser().post('/v1/client/sign_ins', { identifier: 'pw2@example.com', password: 'y'.repeat(60 * 1024) });
    assert.equal(res.status, 422);
    assert.equal(errorCode(res), 'form_password_size_in_bytes_exceeded');
    assert.equal(t.srv.app.hasher.stats.verifications, before.verifications);
  });

  it('[PW-3] no truncation or case folding (100-char password)', async () => {
    const pw = Array.from({ length: 100 }, (_, i) => 'AbCdEfGhIjKlMnOpQrStUvWxYz'[(i * 5) % 26]).join('');
    await t.srv.createUser({ emailAddresses: ['pw3@example.com'], password: pw });
    for (const wrong of [pw.slice(0, -1), pw.toUpperCase(), pw.toLowerCase()]) {
      assert.equal(errorCode(await t.browser().post('/v1/client/sign_ins', { identifier: 'pw3@example.com', password: wrong })), 'form_password_incorrect');
    }
    assert.equal((await t.browser().post('/v1/client/sign_ins', { identifier: 'pw3@example.com', password: pw })).json.response.status, 'complete');
  });

  it('[PW-4] 8 emoji count as 8; é (U+00E9) verifies when typed as e + U+0301', async () => {
    assert.equal(code(() => checkNewPassword('🦊🐙🦉🐝🦋🐢🦔🐳', LIMITS, CTX)), 'ok');
    assert.equal(code(() => checkNewPassword('🦊🐙🦉🐝🦋🐢🦔', LIMITS, CTX)), 'form_password_length_too_short');
    await t.srv.createUser({ emailAddresses: ['pw4@example.com'], password: 'caf\u00e9-society-42' });
    const res = await t.browser().post('/v1/client/sign_ins', { identifier: 'pw4@example.com', password: 'cafe\u0301-society-42' });
    assert.equal(res.json.response.status, 'complete');
  });

  it('[PW-5] a passphrase without character classes is accepted', () => {
    assert.equal(code(() => checkNewPassword('correct horse battery staple', LIMITS, CTX)), 'ok');
  });

  it('[PW-6] a listed password → form_password_pwned; a long one containing a listed word → accepted', async () => {
    assert.equal(code(() => checkNewPassword('password123', LIMITS, CTX)), 'form_password_pwned');
    assert.equal(code(() => checkNewPassword('Password123', LIMITS, CTX)), 'form_password_pwned');
    assert.equal(code(() => checkNewPassword('my password123 is long and unique', LIMITS, CTX)), 'ok');
    const res = await backend({ email_address: ['pw6@example.com'], password: 'qwerty123' });
    assert.equal(res.status, 422);
    assert.equal(res.json.errors[0].code, 'form_password_pwned');
    assert.equal(res.json.errors[0].meta.param_name, 'password');
    assert.match(res.json.errors[0].long_message, /common|breach/i);
  });

  it('[PW-7] email local part + "2024", username, app name + "123" → 422', () => {
    for (const pw of ['ada.lovelace2024', 'AdaLovelace!!', 'countess-1234', 'SigninElements123', 'signin elements!']) {
      assert.equal(code(() => checkNewPassword(pw, LIMITS, CTX)), 'form_password_validation_failed', pw);
    }
    assert.equal(code(() => checkNewPassword('lovelace-analytical-engine', LIMITS, CTX)), 'ok');
  });

  it('[PW-9] PHC string with the configured parameters; salted; rehash after raising the cost', async () => {
    const hasher = new PasswordHasher({ logN: 4, r: 8, p: 1 });
    const a = await hasher.hash('same-password-here');
    const b = await hasher.hash('same-password-here');
    assert.match(a, /^\$scrypt\$ln=4,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    assert.notEqual(a, b);
    assert.deepEqual(parsePhc(a)!.params, { logN: 4, r: 8, p: 1 });
    assert.ok(await hasher.verify(a, 'same-password-here'));
    assert.ok(!(await hasher.verify(a, 'same-password-herE')));

    const s2 = await startTestServer({ noUser: true, config: { password: { scryptLogN: 5 } } });
    try {
      // Raise the cost by swapping in a hasher with new parameters (as a restart with a new SCRYPT_LOG_N would).
      const id = (await s2.srv.createUser({ emailAddresses: ['r@example.com'], password: 'rehash-unique-passphrase' })).id;
      const before = (await s2.srv.app.store.getUser(id))!.passwordHash!;
      assert.match(before, /ln=5,/);
      (s2.srv.app as { hasher: PasswordHasher }).hasher = new PasswordHasher({ logN: 6, r: 8, p: 1 });
      assert.equal((await s2.browser().post('/v1/client/sign_ins', { identifier: 'r@example.com', password: 'rehash-unique-passphrase' })).json.response.status, 'complete');
      const afterHash = (await s2.srv.app.store.getUser(id))!.passwordHash!;
      assert.match(afterHash, /^\$scrypt\$ln=6,r=8,p=1\$/);
      assert.equal((await s2.browser().post('/v1/client/sign_ins', { identifier: 'r@example.com', password: 'rehash-unique-passphrase' })).json.response.status, 'complete');
    } finally {
      await s2.close();
    }
  });

  it('[PW-11] unknown identifiers get a dummy hash verification and the same error shape', async () => {
    await t.srv.createUser({ emailAddresses: ['pw11@example.com'], password: 'pw11-unique-passphrase' });
    const stats = t.srv.app.hasher.stats;
    const before = { ...stats };
    const unknown = await t.browser().post('/v1/client/sign_ins', { identifier: 'ghost@example.com', password: 'some-guess-123' });
    assert.equal(stats.dummyVerifications, before.dummyVerifications + 1);
    assert.equal(unknown.status, 422);
    const known = await t.browser().post('/v1/client/sign_ins', { identifier: 'pw11@example.com', password: 'some-guess-123' });
    assert.equal(stats.verifications, before.verifications + 1);
    assert.equal(known.status, 422);
    assert.deepEqual(Object.keys(unknown.json).sort(), Object.keys(known.json).sort());
    assert.deepEqual(Object.keys(unknown.json.errors[0]).sort(), Object.keys(known.json.errors[0]).sort());
  });
});

describe('logging (LOG-1, LOG-2)', () => {
  it('auth events are logged as JSON lines without passwords or tokens', async () => {
    const lines: string[] = [];
    const s = await startTestServer({ log: true, logWrite: (l) => lines.push(l) });
    try {
      const b = s.browser();
      await b.post('/v1/client/sign_ins', { identifier: ADA.email, password: 'wrong-secret-guess' });
      const done = await b.signIn();
      const jwt = done.json.client.sessions[0].last_active_token.jwt;
      const events = lines.map((l) => JSON.parse(l).event);
      for (const e of ['client.created', 'sign_in.created', 'sign_in.attempt_failed', 'sign_in.factor_verified', 'sign_in.completed']) assert.ok(events.includes(e), e);
      const all = lines.join('\n');
      for (const secret of [ADA.password, 'wrong-secret-guess', jwt, b.jar.get('__client')!]) assert.ok(!all.includes(secret));
      const failed = lines.map((l) => JSON.parse(l)).find((l) => l.event === 'sign_in.attempt_failed');
      for (const k of ['time', 'client_id', 'ip', 'user_id', 'strategy']) assert.ok(k in failed, k);
    } finally {
      await s.close();
    }
  });
});
