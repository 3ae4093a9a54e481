import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { generateSync } from 'otplib';
import { matchTotp, totp } from '../src/crypto/otp.js';
import { ADA, errorCode, lastCode, signInOf, startTestServer, verifyJwt, type TestServer, resetToAda } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());
afterEach(() => resetToAda(t));

/** Password step for Ada → needs_second_factor; returns the sign-in path. */
async function toSecondFactor(b: ReturnType<TestServer['browser']>) {
  const res = await b.signIn();
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.response.status, 'needs_second_factor');
  assert.equal(res.json.client.sessions.length, 0, 'no session before the second factor');
  return { si: res.json.response, path: `/v1/client/sign_ins/${res.json.response.id}` };
}

const claims = async (b: ReturnType<TestServer['browser']>, res: { json: any }) =>
  verifyJwt(res.json.client.sessions.at(-1).last_active_token.jwt, (await b.get('/.well-known/jwks.json')).json);

describe('TOTP (§11.9, MFA-1…MFA-4)', () => {
  it('our RFC 6238 implementation matches otplib and the RFC test vector', () => {
    // RFC 6238 Appendix B, SHA-1, T = 59 s: 94287082 (8 digits) → 287082 with 6 digits.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32("12345678901234567890")
    assert.equal(totp(rfcSecret, 59_000), '287082');
    for (const at of [0, 1_111_111_109_000, Date.UTC(2026, 0, 1)]) assert.equal(totp(rfcSecret, at), generateSync({ secret: rfcSecret, epoch: at / 1000 }));
  });

  it('password + TOTP → complete; amr [pwd, otp, mfa] and fva second factor 0 (OTP-10)', async () => {
    const { secret, uri } = await t.srv.enrollTotp(t.adaId);
    assert.match(secret, /^[A-Z2-7]{32}$/, '160-bit base32 secret');
    assert.match(uri, /^otpauth:\/\/totp\/Signin%20Elements:ada%40example\.com\?secret=[A-Z2-7]{32}&issuer=Signin%20Elements/);
    const b = t.browser();
    const { si, path } = await toSecondFactor(b);
    assert.deepEqual(si.supported_second_factors, [{ strategy: 'totp' }]);
    assert.equal(si.first_factor_verification.status, 'verified');
    const done = await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(secret) });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.response.status, 'complete');
    assert.equal(done.json.response.second_factor_verification.status, 'verified');
    assert.equal(done.json.response.second_factor_verification.object, 'verification_totp');
    const c = await claims(b, done);
    assert.deepEqual(c.amr, ['pwd', 'otp', 'mfa']);
    assert.deepEqual(c.fva, [0, 0]);
  });

  it('[MFA-2] T±1 accepted (fresh secret each), T±2 rejected; window 0 accepts only T', async () => {
    for (const [offset, ok] of [[-30_000, true], [30_000, true], [-60_000, false], [60_000, false]] as const) {
      const { secret } = await t.srv.enrollTotp(t.adaId);
      const b = t.browser();
      const { path } = await toSecondFactor(b);
      const res = await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(secret, t.clock.now() + offset) });
      if (ok) assert.equal(res.json.response?.status, 'complete', `offset ${offset}`);
      else assert.equal(errorCode(res), 'form_code_incorrect', `offset ${offset}`);
      t.clock.advance(300_000);
    }
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const now = Date.UTC(2026, 0, 1, 0, 0, 15);
    assert.equal(matchTotp(secret, totp(secret, now - 30_000), now, 0), null);
    assert.notEqual(matchTotp(secret, totp(secret, now), now, 0), null);
  });

  it('[MFA-1] a code is accepted once: same code 5 s later → otp_code_already_used; T−1 after T → rejected; next step → accepted', async () => {
    const { secret } = await t.srv.enrollTotp(t.adaId);
    t.clock.set(Math.floor(t.clock.now() / 30_000) * 30_000 + 5_000); // early in a step
    const code = t.srv.totpCode(secret);
    const b1 = t.browser();
    assert.equal((await b1.post(`${(await toSecondFactor(b1)).path}/attempt_second_factor`, { strategy: 'totp', code })).json.response.status, 'complete');
    t.clock.advance(5_000);
    const b2 = t.browser();
    const { path } = await toSecondFactor(b2);
    const reused = await b2.post(`${path}/attempt_second_factor`, { strategy: 'totp', code });
    assert.equal(reused.status, 422);
    assert.equal(errorCode(reused), 'otp_code_already_used');
    assert.equal(reused.json.errors[0].meta.param_name, 'code');
    const previous = await b2.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(secret, t.clock.now() - 30_000) });
    assert.equal(errorCode(previous), 'otp_code_already_used', 'T−1 after T');
    t.clock.advance(30_000);
    assert.equal((await b2.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(secret) })).json.response.status, 'complete');
  });

  it('[FT-4] two parallel attempts with the same valid code → one session, one otp_code_already_used', async () => {
    const { secret } = await t.srv.enrollTotp(t.adaId);
    const a = t.browser();
    const b = t.browser();
    const pa = (await toSecondFactor(a)).path;
    const pb = (await toSecondFactor(b)).path;
    const code = t.srv.totpCode(secret);
    const [ra, rb] = await Promise.all([a.post(`${pa}/attempt_second_factor`, { strategy: 'totp', code }), b.post(`${pb}/attempt_second_factor`, { strategy: 'totp', code })]);
    const statuses = [ra, rb].map((r) => (r.status === 200 ? 'complete' : errorCode(r))).sort();
    assert.deepEqual(statuses, ['complete', 'otp_code_already_used']);
    // Same sign-in, two parallel requests: one completes, the other is a clear 4xx.
    t.clock.advance(30_000);
    const c = t.browser();
    const pc = (await toSecondFactor(c)).path;
    const code2 = t.srv.totpCode(secret);
    const rs = await Promise.all([c.post(`${pc}/attempt_second_factor`, { strategy: 'totp', code: code2 }), c.post(`${pc}/attempt_second_factor`, { strategy: 'totp', code: code2 })]);
    assert.equal(rs.filter((r) => r.status === 200).length, 1, rs.map((r) => `${r.status} ${errorCode(r)}`).join());
    // The loser is a clear 4xx: 400 (already complete) or 404 (the winner rotated the client credential, SES-1).
    assert.ok(rs.some((r) => r.status >= 400 && r.status < 500 && errorCode(r)), rs.map((r) => `${r.status} ${errorCode(r)}`).join());
  });

  it('[MFA-4] the secret is sealed at rest (AES-256-GCM, bound to the user) and deleted on removal', async () => {
    const { secret } = await t.srv.enrollTotp(t.adaId);
    const row = await t.srv.app.store.getTotp(t.adaId);
    assert.ok(row && !row.secretSealed.includes(secret));
    assert.match(row.secretSealed, /^v1\./);
    assert.equal(t.srv.app.secretBox.open(row.secretSealed, t.adaId), secret);
    assert.throws(() => t.srv.app.secretBox.open(row.secretSealed, 'user_other'));
    const res = await fetch(`${t.srv.url}/backend/v1/users/${t.adaId}/totp`, { method: 'DELETE', headers: { Authorization: `Bearer ${t.srv.secretKey}` } });
    assert.equal((await res.json() as any).totp_enabled, false);
    assert.equal(await t.srv.app.store.getTotp(t.adaId), null);
    assert.equal((await t.browser().signIn()).json.response.status, 'complete');
  });

  it('[MFA-5][RL-3] correct password + wrong TOTP codes → counter kept → user_locked', async () => {
    const { secret } = await t.srv.enrollTotp(t.adaId);
    const b = t.browser();
    const { path } = await toSecondFactor(b);
    const wrong = t.srv.totpCode(secret) === '000000' ? '000001' : '000000';
    for (let i = 0; i < 10; i++) {
      if (i > 0) {
        t.clock.advance(3600_000);
        // The right password does not clear the counter while the second factor is outstanding.
        assert.equal((await t.browser().signIn()).json.response.status, 'needs_second_factor', `after failure ${i}`);
      }
      const res = await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: wrong });
      assert.equal(errorCode(res), 'form_code_incorrect', `failure ${i + 1}`);
    }
    const locked = await t.browser().signIn();
    assert.equal(locked.status, 403);
    assert.equal(errorCode(locked), 'user_locked');
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.failedAttempts, 10);
  });

  it('wrong state: attempt_second_factor while needs_first_factor → 400; second factor the user lacks → 422', async () => {
    const b = t.browser();
    const si = (await b.post('/v1/client/sign_ins', { identifier: ADA.email })).json.response;
    const res = await b.post(`/v1/client/sign_ins/${si.id}/attempt_second_factor`, { strategy: 'totp', code: '123456' });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res), 'client_state_invalid');
    await t.srv.enrollTotp(t.adaId);
    const { path } = await toSecondFactor(t.browser());
    const c = t.browser();
    const p2 = (await toSecondFactor(c)).path;
    assert.equal(errorCode(await c.post(`${p2}/attempt_second_factor`, { strategy: 'backup_code', code: 'abcdefghjk' })), 'strategy_for_user_invalid');
    assert.equal(errorCode(await c.post(`${p2}/attempt_second_factor`, { strategy: 'email_code', code: '123456' })), 'strategy_for_user_invalid', 'DEC-3: email is not a second factor');
    assert.equal(errorCode(await c.post(`${p2}/prepare_second_factor`, { strategy: 'totp' })), 'form_param_value_invalid');
    assert.ok(path);
  });
});

describe('SMS second factor and backup codes', () => {
  it('password + SMS (prepare_second_factor picks the default number) → complete; amr [pwd, sms, mfa]', async () => {
    const phone = await t.srv.addPhoneNumber(t.adaId, '+15555550123', { reservedForSecondFactor: true });
    const b = t.browser();
    const { si, path } = await toSecondFactor(b);
    assert.deepEqual(si.supported_second_factors, [{ strategy: 'phone_code', safe_identifier: '+1********23', phone_number_id: phone.id, primary: false, default: true, channel: 'sms' }]);
    const prep = await b.post(`${path}/prepare_second_factor`, { strategy: 'phone_code' });
    assert.equal(prep.status, 200, prep.text);
    assert.equal(prep.json.response.second_factor_verification.status, 'unverified');
    assert.equal(t.srv.lastMessage(ADA.phone), undefined, 'the MFA number, not the sign-in number');
    const wrong = await b.post(`${path}/attempt_second_factor`, { strategy: 'phone_code', code: lastCode(t, '+15555550123') === '123456' ? '654321' : '123456' });
    assert.equal(errorCode(wrong), 'form_code_incorrect');
    const done = await b.post(`${path}/attempt_second_factor`, { strategy: 'phone_code', code: lastCode(t, '+15555550123') });
    assert.equal(done.json.response.status, 'complete');
    assert.deepEqual((await claims(b, done)).amr, ['pwd', 'sms', 'mfa']);
  });

  it('[MFA-6] a backup code works once; regeneration invalidates the old codes; stored as salted scrypt', async () => {
    const codes = await t.srv.createBackupCodes(t.adaId);
    assert.equal(codes.length, 10);
    for (const c of codes) assert.match(c, /^[a-z0-9]{10}$/);
    const rows = await t.srv.app.store.listBackupCodes(t.adaId);
    assert.equal(rows.length, 10);
    for (const r of rows) assert.match(r.hash, /^\$scrypt\$ln=4,r=8,p=1\$/);
    assert.ok(!JSON.stringify(rows).includes(codes[0]!));
    const b = t.browser();
    const { si, path } = await toSecondFactor(b);
    assert.deepEqual(si.supported_second_factors, [{ strategy: 'backup_code' }]);
    const done = await b.post(`${path}/attempt_second_factor`, { strategy: 'backup_code', code: codes[3]!.toUpperCase().replace(/(.{5})/, '$1-') });
    assert.equal(done.json.response.status, 'complete', done.text);
    assert.deepEqual((await claims(b, done)).amr, ['pwd', 'backup_code', 'mfa']);
    const again = t.browser();
    const p2 = (await toSecondFactor(again)).path;
    assert.equal(errorCode(await again.post(`${p2}/attempt_second_factor`, { strategy: 'backup_code', code: codes[3]! })), 'form_code_incorrect', 'used once');
    const fresh = await t.srv.createBackupCodes(t.adaId);
    assert.equal(errorCode(await again.post(`${p2}/attempt_second_factor`, { strategy: 'backup_code', code: codes[4]! })), 'form_code_incorrect', 'old codes invalid');
    assert.equal((await again.post(`${p2}/attempt_second_factor`, { strategy: 'backup_code', code: fresh[0]! })).json.response.status, 'complete');
  });

  it('[FT-5] parallel replay of one backup code → one session', async () => {
    const [code] = await t.srv.createBackupCodes(t.adaId);
    const bs = [t.browser(), t.browser(), t.browser()];
    const paths: string[] = [];
    for (const b of bs) paths.push((await toSecondFactor(b)).path);
    const rs = await Promise.all(bs.map((b, i) => b.post(`${paths[i]}/attempt_second_factor`, { strategy: 'backup_code', code: code! })));
    assert.equal(rs.filter((r) => r.status === 200).length, 1, rs.map((r) => errorCode(r)).join());
    // Replays are rejected: already used (lost the compare-and-set), incorrect (read after it), or throttled.
    const others = rs.filter((r) => r.status !== 200).map((r) => errorCode(r));
    assert.ok(others.every((c) => c === 'otp_code_already_used' || c === 'form_code_incorrect' || c === 'too_many_requests'), others.join());
  });

  it('[FLOW-5] an MFA user signing in by email code still gets needs_second_factor', async () => {
    const { secret } = await t.srv.enrollTotp(t.adaId);
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { strategy: 'email_code', identifier: ADA.email });
    const path = `/v1/client/sign_ins/${res.json.response.id}`;
    const first = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: lastCode(t, ADA.email) });
    assert.equal(first.json.response.status, 'needs_second_factor');
    const done = await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(secret) });
    assert.deepEqual((await claims(b, done)).amr, ['email', 'otp', 'mfa']);
    assert.ok(signInOf(done));
  });
});
