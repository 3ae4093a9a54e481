import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ADA, errorCode, lastCode, signInOf, startTestServer, verifyJwt, type TestServer, resetToAda } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer({ config: { clientTrust: true } });
});
after(() => t.close());
afterEach(() => resetToAda(t));

async function trustViaEmail(b: ReturnType<TestServer['browser']>) {
  const res = await b.signIn();
  assert.equal(res.json.response.status, 'needs_client_trust');
  const path = `/v1/client/sign_ins/${res.json.response.id}`;
  const email = res.json.response.supported_second_factors.find((f: any) => f.strategy === 'email_code');
  assert.equal((await b.post(`${path}/prepare_second_factor`, { strategy: 'email_code', email_address_id: email.email_address_id })).status, 200);
  return b.post(`${path}/attempt_second_factor`, { strategy: 'email_code', code: lastCode(t, ADA.email) });
}

describe('client trust (§11.10, FLOW-4)', () => {
  it('[FLOW-4] fresh client + right password → needs_client_trust (new), no session; email code completes; later → known, complete directly', async () => {
    const b = t.browser();
    const res = await b.signIn();
    assert.equal(res.status, 200);
    const si = res.json.response;
    assert.equal(si.status, 'needs_client_trust');
    assert.equal(si.client_trust_state, 'new');
    assert.equal(si.created_session_id, null);
    assert.equal(res.json.client.sessions.length, 0);
    assert.deepEqual(si.supported_second_factors.map((f: any) => f.strategy), ['phone_code', 'email_code']);
    assert.equal(si.supported_second_factors.find((f: any) => f.strategy === 'email_code').safe_identifier, 'a**@example.com');
    const path = `/v1/client/sign_ins/${si.id}`;
    assert.equal(errorCode(await b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: '123456' })), 'strategy_for_user_invalid');
    const prep = await b.post(`${path}/prepare_second_factor`, { strategy: 'email_code' });
    assert.equal(prep.json.response.second_factor_verification.status, 'unverified');
    assert.match(t.srv.lastMessage(ADA.email)!.subject, /verify this device/);
    const done = await b.post(`${path}/attempt_second_factor`, { strategy: 'email_code', code: lastCode(t, ADA.email) });
    assert.equal(done.json.response.status, 'complete');
    const claims = verifyJwt(done.json.client.sessions[0].last_active_token.jwt, (await b.get('/.well-known/jwks.json')).json);
    assert.deepEqual(claims.amr, ['pwd', 'email'], 'DEC-3: not multi-factor');
    assert.deepEqual(claims.fva, [0, -1]);
    // Same client later (even after signing out): known, complete at once.
    await b.request('DELETE', '/v1/client/sessions');
    const again = await b.signIn();
    assert.equal(again.json.response.status, 'complete');
    assert.equal(again.json.response.client_trust_state, 'known');
  });

  it('phone_code completes the trust step too', async () => {
    const b = t.browser();
    const si = (await b.signIn()).json.response;
    const path = `/v1/client/sign_ins/${si.id}`;
    await b.post(`${path}/prepare_second_factor`, { strategy: 'phone_code' });
    const done = await b.post(`${path}/attempt_second_factor`, { strategy: 'phone_code', code: lastCode(t, ADA.phone) });
    assert.equal(done.json.response.status, 'complete');
  });

  it('[FLOW-4] cleared cookies (a new client) → untrusted again; deleting the client forgets trust', async () => {
    const b = t.browser();
    assert.equal((await trustViaEmail(b)).json.response.status, 'complete');
    assert.equal((await t.browser().signIn()).json.response.status, 'needs_client_trust');
    await b.request('DELETE', '/v1/client');
    assert.equal((await b.signIn()).json.response.status, 'needs_client_trust');
  });

  it('[FLOW-4] a wrong password never reveals needs_client_trust', async () => {
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { identifier: ADA.email, password: 'wrong-password-123' });
    assert.equal(res.status, 422);
    assert.equal(errorCode(res), 'form_password_incorrect');
    assert.equal(signInOf(res).status, 'needs_first_factor');
    assert.equal(signInOf(res).supported_second_factors, null);
  });

  it('[FLOW-4] MFA users get needs_second_factor instead; trust never skips the password', async () => {
    const { secret } = await t.srv.enrollTotp(t.adaId);
    const b = t.browser();
    const res = await b.signIn();
    assert.equal(res.json.response.status, 'needs_second_factor');
    assert.deepEqual(res.json.response.supported_second_factors, [{ strategy: 'totp' }]);
    await b.post(`/v1/client/sign_ins/${res.json.response.id}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(secret) });
    // Known client: a wrong password is still wrong.
    assert.equal(errorCode(await b.post('/v1/client/sign_ins', { identifier: ADA.email, password: 'wrong-password-123' })), 'form_password_incorrect');
  });

  it('email_code as first factor needs no trust step', async () => {
    const b = t.browser();
    const res = await b.post('/v1/client/sign_ins', { strategy: 'email_code', identifier: ADA.email });
    const done = await b.post(`/v1/client/sign_ins/${res.json.response.id}/attempt_first_factor`, { strategy: 'email_code', code: lastCode(t, ADA.email) });
    assert.equal(done.json.response.status, 'complete');
  });

  it('wrong trust codes count like any code (attempts, lockout) and the sign-in stays usable', async () => {
    const b = t.browser();
    const si = (await b.signIn()).json.response;
    const path = `/v1/client/sign_ins/${si.id}`;
    await b.post(`${path}/prepare_second_factor`, { strategy: 'email_code' });
    const code = lastCode(t, ADA.email);
    const res = await b.post(`${path}/attempt_second_factor`, { strategy: 'email_code', code: code === '111111' ? '111112' : '111111' });
    assert.equal(errorCode(res), 'form_code_incorrect');
    assert.equal(signInOf(res).second_factor_verification.attempts, 1);
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.failedAttempts, 1);
    assert.equal((await b.post(`${path}/attempt_second_factor`, { strategy: 'email_code', code })).json.response.status, 'complete');
    assert.equal((await t.srv.app.store.getUser(t.adaId))!.failedAttempts, 0);
  });
});
