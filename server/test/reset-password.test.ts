import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ADA, NEW_PASSWORD, errorCode, lastCode, signInOf, startTestServer, type TestServer, resetToAda } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());
afterEach(() => resetToAda(t));

async function resetCodeVerified(b: ReturnType<TestServer['browser']>, identifier = ADA.email, strategy = 'reset_password_email_code') {
  const res = await b.post('/v1/client/sign_ins', { strategy, identifier });
  assert.equal(res.status, 200, res.text);
  const path = `/v1/client/sign_ins/${res.json.response.id}`;
  const to = strategy.includes('email') ? ADA.email : ADA.phone;
  assert.match(t.srv.lastMessage(to)!.subject, /password reset/);
  const attempt = await b.post(`${path}/attempt_first_factor`, { strategy, code: lastCode(t, to) });
  return { path, attempt };
}

describe('reset password (§11.8, PW-10, PW-12, RL-4)', () => {
  it('email code → needs_new_password → reset_password → complete; old password rejected, new accepted', async () => {
    const b = t.browser();
    const hashBefore = (await t.srv.app.store.getUser(t.adaId))!.passwordHash;
    const { path, attempt } = await resetCodeVerified(b);
    assert.equal(attempt.json.response.status, 'needs_new_password');
    assert.equal(attempt.json.response.first_factor_verification.strategy, 'reset_password_email_code');
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.passwordHash, hashBefore, 'PW-12: unchanged until reset');
    const same = await b.post(`${path}/reset_password`, { password: ADA.password });
    assert.equal(errorCode(same), 'form_new_password_matches_current');
    assert.equal(errorCode(await b.post(`${path}/reset_password`, { password: 'short' })), 'form_password_length_too_short');
    assert.equal(errorCode(await b.post(`${path}/reset_password`, { password: 'password1' })), 'form_password_pwned');
    const done = await b.post(`${path}/reset_password`, { password: NEW_PASSWORD });
    assert.equal(done.json.response.status, 'complete', done.text);
    assert.equal(done.json.response.first_factor_verification.strategy, 'reset_password_email_code');
    assert.equal(errorCode(await t.browser().signIn(ADA.email, ADA.password)), 'form_password_incorrect');
    assert.equal((await t.browser().signIn(ADA.email, NEW_PASSWORD)).json.response.status, 'complete');
  });

  it('phone reset code with password in the attempt → set and complete in one step', async () => {
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { strategy: 'reset_password_phone_code', identifier: ADA.phone });
    const path = `/v1/client/sign_ins/${res.json.response.id}`;
    const weak = await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_phone_code', code: lastCode(t, ADA.phone), password: 'short' });
    assert.equal(errorCode(weak), 'form_password_length_too_short');
    assert.equal(signInOf(weak).first_factor_verification.attempts, 0, 'policy checked before the code is spent');
    const done = await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_phone_code', code: lastCode(t, ADA.phone), password: NEW_PASSWORD });
    assert.equal(done.json.response.status, 'complete', done.text);
    assert.equal((await t.browser().signIn(ADA.email, NEW_PASSWORD)).json.response.status, 'complete');
  });

  it('[PW-10] sign_out_of_other_sessions ends the other client\'s session: its token request → 401', async () => {
    const other = t.browser();
    const sid = (await other.signIn()).json.response.created_session_id;
    assert.equal((await other.post(`/v1/client/sessions/${sid}/tokens`)).status, 200);
    const b = t.browser();
    const { path } = await resetCodeVerified(b);
    await b.post(`${path}/reset_password`, { password: NEW_PASSWORD, sign_out_of_other_sessions: 'true' });
    const res = await other.post(`/v1/client/sessions/${sid}/tokens`);
    assert.equal(res.status, 401);
    assert.equal(errorCode(res), 'authentication_invalid');
  });

  it('without sign_out_of_other_sessions other sessions stay', async () => {
    const other = t.browser();
    const sid = (await other.signIn()).json.response.created_session_id;
    const b = t.browser();
    const { path } = await resetCodeVerified(b);
    await b.post(`${path}/reset_password`, { password: NEW_PASSWORD });
    assert.equal((await other.post(`/v1/client/sessions/${sid}/tokens`)).status, 200);
  });

  it('[PW-10][PW-12][DEC-2][RL-3][FLOW-5] a TOTP user\'s reset changes nothing until the second factor completes it', async () => {
    const other = t.browser();
    const otherSid = (await other.signIn()).json.response.created_session_id;
    const { secret } = await t.srv.enrollTotp(t.adaId);
    assert.equal(errorCode(await t.browser().signIn(ADA.email, 'definitely-wrong-pw')), 'form_password_incorrect');
    const before = (await t.srv.app.store.getUser(t.adaId))!;
    assert.equal(before.failedAttempts, 1);

    const b = t.browser();
    const { path } = await resetCodeVerified(b);
    const res = await b.post(`${path}/reset_password`, { password: NEW_PASSWORD, sign_out_of_other_sessions: 'true' });
    assert.equal(res.json.response.status, 'needs_second_factor', res.text);
    assert.equal(JSON.stringify(res.json).includes('scrypt'), false, 'the pending hash is never serialised');
    // Nothing about the account has changed yet.
    const pending = (await t.srv.app.store.getUser(t.adaId))!;
    assert.equal(pending.passwordHash, before.passwordHash, 'PW-12: password unchanged');
    assert.equal(pending.failedAttempts, 1, 'RL-3: counter not cleared by a reset that has not completed');
    assert.equal((await other.post(`/v1/client/sessions/${otherSid}/tokens`)).status, 200, 'PW-10: other session alive');
    assert.equal((await t.browser().signIn(ADA.email, ADA.password)).json.response.status, 'needs_second_factor', 'old password still works elsewhere');
    assert.equal(errorCode(await t.browser().signIn(ADA.email, NEW_PASSWORD)), 'form_password_incorrect', 'new password not yet in force');

    const done = await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(secret) });
    assert.equal(done.json.response.status, 'complete', done.text);
    // Applied with the completion, all at once.
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.failedAttempts, 0, 'RL-4: completed reset clears the counter');
    assert.equal((await t.srv.app.store.getSignIn(done.json.response.id))!.pendingPasswordReset, null, 'the pending hash is dropped');
    const revoked = await other.post(`/v1/client/sessions/${otherSid}/tokens`);
    assert.equal(revoked.status, 401, 'PW-10: other sessions ended');
    const newSid = done.json.response.created_session_id;
    assert.equal((await b.post(`/v1/client/sessions/${newSid}/tokens`)).status, 200, 'the completing session survives');
    assert.equal((await t.browser().signIn(ADA.email, NEW_PASSWORD)).json.response.status, 'needs_second_factor');
    assert.equal(errorCode(await t.browser().signIn(ADA.email, ADA.password)), 'form_password_incorrect');
  });

  it('[PW-12] a reset abandoned at the second factor changes nothing, and a new sign-in drops the pending hash', async () => {
    await t.srv.enrollTotp(t.adaId);
    const hashBefore = (await t.srv.app.store.getUser(t.adaId))!.passwordHash;
    const b = t.browser();
    const { path } = await resetCodeVerified(b);
    assert.equal((await b.post(`${path}/reset_password`, { password: NEW_PASSWORD })).json.response.status, 'needs_second_factor');
    const id = path.split('/').pop()!;
    assert.notEqual((await t.srv.app.store.getSignIn(id))!.pendingPasswordReset, null);
    assert.equal((await b.post('/v1/client/sign_ins', { identifier: ADA.email })).status, 200);
    assert.equal((await t.srv.app.store.getSignIn(id))!.pendingPasswordReset, null);
    assert.equal(errorCode(await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: '123456' })), 'resource_forbidden');
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.passwordHash, hashBefore);
  });

  it('[PW-12][FLOW-5] a reset code carrying the password for a TOTP user: pending until the second factor', async () => {
    const { secret } = await t.srv.enrollTotp(t.adaId);
    const hashBefore = (await t.srv.app.store.getUser(t.adaId))!.passwordHash;
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { strategy: 'reset_password_phone_code', identifier: ADA.phone });
    const path = `/v1/client/sign_ins/${res.json.response.id}`;
    const attempt = await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_phone_code', code: lastCode(t, ADA.phone), password: NEW_PASSWORD });
    assert.equal(attempt.json.response.status, 'needs_second_factor', attempt.text);
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.passwordHash, hashBefore);
    assert.equal((await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(secret) })).json.response.status, 'complete');
    assert.notEqual((await t.srv.app.store.getUser(t.adaId))!.passwordHash, hashBefore);
    assert.equal((await t.browser().signIn(ADA.email, NEW_PASSWORD)).json.response.status, 'needs_second_factor');
  });

  it('[RL-4] a locked account can still reset, and the reset clears the lock', async () => {
    for (let i = 0; i < 10; i++) {
      await t.browser().post('/v1/client/sign_ins', { identifier: ADA.email, password: 'definitely-wrong-pw' });
      t.clock.advance(i < 9 ? 3600_000 : 0);
    }
    assert.equal(errorCode(await t.browser().signIn()), 'user_locked');
    const b = t.browser();
    const { path, attempt } = await resetCodeVerified(b);
    assert.equal(attempt.json.response.status, 'needs_new_password');
    assert.equal((await b.post(`${path}/reset_password`, { password: NEW_PASSWORD })).json.response.status, 'complete');
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.failedAttempts, 0);
    assert.equal((await t.browser().signIn(ADA.email, NEW_PASSWORD)).json.response.status, 'complete');
  });

  it('[PW-12] a reset code is single use and wrong reset codes still count', async () => {
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { strategy: 'reset_password_email_code', identifier: ADA.email });
    const path = `/v1/client/sign_ins/${res.json.response.id}`;
    const code = lastCode(t, ADA.email);
    assert.equal(errorCode(await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_email_code', code: code === '000000' ? '000001' : '000000' })), 'form_code_incorrect');
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.failedAttempts, 1);
    assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_email_code', code })).json.response.status, 'needs_new_password');
    const replay = await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_email_code', code });
    assert.equal(replay.status, 400);
  });
});
