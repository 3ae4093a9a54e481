import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { FAILURE_MEMORY_MS } from '../src/dependencies.js';
import { ADA, lastCode, resetToAda, startSignIn, startTestServer, verifyJwt, type Browser, type Res, type TestServer } from './helpers.js';
import { sqliteError, StoreFault } from './faulty-store.js';

const fault = new StoreFault();
let t: TestServer;
const logs: string[] = [];
before(async () => {
  t = await startTestServer({
    wrapStore: fault.wrap,
    log: true,
    logWrite: (l) => logs.push(l),
    // Codes may be prepared back to back (the sweeps below prepare one per failure point).
    config: { otp: { resendCooldownSeconds: 0, sendMaxPerDestination: 0, sendMaxPerIp: 0 } },
  });
});
after(() => t.close());
afterEach(async () => {
  fault.restore();
  await resetToAda(t);
});

/** 503 `service_unavailable`, integer Retry-After, the spec envelope and nothing about the cause. */
function assertUnavailable(res: Res): void {
  assert.equal(res.status, 503, res.text);
  assert.match(res.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
  assert.deepEqual(Object.keys(res.json).sort(), ['clerk_trace_id', 'errors', 'meta']);
  assert.equal(res.json.errors.length, 1);
  assert.equal(res.json.errors[0].code, 'service_unavailable');
  assert.deepEqual(res.json.meta, {}, 'no client piggybacked from a failing store');
  assert.doesNotMatch(res.text, /sqlite|locked|disk|I\/O|not open|stack|\.[jt]s\b|limiter|lock store/i);
}

const clientOf = async (b: Browser) => (await b.get('/v1/client')).json.response;
/** Every session row of the browser's client, whatever its status. */
const sessionRows = async (b: Browser) => {
  const client = await clientOf(b);
  return client ? t.srv.app.store.listSessions(client.id) : [];
};
const failedAttempts = async () => (await t.srv.app.store.getUser(t.adaId))!.failedAttempts;
const emailId = (si: any) => si.supported_first_factors.find((f: any) => f.strategy === 'email_code').email_address_id;

async function prepareEmail(b: Browser): Promise<{ path: string; code: string }> {
  const { si, path } = await startSignIn(b);
  const prep = await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code', email_address_id: emailId(si) });
  assert.equal(prep.status, 200, prep.text);
  return { path, code: lastCode(t, ADA.email) };
}

describe('FT-9: database paused or killed, then restored', () => {
  for (const [name, error] of [
    ['SQLITE_BUSY (paused)', () => sqliteError('SQLITE_BUSY', 'database is locked')],
    ['SQLITE_IOERR (disk)', () => sqliteError('SQLITE_IOERR', 'disk I/O error')],
    ['closed database (killed)', () => new TypeError('The database connection is not open')],
  ] as const) {
    it(`[FT-9] create sign-in with ${name} → 503 + Retry-After, no client or sign-in; restored → the same request completes`, async () => {
      const b = t.browser();
      fault.failAll({ error });
      assertUnavailable(await b.signIn());
      assert.ok(fault.failures > 0);
      assert.equal(b.jar.size, 0, 'no client cookie for a client that was not created');
      fault.restore();
      assert.equal(await clientOf(b), null);
      const res = await b.signIn();
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.response.status, 'complete');
    });
  }

  it('[FT-9] create on an existing client: 503 and the current sign-in is still the old one', async () => {
    const b = t.browser();
    await startSignIn(b);
    const before = await clientOf(b);
    fault.failAll();
    assertUnavailable(await b.post('/v1/client/sign_ins', { identifier: ADA.email }));
    fault.restore();
    assert.deepEqual(await clientOf(b), before);
  });

  it('[FT-9] password attempt with the store failing → 503; sign-in unchanged, no session, no failure counted; restored → completes', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b);
    const before = (await b.get(path)).json.response;
    fault.failAll();
    assertUnavailable(await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password }));
    fault.restore();
    assert.deepEqual((await b.get(path)).json.response, before);
    assert.deepEqual(await sessionRows(b), []);
    assert.equal(await failedAttempts(), 0);
    const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.response.status, 'complete');
  });

  it('[FT-9] code attempt with the store failing → 503; the code is neither spent nor counted; restored → the same code completes', async () => {
    const b = t.browser();
    const { path, code } = await prepareEmail(b);
    const before = (await b.get(path)).json.response;
    fault.failAll();
    assertUnavailable(await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code }));
    fault.restore();
    assert.deepEqual((await b.get(path)).json.response, before);
    assert.equal(before.first_factor_verification.attempts, 0);
    assert.deepEqual(await sessionRows(b), []);
    const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.response.status, 'complete');
  });

  it('[FT-9] token refresh with the store failing → 503 and no token (fail closed); restored → a valid token', async () => {
    const b = t.browser();
    const sid = (await b.signIn()).json.response.created_session_id as string;
    const activeBefore = (await t.srv.app.store.getSession(sid))!.lastActiveAt;
    t.clock.advance(1000);
    fault.failAll();
    const res = await b.post(`/v1/client/sessions/${sid}/tokens`);
    assertUnavailable(res);
    assert.equal(res.json.jwt, undefined);
    assert.doesNotMatch(res.text, /eyJ/, 'no JWT anywhere in the body');
    fault.restore();
    assert.equal((await t.srv.app.store.getSession(sid))!.lastActiveAt, activeBefore, 'not touched');
    const ok = await b.post(`/v1/client/sessions/${sid}/tokens`);
    assert.equal(ok.status, 200, ok.text);
    const jwks = (await b.get('/.well-known/jwks.json')).json;
    assert.equal(verifyJwt(ok.json.jwt, jwks).sid, sid);
  });

  it('[FT-9] the failure is logged for operators with its cause; the client only gets the generic body', async () => {
    logs.length = 0;
    fault.failAll({ error: () => sqliteError('SQLITE_IOERR', 'disk I/O error') });
    assertUnavailable(await t.browser().signIn());
    const line = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'dependency unavailable');
    assert.ok(line, logs.join('\n'));
    assert.equal(line.dependency, 'store');
    assert.equal(line.error_kind, 'SQLITE_IOERR');
    assert.equal(line.error, 'disk I/O error');
  });

  /**
   * The store fails from the (n+1)-th call of one attempt onwards, for every n until the attempt
   * gets through: whatever the point, the answer is 503 or success, and the stored state is whole:
   * either the sign-in is complete with exactly its one session, or it is where it was with none.
   */
  for (const kind of ['password', 'email_code'] as const) {
    it(`[FT-9] ${kind} attempt failing after each store call in turn: no half-made sign-in or session; restored → completes`, async () => {
      let unavailable = 0;
      for (let n = 0; ; n++) {
        assert.ok(n < 100, 'the attempt never got through');
        const b = t.browser();
        const { path, body } =
          kind === 'password'
            ? { path: (await startSignIn(b)).path, body: { strategy: 'password', password: ADA.password } }
            : await prepareEmail(b).then(({ path, code }) => ({ path, body: { strategy: 'email_code', code } }));
        const before = (await b.get(path)).json.response;
        fault.failAfter(n);
        const res = await b.post(`${path}/attempt_first_factor`, body);
        const failed = fault.failures > 0;
        fault.restore();
        if (!failed) {
          assert.equal(res.status, 200, res.text);
          assert.equal(res.json.response.status, 'complete');
          break;
        }
        assertUnavailable(res);
        unavailable++;
        const si = (await b.get(path)).json.response;
        const rows = await sessionRows(b);
        if (si.status === 'complete') {
          // Committed before the failure: the whole session exists and the rotated cookie came with the 503.
          assert.deepEqual(rows.map((s) => s.id), [si.created_session_id], `n=${n}`);
          assert.equal((await clientOf(b)).last_active_session_id, si.created_session_id);
        } else {
          assert.deepEqual(rows, [], `n=${n}: no session without a complete sign-in`);
          assert.equal(si.status, before.status, `n=${n}`);
          assert.equal(si.created_session_id, null);
          const retry = await b.post(`${path}/attempt_first_factor`, body);
          assert.equal(retry.status, 200, `n=${n}: ${retry.text}`);
          assert.equal(retry.json.response.status, 'complete');
        }
        assert.equal(await failedAttempts(), 0, `n=${n}: completion clears the counter`);
      }
      assert.ok(unavailable >= 3, `only ${unavailable} failure points`);
    });
  }
});

describe('FT-9: a failure inside the completion transaction is rolled back', () => {
  it('[FT-9] session insert fails after the sign-in row was written → 503; sign-in, client credential and counter as before', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ft9-'));
    const file = path.join(dir, 'signin.db');
    const s = await startTestServer({ config: { databaseUrl: `sqlite:${file}` } });
    const db = new Database(file);
    try {
      const b = s.browser();
      const { si, path: siPath } = await startSignIn(b);
      const cookie = b.jar.get('__client');
      const row = () => db.prepare('SELECT status, version, created_session_id FROM sign_ins WHERE id = ?').get(si.id);
      const before = row();
      // A second connection makes every session insert fail, as a dying disk would mid-transaction.
      db.exec("CREATE TRIGGER ft9_fail BEFORE INSERT ON sessions BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;");
      const res = await b.post(`${siPath}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
      assertUnavailable(res);
      assert.deepEqual(row(), before, 'the sign-in update inside the transaction was rolled back');
      assert.deepEqual(db.prepare('SELECT count(*) AS n FROM sessions').get(), { n: 0 });
      assert.deepEqual(db.prepare('SELECT count(*) AS n FROM client_trust').get(), { n: 0 });
      assert.deepEqual(db.prepare('SELECT failed_attempts, last_sign_in_at FROM users WHERE id = ?').get(s.adaId), { failed_attempts: 0, last_sign_in_at: null });
      assert.deepEqual(b.lastSetCookies, [], 'the rotated credential was not handed out');
      assert.equal(b.jar.get('__client'), cookie);
      db.exec('DROP TRIGGER ft9_fail');
      const ok = await b.post(`${siPath}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.response.status, 'complete');
      assert.deepEqual(db.prepare('SELECT count(*) AS n FROM sessions').get(), { n: 1 });
    } finally {
      db.close();
      await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('errors that are not a dependency stay 500', () => {
  it('[FT-9] a programming error → 500 internal_error, generic body, no Retry-After', async () => {
    const hasher = t.srv.app.hasher as unknown as Record<string, unknown>;
    hasher.verify = async () => {
      throw new TypeError('secret-internal-detail at attempts.ts:42');
    };
    try {
      const res = await t.browser().signIn();
      assert.equal(res.status, 500, res.text);
      assert.equal(res.json.errors[0].code, 'internal_error');
      assert.equal(res.headers.get('retry-after'), null);
      assert.doesNotMatch(res.text, /secret-internal-detail|attempts\.ts|TypeError/);
    } finally {
      delete hasher.verify;
    }
  });
});

describe('FT-19: rate-limit or lock store stopped', () => {
  /** Replaces `method` of one of the app's limiters with a throwing one; returns the undo. */
  function breakMethod(target: object, method: string, error = new Error('limiter backend down')): () => void {
    const obj = target as Record<string, unknown>;
    obj[method] = () => {
      throw error;
    };
    return () => delete obj[method];
  }

  const health = () => t.browser(null).get('/health');

  it('[FT-19] rate limiter failing → attempt 503 before the password is checked; health degraded; restored → ok', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b);
    const before = (await b.get(path)).json.response;
    const verifications = t.srv.app.hasher.stats.verifications;
    const undo = breakMethod(t.srv.app.rateLimiter, 'hit');
    try {
      assertUnavailable(await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password }));
      assert.equal(t.srv.app.hasher.stats.verifications, verifications, 'not run unthrottled');
      assertUnavailable(await t.browser().signIn()); // create is throttled by it too
      const h = await health();
      assert.equal(h.status, 503);
      assert.match(h.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
      assert.equal(h.json.status, 'degraded');
      assert.equal(h.json.checks.rate_limit.status, 'degraded');
      assert.equal(h.json.checks.store.status, 'ok');
    } finally {
      undo();
    }
    assert.deepEqual((await b.get(path)).json.response, before);
    assert.deepEqual(await sessionRows(b), []);
    const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(res.status, 200, res.text);
    assert.equal((await health()).json.status, 'ok', 'a working call clears it');
  });

  it('[FT-19] rate limiter still answers 429 on purpose: that is not a failure', async () => {
    const limiter = t.srv.app.rateLimiter as unknown as Record<string, unknown>;
    const real = t.srv.app.rateLimiter.hit.bind(t.srv.app.rateLimiter);
    limiter.hit = (bucket: string, key: string) => real(bucket, key, 1);
    try {
      const b = t.browser();
      assert.equal((await b.post('/v1/client/sign_ins', { identifier: ADA.email })).status, 200);
      const res = await b.post('/v1/client/sign_ins', { identifier: ADA.email });
      assert.equal(res.status, 429);
      assert.equal((await health()).json.checks.rate_limit.status, 'ok');
    } finally {
      delete limiter.hit;
    }
  });

  it('[FT-19] lockout failing → attempt 503, password not checked, no session; health degraded until it works or the failure ages out', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b);
    const verifications = t.srv.app.hasher.stats.verifications;
    const undo = breakMethod(t.srv.app.lockout, 'reserve', new Error('lock store down'));
    try {
      assertUnavailable(await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password }));
      assert.equal(t.srv.app.hasher.stats.verifications, verifications);
      assert.deepEqual(await sessionRows(b), []);
      assert.equal((await health()).json.checks.lockout.status, 'degraded');
      t.clock.advance(FAILURE_MEMORY_MS);
      assert.equal((await health()).json.checks.lockout.status, 'ok', 'an old failure no longer counts');
    } finally {
      undo();
    }
    const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    assert.equal(res.status, 200, res.text);
  });

  it('[FT-19] lock counter in the store unwritable → attempt 503 without checking the password; restored → completes', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b);
    const verifications = t.srv.app.hasher.stats.verifications;
    fault.failAll({ only: ['compareAndSetFailures'] });
    assertUnavailable(await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password }));
    assert.ok(fault.failures > 0);
    fault.restore();
    assert.equal(t.srv.app.hasher.stats.verifications, verifications, 'not run without a counted reservation');
    assert.deepEqual(await sessionRows(b), []);
    assert.equal(await failedAttempts(), 0);
    assert.equal((await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password })).status, 200);
  });

  it('[FT-19] send throttle failing → prepare 503, no code sent', async () => {
    const b = t.browser();
    const { si, path } = await startSignIn(b);
    const undo = breakMethod(t.srv.app.sendThrottle, 'reserve');
    try {
      assertUnavailable(await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code', email_address_id: emailId(si) }));
      assert.equal(t.srv.lastMessage(ADA.email), undefined);
      assert.equal((await health()).json.checks.send_throttle.status, 'degraded');
    } finally {
      undo();
    }
  });

  it('[FT-19] GET /health: ok with every check while all works; store unreachable → 503 degraded; restored → ok without restart', async () => {
    const ok = await health();
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, {
      status: 'ok',
      checks: { store: { status: 'ok' }, rate_limit: { status: 'ok' }, lockout: { status: 'ok' }, send_throttle: { status: 'ok' }, probe_limit: { status: 'ok' } },
    });
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    fault.failAll({ error: () => new TypeError('The database connection is not open') });
    const down = await health();
    assert.equal(down.status, 503);
    assert.match(down.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    assert.equal(down.json.status, 'degraded');
    assert.equal(down.json.checks.store.status, 'degraded');
    assert.doesNotMatch(down.text, /not open|sqlite/i);
    fault.restore();
    assert.equal((await health()).status, 200);
  });
});
