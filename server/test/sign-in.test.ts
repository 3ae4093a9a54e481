import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ADA, errorCode, startTestServer, verifyJwt, type TestServer } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

describe('sign-in: password', () => {
  it('one step (identifier + password) completes atomically (§10.3 rule 3)', async () => {
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { strategy: 'password', identifier: ADA.email, password: ADA.password, locale: 'en-US', timezone: 'UTC', captcha_token: 'x' });
    assert.equal(res.status, 200);
    const { response: si, client } = res.json;
    assert.equal(si.object, 'sign_in_attempt');
    assert.match(si.id, /^sia_[0-9A-Za-z]{22}$/);
    assert.equal(si.status, 'complete');
    assert.match(si.created_session_id, /^sess_/);
    assert.equal(si.first_factor_verification.status, 'verified');
    assert.equal(si.first_factor_verification.attempts, 1);
    assert.match(client.id, /^client_/);
    assert.equal(client.last_active_session_id, si.created_session_id);
    assert.equal(client.cookie_expires_at, null);
    assert.equal(client.sign_in.id, si.id);
    const sess = client.sessions.find((s: any) => s.id === si.created_session_id);
    assert.equal(sess.status, 'active');
    assert.match(sess.user.id, /^user_/);
    assert.match(sess.user.email_addresses[0].id, /^idn_/);
    const jwks = (await b.get('/.well-known/jwks.json')).json;
    const claims = verifyJwt(sess.last_active_token.jwt, jwks);
    assert.equal(claims.sid, sess.id);
    assert.equal(claims.sub, t.adaId);
    assert.equal(claims.v, 2);
    assert.equal(claims.azp, 'http://localhost:8000');
    assert.equal(claims.iss, t.srv.publicUrl);
    assert.equal(claims.exp - claims.iat, 60);
    assert.deepEqual(claims.amr, ['pwd']);
    assert.deepEqual(claims.fva, [0, -1]);
    assert.ok(claims.nbf <= claims.iat);
    assert.ok(Number.isInteger(si.created_at) && si.created_at > 1e12, 'timestamps in ms');
  });

  it('two steps: identifier → needs_first_factor with password → attempt → complete', async () => {
    const b = t.browser();
    const created = await b.post('/v1/client/sign_ins', { identifier: ADA.email });
    assert.equal(created.status, 200);
    const si = created.json.response;
    assert.equal(si.status, 'needs_first_factor');
    assert.deepEqual(si.supported_first_factors[0], { strategy: 'password' });
    assert.deepEqual(
      si.supported_first_factors.map((f: any) => f.strategy),
      ['password', 'email_code', 'phone_code', 'reset_password_email_code', 'reset_password_phone_code'],
    );
    assert.equal(si.client_trust_state, 'new');
    assert.equal(created.json.client.sign_in.id, si.id);
    const done = await b.post(`/v1/client/sign_ins/${si.id}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(done.status, 200);
    assert.equal(done.json.response.status, 'complete');
    assert.equal(done.json.client.sessions.length, 1);
    const got = await b.get(`/v1/client/sign_ins/${si.id}`);
    assert.equal(got.json.response.status, 'complete');
    assert.equal(got.json.client.id, done.json.client.id);
  });

  it('identifier by username and by phone (formatted) and email case variants (RL-5)', async () => {
    for (const identifier of ['ada', 'ADA', '+1 (555) 555-0100', 'Ada@Example.COM']) {
      const res = await t.browser().post('/v1/client/sign_ins', { identifier });
      assert.equal(res.json.response.status, 'needs_first_factor', identifier);
    }
  });

  it('no identifier → needs_identifier', async () => {
    const res = await t.browser().post('/v1/client/sign_ins');
    assert.equal(res.status, 200);
    assert.equal(res.json.response.status, 'needs_identifier');
    assert.equal(res.json.response.supported_first_factors, null);
    assert.equal(res.json.response.client_trust_state, 'pending');
  });

  it('wrong password → 422 form_password_incorrect, sign-in kept, meta.client (OP-7)', async () => {
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { identifier: ADA.email, password: 'wrong-password-1' });
    assert.equal(res.status, 422);
    assert.equal(errorCode(res), 'form_password_incorrect');
    assert.equal(res.json.errors[0].meta.param_name, 'password');
    assert.equal(typeof res.json.errors[0].long_message, 'string');
    assert.equal(typeof res.json.errors[0].message, 'string');
    const client = res.json.meta.client;
    assert.equal(client.sign_in.status, 'needs_first_factor');
    assert.equal(client.sign_in.first_factor_verification.attempts, 1);
    const again = await b.post(`/v1/client/sign_ins/${client.sign_in.id}/attempt_first_factor`, { strategy: 'password', password: 'still-wrong-2' });
    assert.equal(again.status, 422);
    assert.equal(again.json.meta.client.sign_in.first_factor_verification.attempts, 2);
    const ok = await b.post(`/v1/client/sign_ins/${client.sign_in.id}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(ok.json.response.status, 'complete');
    assert.equal(ok.json.response.first_factor_verification.attempts, 3);
  });

  it('unknown identifier → 422 form_identifier_not_found (param identifier)', async () => {
    for (const identifier of ['nobody@example.com', 'nobody', '+15555550199', '@@@']) {
      const res = await t.browser().post('/v1/client/sign_ins', { identifier });
      assert.equal(res.status, 422, identifier);
      assert.equal(errorCode(res), 'form_identifier_not_found');
      assert.equal(res.json.errors[0].meta.param_name, 'identifier');
    }
  });

  it('bad input → 422 with param_name, never 5xx', async () => {
    const b = t.browser();
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ strategy: 'password' }, 'form_param_nil', 'identifier'],
      [{ strategy: 'password', identifier: ADA.email }, 'form_param_nil', 'password'],
      [{ identifier: [ADA.email, 'x@y.z'] }, 'form_param_format_invalid', 'identifier'],
      [{ identifier: 'x'.repeat(400) }, 'form_param_format_invalid', 'identifier'],
      [{ strategy: 'oauth_nope', identifier: ADA.email }, 'form_param_value_invalid', 'strategy'],
      [{ identifier: ADA.email, password: ['a', 'b'] }, 'form_param_format_invalid', 'password'],
    ];
    for (const [body, code, param] of cases) {
      const res = await b.post('/v1/client/sign_ins', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(errorCode(res), code, JSON.stringify(body));
      assert.equal(res.json.errors[0].meta.param_name, param);
    }
    const transfer = await b.post('/v1/client/sign_ins', { transfer: 'true' });
    assert.equal(errorCode(transfer), 'account_transfer_invalid');
    const json = await b.post('/v1/client/sign_ins', JSON.stringify({ identifier: 42 }), { 'Content-Type': 'application/json' });
    assert.equal(json.status, 422);
    assert.equal(errorCode(json), 'form_param_format_invalid');
  });

  it('JSON bodies are accepted like forms', async () => {
    const res = await t.browser().post('/v1/client/sign_ins', JSON.stringify({ identifier: ADA.email, password: ADA.password }), { 'Content-Type': 'application/json' });
    assert.equal(res.json.response.status, 'complete');
  });

  it('attempt with a missing, unknown or unprepared strategy', async () => {
    const b = t.browser();
    const si = (await b.post('/v1/client/sign_ins', { identifier: ADA.email })).json.response;
    const path = `/v1/client/sign_ins/${si.id}`;
    assert.equal(errorCode(await b.post(`${path}/attempt_first_factor`, { password: 'x' })), 'form_param_nil');
    assert.equal(errorCode(await b.post(`${path}/attempt_first_factor`, { strategy: 'web3_metamask_signature', code: '123456' })), 'form_param_value_invalid');
    const unprepared = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code: '123456' });
    assert.equal(unprepared.status, 400, 'a code attempt before prepare');
    assert.equal(errorCode(unprepared), 'client_state_invalid');
    assert.equal(errorCode(await b.post(`${path}/attempt_first_factor`, { strategy: 'password' })), 'form_param_nil');
    const prep = await b.post(`${path}/prepare_first_factor`, { strategy: 'password' });
    assert.equal(prep.status, 422);
    assert.equal(prep.json.meta.client.sign_in.id, si.id);
    assert.equal(errorCode(await b.post(`${path}/prepare_first_factor`, { strategy: 'web3_metamask_signature' })), 'form_param_value_invalid');
  });
});

describe('sign-in: state machine', () => {
  let b: ReturnType<TestServer['browser']>;
  beforeEach(() => {
    b = t.browser();
  });

  it('wrong-state actions → 400 client_state_invalid (§10.3 rule 5)', async () => {
    const si = (await b.post('/v1/client/sign_ins', { identifier: ADA.email })).json.response;
    const p = `/v1/client/sign_ins/${si.id}`;
    for (const action of ['prepare_second_factor', 'attempt_second_factor', 'reset_password']) {
      const res = await b.post(`${p}/${action}`, { strategy: 'totp', code: '123456', password: 'a-new-password-9' });
      assert.equal(res.status, 400, action);
      assert.equal(errorCode(res), 'client_state_invalid', action);
      assert.equal(res.json.meta.client.sign_in.id, si.id);
    }
    const idOnly = (await b.post('/v1/client/sign_ins')).json.response;
    const res = await b.post(`/v1/client/sign_ins/${idOnly.id}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(errorCode(res), 'client_state_invalid');
    const done = await b.signIn();
    const late = await b.post(`/v1/client/sign_ins/${done.json.response.id}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(late.status, 400);
    assert.equal(errorCode(late), 'client_state_invalid');
    assert.equal(late.json.meta.client.sessions.length, 1, 'no second session');
  });

  it('reset_password is refused outside needs_new_password, before any password check', async () => {
    const si = (await b.post('/v1/client/sign_ins', { identifier: ADA.email })).json.response;
    const res = await b.post(`/v1/client/sign_ins/${si.id}/reset_password`, { password: 'short' });
    assert.equal(errorCode(res), 'client_state_invalid');
  });

  it('one current sign-in per client: older id → 403 resource_forbidden; unknown → 404; other client → 404 (FLOW-2)', async () => {
    const first = (await b.post('/v1/client/sign_ins', { identifier: ADA.email })).json.response;
    const second = (await b.post('/v1/client/sign_ins', { identifier: ADA.email })).json.response;
    const stale = await b.post(`/v1/client/sign_ins/${first.id}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(stale.status, 403);
    assert.equal(errorCode(stale), 'resource_forbidden');
    const unknown = await b.post('/v1/client/sign_ins/sia_doesnotexist/attempt_first_factor', { strategy: 'password', password: ADA.password });
    assert.equal(unknown.status, 404);
    assert.equal(errorCode(unknown), 'resource_not_found');
    assert.equal((await b.get('/v1/client/sign_ins/sia_nope')).status, 404);
    const other = t.browser();
    await other.post('/v1/client/sign_ins');
    assert.equal((await other.get(`/v1/client/sign_ins/${second.id}`)).status, 404);
    assert.equal((await t.browser().get(`/v1/client/sign_ins/${second.id}`)).status, 404, 'no client');
  });

  it('sign-in attempts expire (FLOW-3)', async () => {
    const si = (await b.post('/v1/client/sign_ins', { identifier: ADA.email })).json.response;
    t.clock.advance(24 * 3600 * 1000 + 1);
    const res = await b.post(`/v1/client/sign_ins/${si.id}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res), 'sign_in_expired');
  });

  it('method tunnelling: POST ?_method=PATCH on the environment; real PATCH too', async () => {
    const tunnelled = await b.post('/v1/environment?_method=PATCH&__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0');
    assert.equal(tunnelled.status, 200);
    assert.equal(tunnelled.json.display_config.application_name, 'Signin Elements');
    const real = await b.request('PATCH', '/v1/environment');
    assert.equal(real.status, 200);
  });

  it('GET /v1/client with no client → {response:null, client:null}; after a mutation → the client', async () => {
    assert.deepEqual((await b.get('/v1/client')).json, { response: null, client: null });
    await b.post('/v1/client/sign_ins');
    const res = await b.get('/v1/client');
    assert.equal(res.json.client, null);
    assert.equal(res.json.response.object, 'client');
    assert.equal(res.json.response.sign_in.status, 'needs_identifier');
  });

  it('a deleted user mid-sign-in gives a clean 422', async () => {
    const u = await t.srv.createUser({ emailAddresses: ['temp@example.com'], password: 'lengthy-unique-passphrase-7' });
    const si = (await b.post('/v1/client/sign_ins', { identifier: 'temp@example.com' })).json.response;
    await fetch(`${t.srv.url}/backend/v1/users/${u.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${t.srv.secretKey}` } });
    const res = await b.post(`/v1/client/sign_ins/${si.id}/attempt_first_factor`, { strategy: 'password', password: 'lengthy-unique-passphrase-7' });
    assert.equal(res.status, 422);
    assert.equal(errorCode(res), 'form_identifier_not_found');
  });
});
