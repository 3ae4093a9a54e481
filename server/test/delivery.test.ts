import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { startServer } from '../src/index.js';
import { ADA, errorCode, signInOf, startSignIn, startTestServer, type TestServer } from './helpers.js';

interface Mail {
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 (no TLS, no auth). */
async function startSmtp(port = 0): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Loopback SMS webhook receiver; `status` decides the answer. */
async function startWebhook() {
  const received: { body: any; raw: string; headers: http.IncomingHttpHeaders; url: string }[] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      received.push({ body: JSON.parse(raw), raw, headers: req.headers, url: req.url ?? '' });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/sms`, received, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const codeIn = (text: string) => /(\d{6})/.exec(text)?.[1];

describe('delivery: SMTP (nodemailer) against a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestServer;
  before(async () => {
    smtp = await startSmtp();
    t = await startTestServer({ config: { delivery: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'auth@example.test', timeoutSeconds: 2 } } });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('the emailed code signs in; From/To/Subject set; the dev outbox records what SMTP accepted', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b);
    assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' })).status, 200);
    const mail = smtp.mails.at(-1)!;
    assert.deepEqual(mail.to, [ADA.email]);
    assert.match(mail.raw, /^From: auth@example\.test/m);
    assert.match(mail.raw, /^Subject: Your Signin Elements sign-in code/m);
    const code = codeIn(mail.raw.split(/\r?\n\r?\n/).slice(1).join('\n'))!;
    assert.equal(t.srv.lastMessage(ADA.email)!.code, code);
    const done = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code });
    assert.equal(done.json.response.status, 'complete');
  });

  it('[FT-10] SMTP down → 502 delivery_failed, sign-in usable, resend allowed at once after the fix', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b);
    t.clock.advance(60_000);
    await smtp.close();
    const failed = await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' });
    assert.equal(failed.status, 502);
    assert.equal(errorCode(failed), 'delivery_failed');
    assert.equal(failed.json.errors[0].message, "We couldn't send the code. Try again.");
    assert.equal(signInOf(failed).status, 'needs_first_factor', 'meta.client carries the sign-in');
    assert.equal(signInOf(failed).first_factor_verification, null, 'code not treated as sent');
    smtp = await startSmtp(smtp.port);
    const ok = await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' });
    assert.equal(ok.status, 200, 'no cooldown after a failed send');
    const code = codeIn(smtp.mails.at(-1)!.raw.split(/\r?\n\r?\n/).slice(1).join('\n'))!;
    assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code })).json.response.status, 'complete');
  });
});

describe('delivery: SMS webhook', () => {
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  let t: TestServer;
  const secret = 'whsec_' + randomBytes(16).toString('hex');
  before(async () => {
    hook = await startWebhook();
    t = await startTestServer({ config: { delivery: { smsWebhookUrl: hook.url, smsWebhookSecret: secret, timeoutSeconds: 2 } } });
  });
  after(async () => {
    await t.close();
    await hook.close();
  });

  it('POSTs {to, channel, body} signed with HMAC-SHA256; the code signs in', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b, ADA.phone);
    assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code' })).status, 200);
    const req = hook.received.at(-1)!;
    assert.deepEqual(Object.keys(req.body).sort(), ['body', 'channel', 'to']);
    assert.equal(req.body.to, ADA.phone);
    assert.equal(req.body.channel, 'sms');
    assert.equal(req.url, '/sms', 'nothing secret in the URL');
    assert.equal(req.headers['content-type'], 'application/json');
    const ts = req.headers['x-signin-timestamp'] as string;
    assert.equal(req.headers['x-signin-signature'], 'sha256=' + createHmac('sha256', secret).update(`${ts}.${req.raw}`).digest('hex'));
    const done = await b.post(`${path}/attempt_first_factor`, { strategy: 'phone_code', code: codeIn(req.body.body)! });
    assert.equal(done.json.response.status, 'complete');
  });

  it('[FT-10] webhook 500 → 502 delivery_failed; resend works once fixed', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b, ADA.phone);
    t.clock.advance(60_000);
    hook.state.status = 500;
    const failed = await b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code' });
    assert.equal(failed.status, 502);
    assert.equal(errorCode(failed), 'delivery_failed');
    hook.state.status = 200;
    assert.equal((await b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code' })).status, 200);
    assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'phone_code', code: codeIn(hook.received.at(-1)!.body.body)! })).json.response.status, 'complete');
  });
});

describe('/dev endpoints', () => {
  it('GET /dev/outbox in development: newest first, ?to= filter, CORS for allowed origins', async () => {
    const t = await startTestServer();
    try {
      const b = t.browser();
      const { path } = await startSignIn(b);
      await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' });
      t.clock.advance(31_000);
      await b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code' });
      const res = await b.get('/dev/outbox');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:8000');
      assert.deepEqual(res.json.map((m: any) => m.channel), ['sms', 'email']);
      const m = res.json[1];
      assert.deepEqual(Object.keys(m).sort(), ['channel', 'code', 'createdAt', 'id', 'subject', 'text', 'to']);
      assert.equal(m.to, ADA.email);
      assert.deepEqual((await b.get(`/dev/outbox?to=${encodeURIComponent(ADA.phone)}`)).json.length, 1);
      assert.equal((await b.get('/dev/demo-users')).status, 404, 'demo users need --dev');
    } finally {
      await t.close();
    }
  });

  it('GET /dev/demo-users lists the seeded users with --dev', async () => {
    const t = await startTestServer({ config: { devTools: true }, noUser: true });
    try {
      const { seedDemoUsers } = await import('../src/seed.js');
      await seedDemoUsers(t.srv.app);
      const res = await t.browser().get('/dev/demo-users');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.map((u: any) => u.identifier), ['ada@example.com', 'grace@example.com', 'alan@example.com']);
      assert.equal(res.json[0].password, 'analytical-engine-1843');
      const grace = res.json[1];
      assert.match(grace.note, /TOTP second factor — secret [A-Z2-7]{32}/);
      assert.match(grace.totp_uri, /^otpauth:\/\/totp\//);
      assert.equal(grace.backup_codes.length, 10);
      const b = t.browser();
      const pw = await b.signIn('grace@example.com', 'harvard-mark-one-1944');
      assert.equal(pw.json.response.status, 'needs_second_factor');
      const done = await b.post(`/v1/client/sign_ins/${pw.json.response.id}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(grace.totp_secret) });
      assert.equal(done.json.response.status, 'complete');
      const alan = await t.browser().signIn('alan', 'bletchley-park-1939');
      assert.equal(alan.json.response.supported_second_factors[0].strategy, 'phone_code');
    } finally {
      await t.close();
    }
  });

  it('production mode: /dev/* → 404, no outbox; email factors hidden without SMTP', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const srv = await startServer({
      config: {
        mode: 'production',
        publicUrl: 'https://auth.example.test',
        secretKey: 'sk_live_' + 'x'.repeat(32),
        signingKey: pem,
        encryptionKey: randomBytes(32).toString('base64'),
        password: { scryptLogN: 14 },
        clientTrust: false,
        allowedOrigins: ['http://localhost:8000'],
      },
    });
    try {
      for (const p of ['/dev/outbox', '/dev/demo-users']) {
        const res = await fetch(srv.url + p, { headers: { Origin: 'http://localhost:8000' } });
        assert.equal(res.status, 404, p);
      }
      assert.deepEqual(srv.outbox(), []);
      await srv.createUser({ emailAddresses: ['p@example.com'], password: 'production-unique-passphrase' });
      const res = await fetch(srv.url + '/v1/client/sign_ins', { method: 'POST', headers: { Origin: 'http://localhost:8000', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'identifier=p@example.com' });
      const si = ((await res.json()) as any).response;
      assert.deepEqual(si.supported_first_factors, [{ strategy: 'password' }]);
    } finally {
      await srv.close();
    }
  });
});
