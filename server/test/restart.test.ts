import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeClock, startServer, type RunningServer } from '../src/index.js';
import { ADA, Browser, NEW_PASSWORD, PAGE_ORIGIN, errorCode, signInOf, startSignIn, startTestServer, type Res, type TestServer } from './helpers.js';

/**
 * FT-7: the server restarts mid-flow on a file-backed SQLite database. Everything a flow needs
 * (client, sign-in, verification with its code hash, trust rows, keys in the data dir) is
 * persisted, so the flow continues with the same client cookie and completes exactly once.
 */
describe('FT-7: restart mid-flow (file-backed SQLite)', () => {
  let dir: string;
  let srv: RunningServer;
  const clock = new FakeClock();
  const start = () =>
    startServer({
      clock,
      config: {
        databaseUrl: `sqlite:${path.join(dir, 'signin.db')}`,
        allowedOrigins: [PAGE_ORIGIN],
        clientTrust: true,
        password: { scryptLogN: 4 },
        rateLimit: { createMax: 1000, attemptMax: 1000 },
      },
    });
  /** Closes the server, starts a new one on the same database and moves the browser's cookie jar over. */
  const restart = async (b: Browser): Promise<Browser> => {
    await srv.close();
    srv = await start();
    const moved = new Browser(srv.publicUrl, PAGE_ORIGIN);
    for (const [k, v] of b.jar) moved.jar.set(k, v);
    return moved;
  };
  const code = (to: string) => srv.lastMessage(to)!.code!;
  const noServerError = (...all: Res[]) => all.forEach((r) => assert.ok(r.status < 500, `${r.status} ${r.text.slice(0, 200)}`));
  let adaId: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'signin-ft7-'));
    srv = await start();
    adaId = (await srv.createUser({ emailAddresses: [ADA.email], password: ADA.password })).id;
  });
  after(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Completes with `attempt`, then replays it: one session, the replay refused without a 5xx. */
  async function completeOnce(b: Browser, attempt: () => Promise<Res>): Promise<void> {
    const before = (await srv.app.store.listSessions((await b.get('/v1/client')).json.response.id)).length;
    const done = await attempt();
    noServerError(done);
    assert.equal(done.status, 200, done.text.slice(0, 200));
    assert.equal(done.json.response.status, 'complete');
    const again = await attempt();
    noServerError(again);
    assert.equal(again.status, 400, 'completed only once');
    assert.equal(errorCode(again), 'client_state_invalid');
    const sessions = await srv.app.store.listSessions(done.json.client.id);
    assert.equal(sessions.length, before + 1);
    assert.equal(sessions.filter((s) => s.id === done.json.response.created_session_id).length, 1);
  }

  it('[FT-7] after prepare (email code): the same cookie and code complete after the restart', async () => {
    let b = new Browser(srv.publicUrl, PAGE_ORIGIN);
    const { si, path: p } = await startSignIn(b);
    const emailId = si.supported_first_factors.find((f: any) => f.strategy === 'email_code').email_address_id;
    noServerError(await b.post(`${p}/prepare_first_factor`, { strategy: 'email_code', email_address_id: emailId }));
    const sent = code(ADA.email);
    b = await restart(b);
    const resumed = await b.get(p);
    noServerError(resumed);
    assert.equal(resumed.json.response.first_factor_verification.status, 'unverified');
    await completeOnce(b, () => b.post(`${p}/attempt_first_factor`, { strategy: 'email_code', code: sent }));
  });

  it('[FT-7][FLOW-4] during client trust: before and after the trust code is sent', async () => {
    for (const restartAfterPrepare of [false, true]) {
      let b = new Browser(srv.publicUrl, PAGE_ORIGIN);
      const { path: p } = await startSignIn(b);
      const pw = await b.post(`${p}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
      assert.equal(pw.json.response.status, 'needs_client_trust');
      if (!restartAfterPrepare) b = await restart(b);
      clock.advance(31_000); // the resend cooldown is per process; a restart forgets it (README)
      noServerError(await b.post(`${p}/prepare_second_factor`, { strategy: 'email_code' }));
      const sent = code(ADA.email);
      if (restartAfterPrepare) b = await restart(b);
      assert.equal((await b.get(p)).json.response.status, 'needs_client_trust');
      await completeOnce(b, () => b.post(`${p}/attempt_second_factor`, { strategy: 'email_code', code: sent }));
    }
  });

  it('[FT-7][PW-12] after the reset code was verified (needs_new_password): reset completes once, the new password works', async () => {
    let b = new Browser(srv.publicUrl, PAGE_ORIGIN);
    clock.advance(31_000);
    const created = await b.post('/v1/client/sign_ins', { identifier: ADA.email, strategy: 'reset_password_email_code' });
    const p = `/v1/client/sign_ins/${created.json.response.id}`;
    const verified = await b.post(`${p}/attempt_first_factor`, { strategy: 'reset_password_email_code', code: code(ADA.email) });
    assert.equal(verified.json.response.status, 'needs_new_password');
    b = await restart(b);
    await completeOnce(b, () => b.post(`${p}/reset_password`, { password: NEW_PASSWORD }));
    const fresh = new Browser(srv.publicUrl, PAGE_ORIGIN);
    const pw = await fresh.signIn(ADA.email, NEW_PASSWORD);
    assert.equal(pw.status, 200);
    assert.equal(pw.json.response.status, 'needs_client_trust', 'the new password verifies (a new client still confirms itself)');
    assert.equal((await srv.app.store.getUser(adaId))!.failedAttempts, 0);
  });
});

/**
 * FT-18: the response that commits `complete` is lost. A retry with the rotated cookie (the
 * headers arrived, the body did not) sees the sign-in complete with its created_session_id in
 * `meta.client` (400 client_state_invalid, FLOW-1); with the old cookie (nothing arrived) the
 * rotated-away credential names no client (404, SES-1). Never a second session.
 */
describe('FT-18: the completing response is lost', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('[FT-18][FLOW-1] retry with the new cookie: already complete, same created_session_id, one session', async () => {
    const b = t.browser();
    const { path: p } = await startSignIn(b);
    const lost = await b.post(`${p}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    const sessionId = lost.json.response.created_session_id; // what the client never saw
    const retry = await b.post(`${p}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(retry.status, 400);
    assert.equal(errorCode(retry), 'client_state_invalid');
    const si = signInOf(retry);
    assert.equal(si.status, 'complete');
    assert.equal(si.created_session_id, sessionId);
    assert.deepEqual(retry.json.meta.client.sessions.map((s: any) => s.id), [sessionId]);
    assert.equal(retry.json.meta.client.last_active_session_id, sessionId);
    const reload = (await b.get('/v1/client')).json.response;
    assert.equal(reload.sign_in.created_session_id, sessionId);
    assert.equal((await t.srv.app.store.listSessions(reload.id)).length, 1);
  });

  it('[FT-18][SES-1] retry with the old cookie: 404, no second session; the client starts again', async () => {
    const b = t.browser();
    const { path: p } = await startSignIn(b);
    const oldJar = new Map(b.jar);
    const lost = await b.post(`${p}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    const clientId = lost.json.client.id;
    b.jar.clear();
    for (const [k, v] of oldJar) b.jar.set(k, v);
    const retry = await b.post(`${p}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(retry.status, 404);
    assert.equal(errorCode(retry), 'resource_not_found');
    assert.equal((await b.get('/v1/client')).json.response, null);
    assert.equal((await t.srv.app.store.listSessions(clientId)).length, 1);
  });
});
