import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totp } from '../src/index.js';
import { ADA, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

async function call(method: string, path: string, body?: unknown, key: string | null = t.srv.secretKey) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  const res = await fetch(t.srv.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

describe('Backend API: second factors and identifiers', () => {
  it('POST /users/{id}/totp enrolls at once → {secret, uri}; user JSON reflects it; DELETE removes it', async () => {
    assert.equal((await call('POST', `/backend/v1/users/${t.adaId}/totp`, undefined, null)).status, 401);
    const res = await call('POST', `/backend/v1/users/${t.adaId}/totp`);
    assert.equal(res.status, 200);
    assert.match(res.json.secret, /^[A-Z2-7]{32}$/);
    assert.equal(res.json.uri, `otpauth://totp/Signin%20Elements:ada%40example.com?secret=${res.json.secret}&issuer=Signin%20Elements`);
    const user = (await call('GET', `/backend/v1/users/${t.adaId}`)).json;
    assert.equal(user.totp_enabled, true);
    assert.equal(user.two_factor_enabled, true);
    const b = t.browser();
    const si = (await b.signIn()).json.response;
    assert.equal(si.status, 'needs_second_factor');
    const done = await b.post(`/v1/client/sign_ins/${si.id}/attempt_second_factor`, { strategy: 'totp', code: totp(res.json.secret, t.clock.now()) });
    assert.equal(done.json.response.status, 'complete');
    const removed = await call('DELETE', `/backend/v1/users/${t.adaId}/totp`);
    assert.equal(removed.json.totp_enabled, false);
    assert.equal(removed.json.two_factor_enabled, false);
    assert.equal((await call('POST', '/backend/v1/users/user_missing/totp')).status, 404);
  });

  it('POST /users/{id}/backup_codes → {codes}; backup_code_enabled', async () => {
    const res = await call('POST', `/backend/v1/users/${t.adaId}/backup_codes`);
    assert.equal(res.status, 200);
    assert.equal(res.json.codes.length, 10);
    const user = (await call('GET', `/backend/v1/users/${t.adaId}`)).json;
    assert.equal(user.backup_code_enabled, true);
    assert.equal(user.two_factor_enabled, true);
  });

  it('POST /phone_numbers (Clerk shape) and /users/{id}/phone_numbers; reserved_for_second_factor; duplicates → 422', async () => {
    const u = await t.srv.createUser({ emailAddresses: ['phones@example.com'], password: 'lengthy-unique-passphrase-7' });
    const a = await call('POST', '/backend/v1/phone_numbers', { user_id: u.id, phone_number: '+1 555 555 0160', reserved_for_second_factor: true });
    assert.equal(a.status, 200);
    assert.equal(a.json.object, 'phone_number');
    assert.equal(a.json.phone_number, '+15555550160');
    assert.equal(a.json.reserved_for_second_factor, true);
    assert.equal(a.json.verification.status, 'verified');
    const b = await call('POST', `/backend/v1/users/${u.id}/phone_numbers`, { phone_number: '+15555550161', verified: false, primary: true });
    assert.equal(b.json.verification, null);
    const user = (await call('GET', `/backend/v1/users/${u.id}`)).json;
    assert.equal(user.primary_phone_number_id, b.json.id);
    const mfaPhone = user.phone_numbers.find((p: any) => p.id === a.json.id);
    assert.equal(mfaPhone.reserved_for_second_factor, true);
    assert.equal(mfaPhone.default_second_factor, true);
    assert.equal(user.two_factor_enabled, true);
    assert.equal((await call('POST', '/backend/v1/phone_numbers', { user_id: u.id, phone_number: '+15555550161' })).json.errors[0].code, 'form_identifier_exists');
    assert.equal((await call('POST', '/backend/v1/phone_numbers', { user_id: u.id, phone_number: 'nope' })).json.errors[0].code, 'form_param_format_invalid');
    assert.equal((await call('POST', '/backend/v1/phone_numbers', { user_id: 'user_missing', phone_number: '+15555550162' })).status, 404);
    assert.equal((await call('POST', '/backend/v1/phone_numbers', { phone_number: '+15555550162' })).json.errors[0].code, 'form_param_nil');
  });

  it('POST /email_addresses adds a sign-in address', async () => {
    const res = await call('POST', '/backend/v1/email_addresses', { user_id: t.adaId, email_address: 'ada.l@example.com' });
    assert.equal(res.status, 200);
    assert.equal(res.json.object, 'email_address');
    const si = (await t.browser().post('/v1/client/sign_ins', { identifier: 'ADA.L@example.com' })).json.response;
    assert.equal(si.status, 'needs_first_factor');
    assert.equal(si.supported_first_factors.filter((f: any) => f.strategy === 'email_code').length, 2);
    assert.ok(ADA);
  });
});
