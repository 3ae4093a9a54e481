import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { startServer } from '../src/index.js';
import { ADA, errorCode, PAGE_ORIGIN, startTestServer, type Browser, type TestServer, resetToAda } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());
afterEach(() => resetToAda(t));

/** `path` with the dev-browser token appended, as the reference client does (§3.3). */
const withDb = (path: string, token: string) => `${path}${path.includes('?') ? '&' : '?'}__clerk_db_jwt=${encodeURIComponent(token)}`;

async function bootstrap(b: Browser): Promise<string> {
  const res = await b.post('/v1/dev_browser');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Object.keys(res.json).sort(), ['id', 'object', 'token']);
  assert.equal(res.json.object, 'dev_browser');
  assert.equal(res.json.id, res.json.token);
  assert.match(res.json.id, /^dvb_[A-Za-z0-9_-]{40,}$/);
  assert.deepEqual(b.lastSetCookies, [], 'no cookie: the token is the identity');
  return res.json.id;
}

describe('dev-browser mode (§4.2, §4.4), development only', () => {
  it('POST /v1/dev_browser → {object, id, token}; the token identifies a client by itself, with no cookie', async () => {
    const b = t.browser();
    const token = await bootstrap(b);
    assert.notEqual(await bootstrap(b), token, 'each bootstrap is a new dev browser');
    const client = await b.get(withDb('/v1/client', token));
    assert.equal(client.status, 200);
    assert.match(client.json.response.id, /^client_/);
    assert.deepEqual(client.json.response.sessions, []);
    // The identity travels in the query only: a cookie of another client is ignored.
    const other = t.browser();
    await other.signIn();
    b.jar.clear();
    for (const [k, v] of other.jar) b.jar.set(k, v);
    assert.deepEqual((await b.get(withDb('/v1/client', token))).json.response.sessions, []);
    assert.equal((await b.get('/v1/client')).json.response.sessions.length, 1, 'without the token, the cookie counts');
  });

  it('sign-in by token: completion rotates the credential through Clerk-Db-Jwt (SES-1); the old token → 401', async () => {
    const b = t.browser();
    const token = await bootstrap(b);
    const created = await b.post(withDb('/v1/client/sign_ins', token), { identifier: ADA.email, password: ADA.password });
    assert.equal(created.json.response.status, 'complete', created.text);
    assert.deepEqual(b.lastSetCookies, []);
    const next = created.headers.get('clerk-db-jwt');
    assert.ok(next && next !== token, 'a replacement token');
    assert.match(created.headers.get('access-control-expose-headers')!, /Clerk-Db-Jwt/);
    const stale = await b.get(withDb('/v1/client', token));
    assert.equal(stale.status, 401);
    assert.equal(errorCode(stale), 'dev_browser_unauthenticated');
    const client = (await b.get(withDb('/v1/client', next))).json.response;
    assert.equal(client.sessions.length, 1);
    const sid = client.last_active_session_id;
    const jwt = await b.post(withDb(`/v1/client/sessions/${sid}/tokens`, next));
    assert.equal(jwt.status, 200);
    assert.equal(typeof jwt.json.jwt, 'string');
  });

  it('unknown or malformed tokens → 401 dev_browser_unauthenticated JSON, on reads and mutations; nothing created', async () => {
    const b = t.browser();
    for (const token of ['dvb_unknown_but_well_formed_value_xxxxxxxxxxxxxxxxxxxx', 'x', '', '%%%', 'a'.repeat(500)]) {
      for (const res of [await b.get(withDb('/v1/client', token)), await b.post(withDb('/v1/client/sign_ins', token), { identifier: ADA.email }), await b.post(withDb('/v1/client/sessions/sess_x/touch', token))]) {
        assert.equal(res.status, 401, `${JSON.stringify(token)}: ${res.text}`);
        assert.equal(errorCode(res), 'dev_browser_unauthenticated');
        assert.match(res.headers.get('content-type')!, /application\/json/);
      }
    }
    assert.equal(b.jar.size, 0, 'no client was created');
  });

  it('the environment answers PATCH (tunnelled) like GET, with a dev-browser token', async () => {
    const b = t.browser();
    const token = await bootstrap(b);
    const get = await b.get(withDb('/v1/environment', token));
    const patch = await b.post(withDb('/v1/environment?_method=PATCH', token));
    assert.equal(patch.status, 200);
    assert.deepEqual(patch.json, get.json);
  });

  it('DELETE /v1/client forgets the dev browser: its token → 401, a new bootstrap works', async () => {
    const b = t.browser();
    const token = await bootstrap(b);
    assert.equal((await b.post(withDb('/v1/client?_method=DELETE', token))).status, 200);
    assert.equal(errorCode(await b.get(withDb('/v1/client', token))), 'dev_browser_unauthenticated');
    assert.equal((await b.get(withDb('/v1/client', await bootstrap(b)))).status, 200);
  });

  it('production: POST /v1/dev_browser → 404 and __clerk_db_jwt is ignored (cookie mode)', async () => {
    const srv = await startServer({
      config: {
        mode: 'production',
        publicUrl: 'https://auth.example.test',
        secretKey: 'sk_live_' + 'x'.repeat(32),
        signingKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        encryptionKey: randomBytes(32).toString('base64'),
        password: { scryptLogN: 14 },
        clientTrust: false,
        allowedOrigins: [PAGE_ORIGIN],
      },
    });
    try {
      const post = (path: string) => fetch(srv.url + path, { method: 'POST', headers: { Origin: PAGE_ORIGIN } });
      const res = await post('/v1/dev_browser');
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as any).errors[0].code, 'resource_not_found');
      const client = await fetch(srv.url + withDb('/v1/client', 'dvb_unknown_but_well_formed_value_xxxxxxxxxxxxxxxxxxxx'), { headers: { Origin: PAGE_ORIGIN } });
      assert.equal(client.status, 200);
      assert.deepEqual(await client.json(), { response: null, client: null });
    } finally {
      await srv.close();
    }
  });
});
