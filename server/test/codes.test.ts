import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { codeRandom } from '../src/crypto/otp.js';
import { ADA, errorCode, lastCode, signInOf, startSignIn, startTestServer, verifyJwt, type TestServer, resetToAda } from './helpers.js';

let t: TestServer;
const logs: string[] = [];
before(async () => {
  t = await startTestServer({ log: true, logWrite: (l) => logs.push(l) });
});
after(() => t.close());
afterEach(() => resetToAda(t));

/**
 * Makes the store's reads and compare-and-sets yield to the event loop first, as a networked
 * database would (the Store interface is async for that), so parallel requests really interleave.
 * Returns the undo.
 */
function interleaveStore(store: TestServer['srv']['app']['store']): () => void {
  const names = ['getSignIn', 'getUser', 'getClientByTokenHash', 'updateSignIn', 'compareAndSetFailures'] as const;
  const target = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of names) {
    const original = target[name]!.bind(store);
    target[name] = async (...args) => {
      await new Promise((resolve) => setImmediate(resolve));
      return original(...args);
    };
  }
  return () => names.forEach((name) => delete target[name]);
}

const emailId = (si: any) => si.supported_first_factors.find((f: any) => f.strategy === 'email_code').email_address_id;
const phoneId = (si: any) => si.supported_first_factors.find((f: any) => f.strategy === 'phone_code').phone_number_id;

async function prepareEmail(b: ReturnType<TestServer['browser']>) {
  const { si, path } = await startSignIn(b);
  const prep = await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code', email_address_id: emailId(si) });
  assert.equal(prep.status, 200, prep.text);
  return { si, path, prep };
}

describe('email and phone codes (§11.2)', () => {
  it('factors list masked identifiers with ids, primary, default and channel (§6.3)', async () => {
    const { si } = await startSignIn(t.browser());
    const email = si.supported_first_factors.find((f: any) => f.strategy === 'email_code');
    assert.deepEqual(Object.keys(email).sort(), ['email_address_id', 'primary', 'safe_identifier', 'strategy']);
    assert.equal(email.safe_identifier, 'a**@example.com');
    assert.equal(email.primary, true);
    const phone = si.supported_first_factors.find((f: any) => f.strategy === 'phone_code');
    assert.equal(phone.safe_identifier, '+1********00');
    assert.match(phone.phone_number_id, /^idn_/);
    assert.equal(phone.default, false);
    assert.equal(phone.channel, 'sms');
    const reset = si.supported_first_factors.find((f: any) => f.strategy === 'reset_password_phone_code');
    assert.deepEqual(Object.keys(reset).sort(), ['phone_number_id', 'primary', 'safe_identifier', 'strategy']);
  });

  it('[OTP-1] email code: prepare → unverified with expire_at = now + 10 min → attempt → complete', async () => {
    const b = t.browser();
    const { path, prep } = await prepareEmail(b);
    const v = prep.json.response.first_factor_verification;
    assert.deepEqual([v.status, v.strategy, v.attempts, v.expire_at], ['unverified', 'email_code', 0, t.clock.now() + 600_000]);
    assert.equal(v.object, 'verification_otp');
    const msg = t.srv.lastMessage(ADA.email)!;
    assert.equal(msg.channel, 'email');
    assert.match(msg.code!, /^\d{6}$/);
    assert.ok(msg.text.includes(msg.code!));
    const done = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: msg.code! });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.response.status, 'complete');
    assert.equal(done.json.response.first_factor_verification.status, 'verified');
    assert.equal(done.json.response.first_factor_verification.attempts, 1);
    const jwt = done.json.client.sessions[0].last_active_token.jwt;
    assert.deepEqual(verifyJwt(jwt, (await b.get('/.well-known/jwks.json')).json).amr, ['email'], 'OTP-10: single factor');
  });

  it('[OTP-1] codes come from the CSPRNG and keep leading zeros', async () => {
    const original = codeRandom.int;
    let calls = 0;
    codeRandom.int = (max) => (calls++, assert.equal(max, 1_000_000), 123);
    try {
      const b = t.browser();
      const { path } = await prepareEmail(b);
      assert.equal(calls, 1);
      assert.equal(lastCode(t, ADA.email), '000123');
      assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: '000123' })).json.response.status, 'complete');
    } finally {
      codeRandom.int = original;
    }
  });

  it('create with strategy=email_code prepares in one go', async () => {
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { strategy: 'email_code', identifier: 'ADA@example.com' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.response.first_factor_verification.status, 'unverified');
    const done = await b.post(`/v1/client/sign_ins/${res.json.response.id}/attempt_first_factor`, { strategy: 'email_code', code: lastCode(t, ADA.email) });
    assert.equal(done.json.response.status, 'complete');
  });

  it('phone code (sms, whatsapp channel echoed) → complete; amr sms', async () => {
    const b = t.browser();
    const { si, path } = await startSignIn(b, ADA.phone);
    const prep = await b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code', phone_number_id: phoneId(si), channel: 'whatsapp' });
    assert.equal(prep.status, 200, prep.text);
    assert.equal(prep.json.response.first_factor_verification.channel, 'whatsapp');
    const msg = t.srv.lastMessage(ADA.phone)!;
    assert.equal(msg.channel, 'sms');
    assert.match(msg.text, /@localhost:\d+ #\d{6}$/, 'WebOTP line');
    const done = await b.post(`${path}/attempt_first_factor`, { strategy: 'phone_code', code: msg.code! });
    assert.equal(done.json.response.status, 'complete');
    assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code', channel: 'pigeon' })).status, 400, 'complete sign-in: state error first');
  });

  it('[OTP-9] phone_code only for verified numbers', async () => {
    const u = await t.srv.createUser({ emailAddresses: ['unv@example.com'], password: 'lengthy-unique-passphrase-7' });
    await t.srv.addPhoneNumber(u.id, '+15555550177', { verified: false });
    const { si, path } = await startSignIn(t.browser(), 'unv@example.com');
    const strategies = si.supported_first_factors.map((f: any) => f.strategy);
    assert.ok(!strategies.includes('phone_code') && !strategies.includes('reset_password_phone_code'), strategies.join());
    const b2 = t.browser();
    const res = await b2.post('/v1/client/sign_ins', { identifier: '+15555550177' });
    const prep = await b2.post(`/v1/client/sign_ins/${res.json.response.id}/prepare_first_factor`, { strategy: 'phone_code' });
    assert.equal(errorCode(prep), 'strategy_for_user_invalid');
    assert.ok(path);
  });

  it('wrong code → 422 form_code_incorrect (param code), attempts + 1', async () => {
    const b = t.browser();
    const { path } = await prepareEmail(b);
    const wrong = lastCode(t, ADA.email) === '111111' ? '222222' : '111111';
    const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: wrong });
    assert.equal(res.status, 422);
    assert.equal(errorCode(res), 'form_code_incorrect');
    assert.equal(res.json.errors[0].meta.param_name, 'code');
    assert.equal(res.json.errors[0].long_message, 'Incorrect code');
    assert.equal(signInOf(res).first_factor_verification.attempts, 1);
    assert.equal(signInOf(res).first_factor_verification.status, 'unverified');
  });

  it('[OTP-2] correct code at 10 min + 1 s → 422 verification_expired; verification expired', async () => {
    const b = t.browser();
    const { path } = await prepareEmail(b);
    t.clock.advance(600_001);
    const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: lastCode(t, ADA.email) });
    assert.equal(res.status, 422);
    assert.equal(errorCode(res), 'verification_expired');
    assert.equal(signInOf(res).first_factor_verification.status, 'expired');
    // A new code works.
    await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' });
    assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: lastCode(t, ADA.email) })).json.response.status, 'complete');
  });

  it('[OTP-5] k = 5 wrong codes burn the code: the right one → 422 verification_failed ("request a new code")', async () => {
    const b = t.browser();
    const { path } = await prepareEmail(b);
    const code = lastCode(t, ADA.email);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 1; i <= 5; i++) {
      const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: wrong });
      assert.equal(errorCode(res), 'form_code_incorrect', `attempt ${i}`);
      t.clock.advance(120_000); // past the lockout waits: this test is about the per-code cap
    }
    const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code });
    assert.equal(res.status, 422);
    assert.equal(errorCode(res), 'verification_failed');
    assert.match(res.json.errors[0].long_message, /new code/);
    const v = signInOf(res).first_factor_verification;
    assert.equal(v.status, 'failed');
    assert.equal(v.attempts, 5);
    assert.equal(v.error.code, 'verification_failed');
  });

  it('[OTP-5][FT-2] 20 parallel wrong codes: at most k evaluated, then the right code is rejected', async () => {
    const b = t.browser();
    const { path } = await prepareEmail(b);
    const code = lastCode(t, ADA.email);
    const wrong = code === '999999' ? '999998' : '999999';
    const results = await Promise.all(Array.from({ length: 20 }, () => b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: wrong })));
    const evaluated = results.filter((r) => errorCode(r) === 'form_code_incorrect').length;
    assert.ok(evaluated <= 5, `evaluated ${evaluated}`);
    for (const r of results) assert.ok(r.status === 422 || r.status === 429 || r.status === 400, `${r.status}`);
    t.clock.advance(3600_000);
    assert.notEqual((await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code })).json?.response?.status, 'complete');
  });

  it('[OTP-3][FT-1][RL-3] 50 parallel correct attempts → exactly one complete and one session; no failure left counted', async () => {
    const b = t.browser();
    const { path } = await prepareEmail(b);
    const code = lastCode(t, ADA.email);
    const restore = interleaveStore(t.srv.app.store);
    const results = await Promise.all(Array.from({ length: 50 }, () => b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code }))).finally(restore);
    const ok = results.filter((r) => r.status === 200);
    assert.equal(ok.length, 1, results.map((r) => `${r.status}:${errorCode(r)}`).join(' '));
    for (const r of results.filter((x) => x.status !== 200)) {
      assert.ok(r.status >= 400 && r.status < 500 && typeof errorCode(r) === 'string', `${r.status} ${r.text.slice(0, 80)}`);
    }
    const sessions = await t.srv.app.store.listSessions(ok[0]!.json.client.id);
    assert.equal(sessions.length, 1);
    // Sequential replay of the same code: rejected.
    assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code })).status, 400);
    // Losers were refused (state changed, code used), never evaluated as wrong: nothing stays counted (DEC-2).
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.failedAttempts, 0);
    const later = await t.browser().signIn();
    assert.equal(later.status, 200, later.text);
    assert.equal(later.json.response.status, 'complete', 'no lockout wait');
  });

  it('[DEC-2][RL-3] an attempt refused after its lockout reservation (the sign-in completed meanwhile) leaves nothing counted', async () => {
    const b = t.browser();
    const { path } = await prepareEmail(b);
    const code = lastCode(t, ADA.email);
    // Hold the first attempt just before it reserves, until a second attempt has completed the sign-in.
    const lockout = t.srv.app.lockout;
    let reached!: () => void;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let calls = 0;
    lockout.reserve = async (userId) => {
      if (calls++ === 0) {
        reached();
        await gate;
      }
      return Object.getPrototypeOf(lockout).reserve.call(lockout, userId);
    };
    try {
      const held = b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code });
      await atGate;
      const winner = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code });
      assert.equal(winner.json.response.status, 'complete', winner.text);
      open();
      const loser = await held;
      assert.ok(loser.status >= 400 && loser.status < 500, `${loser.status} ${loser.text.slice(0, 120)}`);
      assert.equal(calls, 2);
    } finally {
      delete (lockout as Partial<typeof lockout>).reserve;
    }
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.failedAttempts, 0);
  });

  it('[OTP-6] resend replaces the code: the first code fails, the second works', async () => {
    const b = t.browser();
    const { path } = await prepareEmail(b);
    const first = lastCode(t, ADA.email);
    t.clock.advance(31_000);
    assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' })).status, 200);
    const second = lastCode(t, ADA.email);
    if (first !== second) assert.equal(errorCode(await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: first })), 'form_code_incorrect');
    assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: second })).json.response.status, 'complete');
  });

  it('[OTP-6] resend cooldown: 429 too_many_requests + integer Retry-After; allowed after it', async () => {
    const b = t.browser();
    const { path } = await prepareEmail(b);
    const sent = t.srv.outbox().length;
    t.clock.advance(10_000);
    const res = await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' });
    assert.equal(res.status, 429);
    assert.equal(errorCode(res), 'too_many_requests');
    assert.equal(res.headers.get('retry-after'), '20');
    assert.equal(res.json.errors[0].meta.retry_after_seconds, 20);
    assert.equal(signInOf(res).first_factor_verification.status, 'unverified', 'meta.client');
    assert.equal(t.srv.outbox().length, sent, 'provider not called');
    t.clock.advance(20_000);
    assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' })).status, 200);
  });

  it('[OTP-8] send limits per destination and per IP → 429, provider not called', async () => {
    const s = await startTestServer({ config: { otp: { resendCooldownSeconds: 0, sendMaxPerDestination: 3, sendMaxPerIp: 5 } } });
    try {
      const b = s.browser();
      const { path } = await startSignIn(b, ADA.phone);
      for (let i = 0; i < 3; i++) assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code' })).status, 200);
      const fourth = await b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code' });
      assert.equal(fourth.status, 429);
      assert.match(fourth.headers.get('retry-after')!, /^\d+$/);
      assert.equal(s.srv.outbox(ADA.phone).length, 3);
      // Per IP: two more sends to another destination, then 429.
      assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' })).status, 200);
      assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' })).status, 200);
      assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' })).status, 429);
      s.clock.advance(3600_000);
      assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' })).status, 200);
    } finally {
      await s.close();
    }
  });

  it('[OTP-8] SMS country allowlist: a number outside it → 422 sms_country_not_allowed, provider not called, nothing charged', async () => {
    const s = await startTestServer({ config: { delivery: { smsAllowedCountryCodes: ['44', '30'] }, otp: { resendCooldownSeconds: 0, sendMaxPerIp: 3 } } });
    try {
      const b = s.browser();
      const { path } = await startSignIn(b, ADA.phone);
      for (let i = 0; i < 3; i++) {
        for (const strategy of ['phone_code', 'reset_password_phone_code']) {
          const res = await b.post(`${path}/prepare_first_factor`, { strategy });
          assert.equal(res.status, 422, res.text);
          assert.equal(errorCode(res), 'sms_country_not_allowed');
          assert.match(res.json.errors[0].long_message, /country/);
          assert.ok(res.json.meta.client, 'OP-7');
        }
      }
      assert.deepEqual(s.srv.outbox(ADA.phone), [], 'provider not called');
      // The refusals charged nothing: this IP still gets all 3 sends of its cap (2 e-mails, then an allowed SMS).
      for (let i = 0; i < 2; i++) assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' })).status, 200);
      // An allowed country works.
      const uk = await s.srv.createUser({ emailAddresses: ['uk@example.com'], phoneNumbers: ['+447700900123'] });
      const b2 = s.browser();
      const { path: ukPath } = await startSignIn(b2, '+447700900123');
      assert.equal((await b2.post(`${ukPath}/prepare_first_factor`, { strategy: 'phone_code' })).status, 200);
      assert.equal(s.srv.outbox('+447700900123').length, 1, uk.id);
    } finally {
      await s.close();
    }
  });

  it('[OTP-8] SMS velocity cap per number range (+1555555010x): 429 + Retry-After, provider not called; other ranges unaffected', async () => {
    const s = await startTestServer({ config: { otp: { resendCooldownSeconds: 0, sendMaxPerSmsRange: 2, smsRangeDigits: 2 } }, noUser: true });
    try {
      const numbers = ['+15555550101', '+15555550122', '+15555550199', '+15555550201'];
      for (const [i, phone] of numbers.entries()) await s.srv.createUser({ emailAddresses: [`r${i}@example.com`], phoneNumbers: [phone] });
      const prepare = async (phone: string) => {
        const b = s.browser();
        const { path } = await startSignIn(b, phone);
        return b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code' });
      };
      assert.equal((await prepare(numbers[0]!)).status, 200);
      assert.equal((await prepare(numbers[1]!)).status, 200);
      const third = await prepare(numbers[2]!);
      assert.equal(third.status, 429, third.text);
      assert.equal(errorCode(third), 'too_many_requests');
      assert.match(third.headers.get('retry-after')!, /^\d+$/);
      assert.deepEqual(s.srv.outbox(numbers[2]), [], 'provider not called');
      assert.equal((await prepare(numbers[3]!)).status, 200, 'another range (+155555502) is not affected');
      s.clock.advance(3600_000);
      assert.equal((await prepare(numbers[2]!)).status, 200, 'the window slides');
    } finally {
      await s.close();
    }
  });

  it('[OTP-7] stored hashed (no plaintext in the sign-in row), hash deleted on success; never logged', async () => {
    const b = t.browser();
    const { si, path } = await prepareEmail(b);
    const code = lastCode(t, ADA.email);
    const row = await t.srv.app.store.getSignIn(si.id);
    const stored = JSON.stringify(row);
    assert.ok(!stored.includes(code), 'no plaintext code');
    assert.match(String(row!.firstFactorVerification!.data.codeHash), /^[A-Za-z0-9_-]{43}$/);
    await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code });
    assert.equal((await t.srv.app.store.getSignIn(si.id))!.firstFactorVerification!.data.codeHash, undefined);
    assert.ok(logs.length > 0);
    for (const m of t.srv.outbox()) assert.ok(!logs.some((l) => l.includes(m.code!)), 'LOG-2');
    assert.ok(logs.some((l) => l.includes('"code.sent"')));
  });

  it('[OTP-4] a code is bound to its sign-in: another client\'s code does not work', async () => {
    const a = t.browser();
    const { path: pathA } = await prepareEmail(a);
    const codeA = lastCode(t, ADA.email);
    t.clock.advance(31_000);
    const b = t.browser();
    const { path: pathB } = await prepareEmail(b);
    const codeB = lastCode(t, ADA.email);
    if (codeA !== codeB) assert.equal(errorCode(await b.post(`${pathB}/attempt_first_factor`, { strategy: 'email_code', code: codeA })), 'form_code_incorrect');
    assert.equal((await a.post(`${pathA}/attempt_first_factor`, { strategy: 'email_code', code: codeA })).json.response.status, 'complete');
  });

  it('[DEC-2] wrong codes feed the account lockout; a locked account gets no sign-in codes', async () => {
    const b = t.browser();
    for (let i = 0; i < 10; i++) {
      await b.post('/v1/client/sign_ins', { identifier: ADA.email, password: 'definitely-wrong-pw' });
      t.clock.advance(3600_000);
    }
    await b.post('/v1/client/sign_ins', { identifier: ADA.email, password: 'definitely-wrong-pw' });
    const { path } = await startSignIn(b);
    const prep = await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' });
    assert.equal(prep.status, 403);
    assert.equal(errorCode(prep), 'user_locked');
  });

  it('a wrong email_address_id → 422 form_param_value_invalid; unknown strategy for second factor → 422', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b);
    const res = await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code', email_address_id: 'idn_nope' });
    assert.equal(errorCode(res), 'form_param_value_invalid');
    assert.equal(res.json.errors[0].meta.param_name, 'email_address_id');
  });
});
