import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADA, errorCode, startTestServer, verifyJwt, type TestServer } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const sid = (res: { json: any }) => res.json.response.created_session_id as string;

describe('sessions and tokens', () => {
  it('[SES-3] client cookie: HttpOnly, SameSite=Lax, Path=/, no Domain, opaque; __client on http', async () => {
    const b = t.browser();
    await b.post('/v1/client/sign_ins');
    const [cookie] = b.lastSetCookies;
    assert.match(cookie!, /^__client=[A-Za-z0-9_-]{43}; /);
    assert.match(cookie!, /; HttpOnly/);
    assert.match(cookie!, /; SameSite=Lax/);
    assert.match(cookie!, /; Path=\//);
    assert.doesNotMatch(cookie!, /Domain=/i);
    assert.doesNotMatch(cookie!, /Secure/);
  });

  it('[SES-3] https PUBLIC_URL → __Host-client with Secure', async () => {
    const s = await startTestServer({ config: { publicUrl: 'https://auth.example.test', allowedOrigins: ['http://localhost:8000'] }, noUser: true });
    try {
      const res = await fetch(`${s.srv.url}/v1/client/sign_ins`, { method: 'POST', headers: { Origin: 'http://localhost:8000' } });
      const [cookie] = res.headers.getSetCookie();
      assert.match(cookie!, /^__Host-client=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await s.close();
    }
  });

  it('[SES-1] the client credential rotates when a session is created; a forged cookie is ignored and replaced', async () => {
    const b = t.browser();
    await b.post('/v1/client/sign_ins', { identifier: ADA.email });
    const before = b.jar.get('__client');
    const clientId = (await b.get('/v1/client')).json.response.id;
    const done = await b.signIn();
    assert.equal(done.json.client.id, clientId, 'same client');
    const after = b.jar.get('__client');
    assert.ok(after && after !== before);
    // The old value no longer identifies the client.
    const old = t.browser();
    old.jar.set('__client', before!);
    assert.deepEqual((await old.get('/v1/client')).json, { response: null, client: null });
    const forged = t.browser();
    forged.jar.set('__client', 'forged-value-forged-value-forged-value-xyz');
    assert.equal((await forged.get('/v1/client')).json.response, null);
    const res = await forged.post('/v1/client/sign_ins');
    assert.notEqual(forged.jar.get('__client'), 'forged-value-forged-value-forged-value-xyz');
    assert.notEqual(res.json.client.id, clientId);
  });

  it('tokens endpoint: un-enveloped RS256 JWT verifiable with the JWKS; 60 s TTL', async () => {
    const b = t.browser();
    const id = sid(await b.signIn());
    const res = await b.post(`/v1/client/sessions/${id}/tokens`, { organization_id: '', tab_state: 'focused' });
    assert.equal(res.status, 200);
    assert.equal(res.json.object, 'token');
    assert.equal(res.json.response, undefined);
    const jwks = (await b.get('/.well-known/jwks.json')).json;
    assert.equal(jwks.keys[0].kty, 'RSA');
    assert.equal(jwks.keys[0].alg, 'RS256');
    const header = JSON.parse(Buffer.from(res.json.jwt.split('.')[0], 'base64url').toString());
    assert.equal(header.kid, jwks.keys[0].kid);
    const claims = verifyJwt(res.json.jwt, jwks);
    assert.equal(claims.exp - claims.iat, 60);
    assert.equal(claims.sid, id);
    assert.equal((await b.post(`/v1/client/sessions/${id}/tokens/some_template`)).status, 200);
  });

  it('touch selects the session and answers {response: session, client}; GET session', async () => {
    const b = t.browser();
    const id = sid(await b.signIn());
    const res = await b.post(`/v1/client/sessions/${id}/touch`, { active_organization_id: '', intent: 'select_session' });
    assert.equal(res.json.response.id, id);
    assert.equal(res.json.client.last_active_session_id, id);
    const got = await b.get(`/v1/client/sessions/${id}`);
    assert.equal(got.json.response.object, 'session');
    assert.equal(got.json.client.id, res.json.client.id);
    assert.equal((await b.get('/v1/client/sessions/sess_unknown')).status, 404);
  });

  it('[SES-5] sign out (DELETE /v1/client/sessions, tunnelled) → token 401 authentication_invalid; cookie kept', async () => {
    const b = t.browser();
    const id = sid(await b.signIn());
    const out = await b.post('/v1/client/sessions?_method=DELETE');
    assert.equal(out.status, 200);
    assert.equal(out.json.client, null);
    assert.equal(out.json.response.object, 'client');
    assert.deepEqual(out.json.response.sessions, []);
    assert.equal(out.json.response.last_active_session_id, null);
    assert.ok(b.jar.get('__client'));
    const tok = await b.post(`/v1/client/sessions/${id}/tokens`);
    assert.equal(tok.status, 401);
    assert.equal(errorCode(tok), 'authentication_invalid');
    assert.equal((await b.post('/v1/client/sessions/sess_nope/tokens')).status, 404);
  });

  it('[SES-5] another client cannot mint tokens for a session (401)', async () => {
    const id = sid(await t.browser().signIn());
    const other = t.browser();
    await other.post('/v1/client/sign_ins');
    assert.equal((await other.post(`/v1/client/sessions/${id}/tokens`)).status, 401);
  });

  it('end and remove (multi-session) keep the other session active', async () => {
    const b = t.browser();
    await t.srv.createUser({ emailAddresses: ['grace@example.com'], password: 'harvard-mark-one-1944' });
    const a = sid(await b.signIn());
    const g = sid(await b.signIn('grace@example.com', 'harvard-mark-one-1944'));
    const ended = await b.post(`/v1/client/sessions/${g}/end`);
    assert.equal(ended.json.response.status, 'ended');
    assert.deepEqual(ended.json.client.sessions.map((s: any) => s.id), [a]);
    assert.equal(ended.json.client.last_active_session_id, a);
    const removed = await b.post(`/v1/client/sessions/${a}/remove`);
    assert.equal(removed.json.response.status, 'removed');
    assert.equal(removed.json.client.last_active_session_id, null);
    assert.equal((await b.post(`/v1/client/sessions/${a}/tokens`)).status, 401);
  });

  it('DELETE /v1/client ends sessions, forgets the client and clears the cookie', async () => {
    const b = t.browser();
    const id = sid(await b.signIn());
    const old = b.jar.get('__client')!;
    const res = await b.post('/v1/client?_method=DELETE');
    assert.equal(res.status, 200);
    assert.equal(res.json.client, null);
    assert.deepEqual(res.json.response.sessions, []);
    assert.match(b.lastSetCookies[0]!, /^__client=; .*Max-Age=0/);
    const replay = t.browser();
    replay.jar.set('__client', old);
    assert.deepEqual((await replay.get('/v1/client')).json, { response: null, client: null });
    assert.equal((await replay.post(`/v1/client/sessions/${id}/tokens`)).status, 401);
    assert.equal((await b.request('DELETE', '/v1/client')).json.response, null, 'real DELETE, no client');
  });

  it('[SES-4] absolute and idle limits are enforced on refresh (fake clock)', async () => {
    const s = await startTestServer({ config: { session: { maxLifetimeSeconds: 3600, idleTimeoutSeconds: 600 } } });
    try {
      const b = s.browser();
      const id = sid(await b.signIn());
      s.clock.advance(599_000);
      assert.equal((await b.post(`/v1/client/sessions/${id}/tokens`)).status, 200);
      s.clock.advance(601_000);
      const idle = await b.post(`/v1/client/sessions/${id}/tokens`);
      assert.equal(idle.status, 401);
      const id2 = sid(await b.signIn());
      // Active every 500 s (never idle), yet the absolute limit of 3600 s ends it.
      for (let elapsed = 500; elapsed <= 4000; elapsed += 500) {
        s.clock.advance(500_000);
        const r = await b.post(`/v1/client/sessions/${id2}/tokens`);
        assert.equal(r.status, elapsed < 3600 ? 200 : 401, `after ${elapsed}s`);
      }
      assert.deepEqual((await b.get('/v1/client')).json.response.sessions, []);
    } finally {
      await s.close();
    }
  });

  it('[SES-2] ids carry 128 random bits and do not repeat', async () => {
    const { newId, newToken, random } = await import('../src/ids.js');
    const sizes: number[] = [];
    const orig = random.bytes;
    random.bytes = (n: number) => (sizes.push(n), orig(n));
    try {
      newId('sess');
      newToken();
    } finally {
      random.bytes = orig;
    }
    assert.ok(sizes.every((n) => n >= 16));
    const seen = new Set(Array.from({ length: 20000 }, () => newId('client')));
    assert.equal(seen.size, 20000);
  });
});
