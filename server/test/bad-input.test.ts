import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ADA, NEW_PASSWORD, errorCode, lastCode, signInOf, startSignIn, startTestServer, type Browser, type Res, type TestServer, resetToAda } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());
afterEach(() => resetToAda(t));

const postJson = (b: Browser, path: string, body: unknown) => b.post(path, JSON.stringify(body), { 'Content-Type': 'application/json' });

/** 422 form_param_format_invalid naming `param`, with the client in meta (OP-7). */
function assertFormat(res: Res, param: string, label: string): void {
  assert.equal(res.status, 422, `${label}: ${res.text}`);
  assert.equal(errorCode(res), 'form_param_format_invalid', label);
  assert.equal(res.json.errors[0].meta.param_name, param, label);
  assert.equal(typeof res.json.errors[0].long_message, 'string', label);
}

/** A sign-in whose reset code was just sent; the code has not been used. */
async function resetCodeSent(b: Browser): Promise<{ path: string; code: string }> {
  const res = await b.post('/v1/client/sign_ins', { strategy: 'reset_password_email_code', identifier: ADA.email });
  assert.equal(res.status, 200, res.text);
  return { path: `/v1/client/sign_ins/${res.json.response.id}`, code: lastCode(t, ADA.email) };
}

const WRONG_TYPES: [string, unknown][] = [
  ['object', { a: 1 }],
  ['array', ['a', 'b']],
  ['number', 12345678],
  ['boolean', true],
];

describe('wrong body types → 422 form_param_format_invalid, never coerced', () => {
  it('attempt_first_factor with a reset code: a non-string password is refused and the code is not spent', async () => {
    const b = t.browser();
    const { path, code } = await resetCodeSent(b);
    const hashBefore = (await t.srv.app.store.getUser(t.adaId))!.passwordHash;
    for (const [label, password] of WRONG_TYPES) {
      const res = await postJson(b, `${path}/attempt_first_factor`, { strategy: 'reset_password_email_code', code, password });
      assertFormat(res, 'password', label);
      assert.equal(signInOf(res).first_factor_verification.attempts, 0, `${label}: nothing counted`);
    }
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.passwordHash, hashBefore, 'password unchanged');
    // "[object Object]" was never set as the password: the code still works with a real one.
    const done = await postJson(b, `${path}/attempt_first_factor`, { strategy: 'reset_password_email_code', code, password: NEW_PASSWORD });
    assert.equal(done.json.response.status, 'complete', done.text);
    assert.equal(errorCode(await t.browser().signIn(ADA.email, '[object Object]')), 'form_password_incorrect');
  });

  it('attempt_first_factor / attempt_second_factor: non-string strategy, code or password', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b);
    for (const [label, value] of WRONG_TYPES) {
      assertFormat(await postJson(b, `${path}/attempt_first_factor`, { strategy: value, password: ADA.password }), 'strategy', `strategy ${label}`);
      assertFormat(await postJson(b, `${path}/attempt_first_factor`, { strategy: 'password', password: value }), 'password', `password ${label}`);
    }
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.failedAttempts, 0, 'shape errors are not failures');
    const { secret } = await t.srv.enrollTotp(t.adaId);
    const second = await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(second.json.response.status, 'needs_second_factor');
    for (const [label, value] of WRONG_TYPES) {
      assertFormat(await postJson(b, `${path}/attempt_second_factor`, { strategy: 'totp', code: value }), 'code', `code ${label}`);
    }
    assert.equal((await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(secret) })).json.response.status, 'complete');
  });

  it('reset_password: non-string password and non-boolean sign_out_of_other_sessions', async () => {
    const b = t.browser();
    const { path, code } = await resetCodeSent(b);
    assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_email_code', code })).json.response.status, 'needs_new_password');
    for (const [label, password] of WRONG_TYPES) assertFormat(await postJson(b, `${path}/reset_password`, { password }), 'password', label);
    for (const value of ['maybe', 1, { a: 1 }, ['true']]) {
      assertFormat(await postJson(b, `${path}/reset_password`, { password: NEW_PASSWORD, sign_out_of_other_sessions: value }), 'sign_out_of_other_sessions', JSON.stringify(value));
    }
    assertFormat(await b.post(`${path}/reset_password`, { password: [NEW_PASSWORD, NEW_PASSWORD] }), 'password', 'repeated form key');
    const done = await postJson(b, `${path}/reset_password`, { password: NEW_PASSWORD, sign_out_of_other_sessions: true });
    assert.equal(done.json.response.status, 'complete', done.text);
  });

  it('create: a non-string password is refused before any lookup or hashing, known or unknown identifier', async () => {
    const before = { ...t.srv.app.hasher.stats };
    for (const identifier of [ADA.email, 'nobody@example.com']) {
      for (const [label, password] of WRONG_TYPES) assertFormat(await postJson(t.browser(), '/v1/client/sign_ins', { identifier, password }), 'password', `${identifier} ${label}`);
    }
    assert.deepEqual(t.srv.app.hasher.stats, before);
  });

  it('prepare_first_factor: non-string ids, channel and default', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b);
    assertFormat(await postJson(b, `${path}/prepare_first_factor`, { strategy: 'email_code', email_address_id: 7 }), 'email_address_id', 'id');
    assertFormat(await postJson(b, `${path}/prepare_first_factor`, { strategy: 'phone_code', channel: { sms: true } }), 'channel', 'channel');
    assertFormat(await postJson(b, `${path}/prepare_first_factor`, { strategy: 'phone_code', default: 'yes' }), 'default', 'default');
    assert.equal(t.srv.outbox().length, 0, 'nothing sent');
  });
});

describe('unknown ids → 404 resource_not_found JSON', () => {
  it('touch / remove / end / GET / tokens on unknown, malformed and foreign session ids', async () => {
    const b = t.browser();
    const own = (await b.signIn()).json.response.created_session_id as string;
    const other = t.browser();
    const foreign = (await other.signIn()).json.response.created_session_id as string;
    for (const id of ['sess_unknown', 'x', '%00', foreign]) {
      for (const verb of ['touch', 'remove', 'end']) {
        const res = await b.post(`/v1/client/sessions/${id}/${verb}`);
        assert.equal(res.status, 404, `${verb} ${id}: ${res.text}`);
        assert.equal(errorCode(res), 'resource_not_found');
        assert.equal(res.json.meta.client.last_active_session_id, own, 'OP-7: meta.client');
      }
      assert.equal((await b.get(`/v1/client/sessions/${id}`)).status, 404, id);
    }
    for (const verb of ['touch', 'remove', 'end']) assert.equal(errorCode(await t.browser().post(`/v1/client/sessions/${own}/${verb}`)), 'resource_not_found', `no client: ${verb}`);
    // Nothing was ended by the refused calls.
    assert.equal((await b.post(`/v1/client/sessions/${own}/tokens`)).status, 200);
    assert.equal((await other.post(`/v1/client/sessions/${foreign}/tokens`)).status, 200);
  });

  it('sign-in actions on unknown ids → 404; with a body of the wrong type the id is still checked first', async () => {
    const b = t.browser();
    await startSignIn(b);
    for (const action of ['attempt_first_factor', 'attempt_second_factor', 'prepare_first_factor', 'prepare_second_factor', 'reset_password']) {
      const res = await postJson(b, `/v1/client/sign_ins/sia_unknown/${action}`, { strategy: { x: 1 }, password: ['a'] });
      assert.equal(res.status, 404, action);
      assert.equal(errorCode(res), 'resource_not_found', action);
    }
  });
});
