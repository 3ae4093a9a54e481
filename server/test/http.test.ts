import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { ADA, errorCode, PAGE_ORIGIN, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;

const openSockets = new Set<net.Socket>();

/** Sends `raw` bytes over a fresh TCP connection; resolves with everything answered once the connection closes. */
function rawRequest(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    openSockets.add(socket);
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('close', () => (openSockets.delete(socket), resolve(data)));
    socket.on('error', reject);
    socket.write(raw);
  });
}

before(async () => {
  t = await startTestServer();
});
after(() => t.close());

describe('transport', () => {
  it('CORS (§3.8): exact origin, credentials, Vary, exposed headers; OPTIONS → 204', async () => {
    const res = await t.browser().get('/v1/environment');
    assert.equal(res.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.match(res.headers.get('vary')!, /Origin/);
    assert.equal(res.headers.get('access-control-expose-headers'), 'Retry-After, Clerk-Db-Jwt, X-Country');
    const pre = await t.browser().request('OPTIONS', '/v1/client/sign_ins');
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
    const own = await t.browser(t.srv.publicUrl).post('/v1/client/sign_ins');
    assert.equal(own.status, 200, 'own PUBLIC_URL origin is always allowed');
  });

  it('[SES-6] foreign Origin → 403 origin_invalid (form, JSON, text/plain), no CORS grant', async () => {
    const evil = t.browser('https://evil.example');
    for (const type of ['application/x-www-form-urlencoded', 'application/json', 'text/plain']) {
      const body = type === 'application/json' ? JSON.stringify({ identifier: ADA.email }) : `identifier=${ADA.email}`;
      const res = await evil.post('/v1/client/sign_ins', body, { 'Content-Type': type });
      assert.equal(res.status, 403, type);
      assert.equal(errorCode(res), 'origin_invalid');
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    }
    assert.equal((await evil.request('OPTIONS', '/v1/client')).status, 403);
    assert.equal((await evil.get('/v1/client')).status, 403);
    assert.equal((await t.browser('null').post('/v1/client/sign_ins')).status, 403);
  });

  it('[SES-6] no Origin on a state-changing request → 403 unless Sec-Fetch-Site: same-origin; GET allowed', async () => {
    const none = t.browser(null);
    assert.equal(errorCode(await none.post('/v1/client/sign_ins')), 'origin_invalid');
    assert.equal((await none.post('/v1/client/sign_ins', '', { 'Sec-Fetch-Site': 'same-origin' })).status, 200);
    assert.equal((await none.post('/v1/client/sign_ins', '', { 'Sec-Fetch-Site': 'cross-site' })).status, 403);
    assert.equal((await none.get('/v1/environment')).status, 200);
  });

  it('environment (§7): minimal shape, un-enveloped', async () => {
    const env = (await t.browser().get('/v1/environment?__clerk_api_version=2026-08-20')).json;
    assert.equal(env.response, undefined);
    assert.equal(env.display_config.instance_environment_type, 'development');
    assert.equal(env.auth_config.session_minter, false);
    for (const a of ['email_address', 'phone_number', 'username', 'password']) assert.equal(env.user_settings.attributes[a].enabled, true, a);
    assert.deepEqual(env.user_settings.attributes.email_address.first_factors, ['password', 'email_code', 'reset_password_email_code']);
    assert.deepEqual(env.user_settings.attributes.phone_number.second_factors, ['phone_code']);
    assert.deepEqual(env.user_settings.attributes.authenticator_app.second_factors, ['totp']);
    assert.equal(env.user_settings.password_settings.min_length, 8);
    assert.deepEqual(env.user_settings.sign_in.second_factor, { required: false, enabled: true });
    assert.equal(env.user_settings.sign_up.captcha_enabled, false);
    assert.equal(env.organization_settings.enabled, false);
    assert.equal(env.partitioned_cookies, false);
  });

  it('malformed, oversized and odd requests → 4xx JSON, never 5xx', async () => {
    const b = t.browser();
    const bad = await b.post('/v1/client/sign_ins', '{not json', { 'Content-Type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.equal(errorCode(bad), 'request_body_invalid');
    assert.equal((await b.post('/v1/client/sign_ins', '[1,2]', { 'Content-Type': 'application/json' })).status, 400);
    const multipart = await b.post('/v1/client/sign_ins', 'x', { 'Content-Type': 'multipart/form-data; boundary=x' });
    assert.equal(multipart.status, 415);
    const big = await b.post('/v1/client/sign_ins', `identifier=${'a'.repeat(70 * 1024)}`);
    assert.equal(big.status, 413);
    assert.equal(errorCode(big), 'request_body_too_large');
    const route = await b.get('/v1/nope');
    assert.equal(route.status, 404);
    assert.equal(errorCode(route), 'resource_not_found');
    assert.equal((await b.post('/v1/client/sign_ins?_method=BREW')).status, 404);
    const odd = await b.post('/v1/client/sign_ins', 'a=%ZZ&&=&identifier=%E0%A4%A');
    assert.ok(odd.status < 500 && odd.json, String(odd.status));
    for (const res of [bad, big, route, odd]) assert.match(res.headers.get('content-type')!, /application\/json/);
  });

  it('unparseable request targets (//[, http://%zz) → 400 JSON request_target_invalid; the server keeps answering', async () => {
    const failures: unknown[] = [];
    // A request that killed its handler would otherwise leave its connection open forever.
    const record = (err: unknown) => (failures.push(err), openSockets.forEach((s) => s.destroy()));
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
    try {
      for (const target of ['//[', 'http://%zz', 'http://[::1', '//%']) {
        for (const method of ['GET', 'POST']) {
          const answer = await rawRequest(t.srv.port, `${method} ${target} HTTP/1.1\r\nHost: localhost\r\nOrigin: ${PAGE_ORIGIN}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
          const [head = '', body = ''] = answer.split('\r\n\r\n');
          assert.match(head, /^HTTP\/1\.1 400 /, `${method} ${target}: ${head}`);
          assert.match(head, /content-type: application\/json/i);
          assert.equal(JSON.parse(body).errors[0].code, 'request_target_invalid', `${method} ${target}`);
        }
      }
      const alive = await rawRequest(t.srv.port, 'GET /v1/environment HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      assert.match(alive, /^HTTP\/1\.1 200 /);
      assert.equal((await t.browser().get('/v1/environment')).status, 200);
    } finally {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
    }
    assert.deepEqual(failures, []);
  });

  it('form keys named like Object.prototype members do not change how fields are read', async () => {
    const res = await t.browser().post('/v1/client/sign_ins', `__proto__=a&__proto__=b&constructor=c&identifier=${encodeURIComponent(ADA.email)}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.response.status, 'needs_first_factor');
  });

  it('unknown fields and query parameters are ignored; repeated keys accepted', async () => {
    const res = await t.browser().post('/v1/client/sign_ins?__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0&x=1&x=2', { identifier: ADA.email, locale: 'en-US', timezone: 'Europe/Athens', proof_token: 'p', unknown: ['a', 'b'] });
    assert.equal(res.json.response.status, 'needs_first_factor');
  });
});

describe('dev static files', () => {
  let s: TestServer;
  let demo: string;
  before(async () => {
    demo = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-'));
    fs.writeFileSync(path.join(demo, 'index.html'), '<!doctype html><title>demo</title>');
    fs.writeFileSync(path.join(demo, 'app.css'), 'body{}');
    fs.mkdirSync(path.join(demo, 'bundle'));
    fs.writeFileSync(path.join(demo, 'bundle', 'index.js'), 'export {}');
    fs.writeFileSync(path.join(os.tmpdir(), 'secret-outside.txt'), 'secret');
    s = await startTestServer({ config: { devTools: true, demoDir: demo, bundleDir: path.join(demo, 'bundle') }, noUser: true });
  });
  after(() => s.close());

  it('[UI-2][UI-3][UI-6] serves / and /dist/ with content types, and HTML under a strict CSP with Trusted Types', async () => {
    const b = s.browser(null);
    const index = await b.get('/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type')!, /text\/html/);
    const csp = index.headers.get('content-security-policy') ?? '';
    for (const directive of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "require-trusted-types-for 'script'", 'trusted-types lit-html']) {
      assert.ok(csp.split('; ').includes(directive), `CSP lacks ${directive}: ${csp}`);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match((await b.get('/app.css')).headers.get('content-type')!, /text\/css/);
    const js = await b.get('/dist/index.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type')!, /javascript/);
  });

  it('no directory traversal', async () => {
    const b = s.browser(null);
    for (const p of ['/../secret-outside.txt', '/%2e%2e/secret-outside.txt', '/dist/..%2f..%2fsecret-outside.txt', '/%2e%2e%5csecret-outside.txt', '/x%00.html']) {
      const res = await b.get(p);
      assert.equal(res.status, 404, p);
      assert.doesNotMatch(res.text, /secret/);
    }
  });

  it('static serving is off unless devTools', async () => {
    assert.equal((await t.browser(null).get('/')).status, 404);
  });
});
