import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/index.js';
import { DEV_MIN_STRENGTH, devPasswordMinStrength } from '../src/config.js';
import { checkNewPassword } from '../src/crypto/password.js';
import { strengthStats } from '../src/crypto/password-strength.js';
import { DEMO_USERS } from '../src/seed.js';
import { ADA, NEW_PASSWORD, errorCode, lastCode, resetToAda, signInOf, startTestServer, thrownCode, type Res, type TestServer } from './helpers.js';

/** Scores 1 with the common dictionary: passes length, blocklist (PW-6) and context (PW-7) checks. */
const WEAK = 'monkeybusiness';
/** Scores 2 alone, 1 with Ada's words as zxcvbn user inputs. */
const ADA_CONTEXT = 'lovelaceada';
const SUGGESTION_CODES = new Set(['allUppercase', 'anotherWord', 'associatedYears', 'capitalization', 'dates', 'l33t', 'longerKeyboardPattern', 'noNeed', 'pwned', 'recentYears', 'repeated', 'reverseWords', 'sequences', 'useWords']);
const ADA_CTX = { emailAddresses: [ADA.email], username: ADA.username, firstName: 'Ada', lastName: 'Lovelace', applicationName: 'Signin Elements' };
const PRODUCTION = { SIGNIN_MODE: 'production', PUBLIC_URL: 'https://a.test', SIGNIN_SECRET_KEY: 'sk_live_' + 'x'.repeat(32), SMTP_URL: 'smtp://mail.test:587' };

const code = thrownCode;

/** The §8.3 shape of form_password_not_strong_enough, with English suggestions keyed by zxcvbn feedback codes. */
function assertNotStrongEnough(res: Res): void {
  assert.equal(res.status, 422, res.text);
  const [err] = res.json.errors;
  assert.equal(err.code, 'form_password_not_strong_enough');
  assert.equal(err.meta.param_name, 'password');
  const { suggestions } = err.meta.zxcvbn;
  assert.ok(Array.isArray(suggestions) && suggestions.length > 0, JSON.stringify(err.meta));
  for (const s of suggestions) {
    assert.deepEqual(Object.keys(s).sort(), ['code', 'message']);
    assert.ok(SUGGESTION_CODES.has(s.code), s.code);
    assert.match(s.message, /^[A-Z].+\.$/);
  }
  assert.doesNotMatch(`${err.message} ${err.long_message}`, /upper|lower|digit|number|symbol|special/i, 'PW-5: no character classes');
}

describe('password strength: configuration (§7, §13)', () => {
  it('PASSWORD_MIN_STRENGTH: 0–4, or off; unset or empty = off', () => {
    assert.equal(loadConfig({}).password.minStrength, null);
    assert.equal(loadConfig({ PASSWORD_MIN_STRENGTH: '' }).password.minStrength, null);
    assert.equal(loadConfig({ PASSWORD_MIN_STRENGTH: 'off' }).password.minStrength, null);
    for (const n of [0, 1, 2, 3, 4]) assert.equal(loadConfig({ PASSWORD_MIN_STRENGTH: ` ${n} ` }).password.minStrength, n);
  });

  it('bad values stop start-up with a one-line ConfigError', () => {
    for (const value of ['5', '-1', '2.5', 'two', 'strong', '02x']) {
      assert.throws(
        () => loadConfig({ PASSWORD_MIN_STRENGTH: value }),
        (err: unknown) => err instanceof ConfigError && err.variable === 'PASSWORD_MIN_STRENGTH' && !err.message.includes('\n') && err.message.includes(value),
        value,
      );
    }
  });

  it('off by default in production; `serve --dev` defaults to 2 unless the variable is set', () => {
    assert.equal(loadConfig(PRODUCTION).password.minStrength, null);
    assert.equal(loadConfig({ ...PRODUCTION, PASSWORD_MIN_STRENGTH: '3' }).password.minStrength, 3);
    assert.equal(DEV_MIN_STRENGTH, 2);
    assert.equal(devPasswordMinStrength({}), 2);
    assert.equal(devPasswordMinStrength({ PASSWORD_MIN_STRENGTH: '' }), 2);
    assert.equal(devPasswordMinStrength({ PASSWORD_MIN_STRENGTH: '4' }), 4);
    assert.equal(devPasswordMinStrength({ PASSWORD_MIN_STRENGTH: 'off' }), null);
  });

  it('the seeded demo passwords (and the suite\'s new password) pass at the development default', () => {
    const limits = { minLength: 8, maxLength: 128, minStrength: DEV_MIN_STRENGTH };
    for (const u of DEMO_USERS) {
      const ctx = { emailAddresses: u.emailAddresses, username: u.username, firstName: u.firstName, lastName: u.lastName, applicationName: 'Signin Elements' };
      assert.equal(code(() => checkNewPassword(u.password, limits, ctx)), 'ok', u.password);
    }
    assert.equal(code(() => checkNewPassword(NEW_PASSWORD, limits, ADA_CTX)), 'ok');
  });

  it('the environment is off without the setting', async () => {
    const t = await startTestServer({ noUser: true });
    try {
      const ps = (await t.browser().get('/v1/environment')).json.user_settings.password_settings;
      assert.equal(ps.show_zxcvbn, false);
      assert.equal(ps.min_zxcvbn_strength, 0);
    } finally {
      await t.close();
    }
  });
});

describe('password strength: policy', () => {
  const at = (min: number) => ({ minLength: 8, maxLength: 128, minStrength: min });

  it('below the minimum → form_password_not_strong_enough with suggestions; at or above → accepted', () => {
    assert.equal(code(() => checkNewPassword(WEAK, at(2), ADA_CTX)), 'form_password_not_strong_enough');
    assert.equal(code(() => checkNewPassword(WEAK, at(1), ADA_CTX)), 'ok');
    assert.equal(code(() => checkNewPassword(WEAK, at(0), ADA_CTX)), 'ok', '0 shows the meter and refuses nothing');
    assert.equal(code(() => checkNewPassword(WEAK, { minLength: 8, maxLength: 128 }, ADA_CTX)), 'ok', 'off');
    try {
      checkNewPassword(WEAK, at(2), ADA_CTX);
    } catch (err) {
      const { meta } = err as { meta: any };
      assert.deepEqual(meta.zxcvbn.suggestions, [{ code: 'anotherWord', message: 'Add more words that are less common.' }]);
    }
  });

  it('[PW-5] a passphrase of plain words passes even at 4', () => {
    assert.equal(code(() => checkNewPassword('correct horse battery staple', at(4), ADA_CTX)), 'ok');
  });

  it('[PW-7] the account\'s own words are zxcvbn user inputs: the email address or name words score low', () => {
    const noContext = { emailAddresses: [], username: null, applicationName: 'Other' };
    assert.equal(code(() => checkNewPassword(ADA_CONTEXT, at(2), noContext)), 'ok');
    assert.equal(code(() => checkNewPassword(ADA_CONTEXT, at(2), ADA_CTX)), 'form_password_not_strong_enough');
    assert.equal(code(() => checkNewPassword('ada@example.com', at(2), noContext)), 'ok');
    assert.equal(code(() => checkNewPassword('ada@example.com', at(2), ADA_CTX)), 'form_password_not_strong_enough');
  });

  it('[PW-2][PW-6] cheap checks come first: over the cap, too short, listed or context words are never scored', () => {
    const before = strengthStats.checks;
    assert.equal(code(() => checkNewPassword('ab'.repeat(65), at(4), ADA_CTX)), 'form_password_length_too_long');
    assert.equal(code(() => checkNewPassword('x'.repeat(600), at(4), ADA_CTX)), 'form_password_size_in_bytes_exceeded');
    assert.equal(code(() => checkNewPassword('short', at(4), ADA_CTX)), 'form_password_length_too_short');
    assert.equal(code(() => checkNewPassword('password1', at(4), ADA_CTX)), 'form_password_pwned');
    assert.equal(code(() => checkNewPassword('lovelace2024', at(4), ADA_CTX)), 'form_password_validation_failed');
    assert.equal(strengthStats.checks, before, 'no zxcvbn scoring');
    assert.equal(code(() => checkNewPassword('ab'.repeat(64), at(4), ADA_CTX)), 'form_password_not_strong_enough', 'at the cap: scored');
    assert.equal(strengthStats.checks, before + 1);
  });
});

describe('password strength: enforcement (PASSWORD_MIN_STRENGTH=3)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { PASSWORD_MIN_STRENGTH: '3' } });
  });
  after(() => t.close());
  afterEach(() => resetToAda(t));

  const backend = (body: unknown) =>
    fetch(`${t.srv.url}/backend/v1/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.srv.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, headers: r.headers, text: '', json: (await r.json()) as any }));

  async function needsNewPassword() {
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { strategy: 'reset_password_email_code', identifier: ADA.email });
    const path = `/v1/client/sign_ins/${res.json.response.id}`;
    const attempt = await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_email_code', code: lastCode(t, ADA.email) });
    assert.equal(attempt.json.response.status, 'needs_new_password', attempt.text);
    return { b, path };
  }

  it('the environment advertises show_zxcvbn and min_zxcvbn_strength', async () => {
    const ps = (await t.browser().get('/v1/environment')).json.user_settings.password_settings;
    assert.equal(ps.show_zxcvbn, true);
    assert.equal(ps.min_zxcvbn_strength, 3);
  });

  it('reset_password: a weak password → 422 with suggestions, hash unchanged; a strong one completes', async () => {
    const hashBefore = (await t.srv.app.store.getUser(t.adaId))!.passwordHash;
    const { b, path } = await needsNewPassword();
    for (const weak of [WEAK, 'horsebattery1', ADA_CONTEXT]) {
      const res = await b.post(`${path}/reset_password`, { password: weak });
      assertNotStrongEnough(res);
      assert.equal(signInOf(res).status, 'needs_new_password');
    }
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.passwordHash, hashBefore, 'hash unchanged');
    assert.equal((await t.browser().signIn(ADA.email, ADA.password)).json.response.status, 'complete', 'old password still works');
    const done = await b.post(`${path}/reset_password`, { password: NEW_PASSWORD });
    assert.equal(done.json.response.status, 'complete', done.text);
    assert.equal((await t.browser().signIn(ADA.email, NEW_PASSWORD)).json.response.status, 'complete');
  });

  it('a reset code carrying a weak password → 422 before the code is spent; then a strong one in one step', async () => {
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { strategy: 'reset_password_phone_code', identifier: ADA.phone });
    const path = `/v1/client/sign_ins/${res.json.response.id}`;
    const weak = await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_phone_code', code: lastCode(t, ADA.phone), password: WEAK });
    assertNotStrongEnough(weak);
    assert.equal(signInOf(weak).first_factor_verification.attempts, 0, 'policy checked before the code is spent');
    const done = await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_phone_code', code: lastCode(t, ADA.phone), password: NEW_PASSWORD });
    assert.equal(done.json.response.status, 'complete', done.text);
  });

  it('Backend API create user: weak → 422 not_strong_enough, strong → created', async () => {
    const weak = await backend({ email_address: ['weak@example.com'], password: WEAK });
    assertNotStrongEnough(weak);
    assert.equal(await t.srv.app.store.findUserIdByIdentifier('email_address', 'weak@example.com'), null);
    const ok = await backend({ email_address: ['strong@example.com'], password: 'quiet-lantern-harbour-77' });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const noPassword = await backend({ email_address: ['nopw@example.com'] });
    assert.equal(noPassword.status, 200, 'no password, nothing to score');
  });

  it('sign-in with an existing weak password is not affected (the policy applies when a password is set)', async () => {
    await t.srv.app.store.setPasswordHash(t.adaId, await t.srv.app.hasher.hash(WEAK), t.clock.now());
    assert.equal((await t.browser().signIn(ADA.email, WEAK)).json.response.status, 'complete');
    assert.equal(errorCode(await t.browser().signIn(ADA.email, 'wrong-password-here')), 'form_password_incorrect');
  });
});
