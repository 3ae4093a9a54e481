import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { OutboxMessage } from '../src/index.js';
import { ADA, NEW_PASSWORD, errorCode, lastCode, startSignIn, startTestServer, type Browser, type TestServer, resetToAda } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());
afterEach(() => resetToAda(t));

/** Security notices to Ada (messages without a code), oldest first, once every enqueued one was handed over. */
async function notices(): Promise<OutboxMessage[]> {
  await t.srv.app.notifier.idle();
  return t.srv.outbox(ADA.email).filter((m) => m.code === undefined).reverse();
}

/** Exactly one new notice since `before` notices, with a subject matching `subject`, and no secret in it. */
async function assertOneNotice(before: number, subject: RegExp, secrets: string[]): Promise<OutboxMessage> {
  const list = await notices();
  assert.equal(list.length, before + 1, list.map((m) => m.subject).join(' | '));
  const notice = list[list.length - 1]!;
  assert.equal(notice.channel, 'email');
  assert.match(notice.subject, subject);
  for (const secret of [ADA.password, NEW_PASSWORD, ...secrets]) {
    assert.ok(!notice.text.includes(secret) && !notice.subject.includes(secret), `notice contains a secret: ${notice.text}`);
  }
  assert.doesNotMatch(notice.text, /\b\d{6}\b/, 'no code-like number');
  return notice;
}

const backend = (method: string, path: string) =>
  fetch(t.srv.url + path, { method, headers: { Authorization: `Bearer ${t.srv.secretKey}` } }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));

async function resetVerified(b: Browser): Promise<{ path: string; code: string }> {
  const res = await b.post('/v1/client/sign_ins', { strategy: 'reset_password_email_code', identifier: ADA.email });
  const path = `/v1/client/sign_ins/${res.json.response.id}`;
  const code = lastCode(t, ADA.email);
  assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_email_code', code })).json.response.status, 'needs_new_password');
  return { path, code };
}

describe('[RL-10] security notifications', () => {
  it('[RL-10] password reset → exactly one e-mail, without the new password or the reset code', async () => {
    const b = t.browser();
    const { path, code } = await resetVerified(b);
    assert.equal((await notices()).length, 0, 'nothing before the reset completes');
    assert.equal((await b.post(`${path}/reset_password`, { password: NEW_PASSWORD })).json.response.status, 'complete');
    await assertOneNotice(0, /password was changed/, [code]);
  });

  it('[RL-10][PW-10] a pending reset notifies only when the second factor completes it', async () => {
    const { secret } = await t.srv.enrollTotp(t.adaId);
    const start = (await notices()).length;
    const b = t.browser();
    const { path, code } = await resetVerified(b);
    assert.equal((await b.post(`${path}/reset_password`, { password: NEW_PASSWORD })).json.response.status, 'needs_second_factor');
    assert.equal((await notices()).length, start, 'nothing changed yet, nothing to report');
    const totp = t.srv.totpCode(secret);
    assert.equal((await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: totp })).json.response.status, 'complete');
    await assertOneNotice(start, /password was changed/, [code, totp, secret]);
  });

  it('[RL-10] TOTP added, TOTP removed, backup codes regenerated → one e-mail each, without the secret or codes', async () => {
    const added = await backend('POST', `/backend/v1/users/${t.adaId}/totp`);
    assert.equal(added.status, 200);
    await assertOneNotice(0, /authenticator app was added/, [added.json.secret, added.json.uri]);
    const codes = await backend('POST', `/backend/v1/users/${t.adaId}/backup_codes`);
    await assertOneNotice(1, /backup codes/, [added.json.secret, ...codes.json.codes]);
    const again = await backend('POST', `/backend/v1/users/${t.adaId}/backup_codes`);
    await assertOneNotice(2, /backup codes/, [...codes.json.codes, ...again.json.codes]);
    assert.equal((await backend('DELETE', `/backend/v1/users/${t.adaId}/totp`)).status, 200);
    await assertOneNotice(3, /authenticator app was removed/, [added.json.secret]);
    assert.equal((await backend('DELETE', `/backend/v1/users/${t.adaId}/totp`)).status, 200);
    assert.equal((await notices()).length, 4, 'removing nothing is no event');
  });

  it('[RL-10] correct password then failed second factor → one e-mail per sign-in, however many failures', async () => {
    const { secret } = await t.srv.enrollTotp(t.adaId);
    const start = (await notices()).length;
    const wrong = (code: string) => (code === '000000' ? '000001' : '000000');
    const b = t.browser();
    const { path } = await startSignIn(b);
    assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password })).json.response.status, 'needs_second_factor');
    for (let i = 0; i < 3; i++) {
      assert.equal(errorCode(await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: wrong(t.srv.totpCode(secret)) })), 'form_code_incorrect');
    }
    await assertOneNotice(start, /sign-in to your .* was stopped/, [secret]);
    // A wrong password is not this event.
    assert.equal(errorCode(await t.browser().signIn(ADA.email, 'definitely-wrong-pw')), 'form_password_incorrect');
    assert.equal((await notices()).length, start + 1);
    // A new sign-in may notify once more.
    t.clock.advance(3600_000);
    const b2 = t.browser();
    assert.equal((await b2.signIn()).json.response.status, 'needs_second_factor');
    const si2 = (await b2.get('/v1/client')).json.response.sign_in.id;
    assert.equal(errorCode(await b2.post(`/v1/client/sign_ins/${si2}/attempt_second_factor`, { strategy: 'totp', code: wrong(t.srv.totpCode(secret)) })), 'form_code_incorrect');
    await assertOneNotice(start + 1, /was stopped/, [secret]);
  });

  it('[RL-10] a wrong client-trust code after the password is not a second factor failure', async () => {
    const s = await startTestServer({ config: { clientTrust: true } });
    try {
      const b = s.browser();
      const res = await b.signIn();
      assert.equal(res.json.response.status, 'needs_client_trust');
      const path = `/v1/client/sign_ins/${res.json.response.id}`;
      await b.post(`${path}/prepare_second_factor`, { strategy: 'email_code' });
      const code = lastCode(s, ADA.email);
      assert.equal(errorCode(await b.post(`${path}/attempt_second_factor`, { strategy: 'email_code', code: code === '000000' ? '000001' : '000000' })), 'form_code_incorrect');
      await s.srv.app.notifier.idle();
      assert.deepEqual(s.srv.outbox(ADA.email).filter((m) => m.code === undefined), []);
    } finally {
      await s.close();
    }
  });
});
