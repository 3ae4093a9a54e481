import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADA, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer({ noUser: true });
});
after(() => t.close());

async function call(method: string, path: string, body?: unknown, opts: { key?: string | null; form?: boolean } = {}) {
  const headers: Record<string, string> = {};
  const key = opts.key === undefined ? t.srv.secretKey : opts.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  let payload: string | undefined;
  if (body !== undefined) {
    if (opts.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      payload = body as string;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  const res = await fetch(t.srv.url + path, { method, headers, body: payload });
  return { status: res.status, json: (await res.json()) as any };
}

describe('Backend API', () => {
  it('401 without or with a wrong secret key', async () => {
    assert.match(t.srv.secretKey, /^sk_test_/);
    for (const key of [null, 'sk_test_wrong', '']) {
      const res = await call('POST', '/backend/v1/users', { email_address: ['x@example.com'] }, { key });
      assert.equal(res.status, 401);
      assert.equal(res.json.errors[0].code, 'authentication_invalid');
    }
    assert.equal((await call('GET', '/backend/v1/users/user_x', undefined, { key: 'nope' })).status, 401);
  });

  it('creates a user (Clerk shape, JSON) and returns §6.6 user JSON; GET returns it', async () => {
    const res = await call('POST', '/backend/v1/users', { email_address: ['Ada@Example.com'], phone_number: ['+1 555 555 0100'], username: 'ada', password: ADA.password, first_name: 'Ada', last_name: 'Lovelace', skip_password_checks: false });
    assert.equal(res.status, 200);
    const u = res.json;
    assert.equal(u.object, 'user');
    assert.match(u.id, /^user_/);
    assert.equal(u.email_addresses[0].email_address, 'Ada@Example.com');
    assert.equal(u.phone_numbers[0].phone_number, '+15555550100');
    assert.equal(u.primary_email_address_id, u.email_addresses[0].id);
    assert.equal(u.password_enabled, true);
    for (const k of ['web3_wallets', 'external_accounts', 'enterprise_accounts', 'passkeys', 'organization_memberships']) assert.deepEqual(u[k], []);
    assert.equal(JSON.stringify(u).includes('scrypt'), false, 'no hash leaks');
    const got = await call('GET', `/backend/v1/users/${u.id}`);
    assert.equal(got.json.id, u.id);
    assert.equal((await call('GET', '/backend/v1/users/user_missing')).status, 404);
    assert.equal((await call('GET', '/backend/v1/users/..%2f..')).status, 404);
  });

  it('accepts form bodies with repeated keys', async () => {
    const res = await call('POST', '/backend/v1/users', 'email_address=f1@example.com&email_address=f2@example.com&password=form-unique-passphrase', { form: true });
    assert.equal(res.status, 200);
    assert.equal(res.json.email_addresses.length, 2);
  });

  it('validation: duplicates, bad formats, wrong types, no identifier → 422', async () => {
    const cases: [unknown, string, string][] = [
      [{ email_address: ['ada@example.com'] }, 'form_identifier_exists', 'email_address'],
      [{ email_address: ['ADA@EXAMPLE.COM'] }, 'form_identifier_exists', 'email_address'],
      [{ username: 'ADA' }, 'form_identifier_exists', 'username'],
      [{ email_address: ['not-an-email'] }, 'form_param_format_invalid', 'email_address'],
      [{ phone_number: ['12'] }, 'form_param_format_invalid', 'phone_number'],
      [{ email_address: 'x@example.com', username: 'a b' }, 'form_param_format_invalid', 'username'],
      [{ email_address: [42] }, 'form_param_format_invalid', 'email_address'],
      [{ email_address: ['y@example.com'], password: 12345678 }, 'form_param_format_invalid', 'password'],
      [{ email_address: ['y@example.com'], first_name: 'x'.repeat(300) }, 'form_param_format_invalid', 'first_name'],
      [{ first_name: 'Nobody' }, 'form_param_nil', 'email_address'],
      [{ email_address: ['z@example.com'], password: 'short' }, 'form_password_length_too_short', 'password'],
    ];
    for (const [body, code, param] of cases) {
      const res = await call('POST', '/backend/v1/users', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.json.errors[0].code, code, JSON.stringify(body));
      assert.equal(res.json.errors[0].meta.param_name, param);
    }
    assert.equal((await call('POST', '/backend/v1/users', '{bad')).status, 400, 'a JSON string, not an object');
  });

  it('[SES-5] deleting a user ends their sessions: next token refresh → 401', async () => {
    const created = await call('POST', '/backend/v1/users', { email_address: ['del@example.com'], password: 'delete-me-passphrase' });
    const b = t.browser();
    const done = await b.post('/v1/client/sign_ins', { identifier: 'del@example.com', password: 'delete-me-passphrase' });
    const sid = done.json.response.created_session_id;
    assert.equal((await b.post(`/v1/client/sessions/${sid}/tokens`)).status, 200);
    const del = await call('DELETE', `/backend/v1/users/${created.json.id}`);
    assert.deepEqual(del.json, { object: 'user', id: created.json.id, deleted: true });
    assert.equal((await b.post(`/v1/client/sessions/${sid}/tokens`)).status, 401);
    assert.equal((await call('DELETE', `/backend/v1/users/${created.json.id}`)).status, 404);
    assert.equal((await call('GET', `/backend/v1/users/${created.json.id}`)).status, 404);
    const again = await t.browser().post('/v1/client/sign_ins', { identifier: 'del@example.com' });
    assert.equal(again.json.errors[0].code, 'form_identifier_not_found');
  });

  it('RunningServer.reset wipes users and clients', async () => {
    const s = await startTestServer();
    try {
      const b = s.browser();
      await b.signIn();
      await s.srv.reset();
      assert.deepEqual((await b.get('/v1/client')).json, { response: null, client: null });
      assert.equal((await b.post('/v1/client/sign_ins', { identifier: ADA.email })).status, 422);
    } finally {
      await s.close();
    }
  });
});
