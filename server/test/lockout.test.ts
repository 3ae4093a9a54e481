import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { Lockout } from '../src/security/lockout.js';
import { defaultConfig, FakeClock } from '../src/index.js';
import { ADA, errorCode, startTestServer, type TestServer, resetToAda } from './helpers.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());
afterEach(() => resetToAda(t, { withPhone: false, advanceMs: 0 }));

const WAITS = [0, 0, 0, 30, 60, 120, 240, 480, 960]; // after failures 1..9 with the defaults

async function fail(b: ReturnType<TestServer['browser']>, identifier = ADA.email) {
  return b.post('/v1/client/sign_ins', { identifier, password: 'definitely-wrong-pw' });
}

describe('lockout (DEC-2)', () => {
  it('[RL-1] escalating waits: none for 3 failures, then doubling from 30 s; attempts inside a wait are refused uncounted', () => {
    const lk = new Lockout(defaultConfig().lockout, new FakeClock(), null as never);
    assert.deepEqual(WAITS.map((_, i) => lk.delayAfter(i + 1)), WAITS);
    const capped = new Lockout({ ...defaultConfig().lockout, threshold: 100 }, new FakeClock(), null as never);
    assert.equal(capped.delayAfter(50), 3600);
  });

  it('[RL-1] 429 too_many_requests with integer Retry-After and lockout_expires_in_seconds during a wait', async () => {
    const b = t.browser();
    for (let i = 0; i < 4; i++) assert.equal(errorCode(await fail(b)), 'form_password_incorrect');
    const refused = await b.post('/v1/client/sign_ins', { identifier: ADA.email, password: ADA.password });
    assert.equal(refused.status, 429);
    assert.equal(errorCode(refused), 'too_many_requests');
    assert.equal(refused.headers.get('retry-after'), '30');
    assert.equal(refused.json.errors[0].meta.lockout_expires_in_seconds, 30);
    assert.equal(refused.json.meta.client.sign_in.status, 'needs_first_factor');
    // Not counted: the wait after it is still 30 s, not 60 s.
    t.clock.advance(10_000);
    const later = await fail(b);
    assert.equal(later.headers.get('retry-after'), '20');
    t.clock.advance(20_000);
    assert.equal(errorCode(await fail(b)), 'form_password_incorrect'); // 5th failure
    const wait = await fail(b);
    assert.equal(wait.headers.get('retry-after'), '60');
    t.clock.advance(60_000);
    assert.equal((await b.signIn()).json.response.status, 'complete');
  });

  it('[RL-1] lock at 10 failures: correct password → 403 user_locked with seconds; +1 h → success', async () => {
    const b = t.browser();
    for (let i = 0; i < 10; i++) {
      assert.equal(errorCode(await fail(b)), 'form_password_incorrect', `failure ${i + 1}`);
      t.clock.advance((WAITS[i] ?? 0) * 1000);
    }
    const locked = await b.signIn();
    assert.equal(locked.status, 403);
    assert.equal(errorCode(locked), 'user_locked');
    assert.equal(locked.json.errors[0].meta.lockout_expires_in_seconds, 3600);
    t.clock.advance(1800_000);
    assert.equal((await b.signIn()).json.errors[0].meta.lockout_expires_in_seconds, 1800);
    t.clock.advance(1800_000);
    assert.equal((await b.signIn()).json.response.status, 'complete');
  });

  it('[RL-3] the counter survives a cooldown: after a lock expires, one more failure re-locks at once', async () => {
    const b = t.browser();
    for (let i = 0; i < 10; i++) {
      await fail(b);
      t.clock.advance((WAITS[i] ?? 0) * 1000);
    }
    t.clock.advance(3600_000);
    assert.equal(errorCode(await fail(b)), 'form_password_incorrect');
    assert.equal(errorCode(await b.signIn()), 'user_locked');
  });

  it('[RL-3] fail, succeed, fail, succeed… never locks', async () => {
    const b = t.browser();
    for (let i = 0; i < 30; i++) {
      assert.equal(errorCode(await fail(b)), 'form_password_incorrect');
      assert.equal((await b.signIn()).json.response.status, 'complete');
    }
  });

  it('[RL-5][RL-2] spelling variants and different clients share one account counter', async () => {
    const variants = ['ADA@example.com', 'ada@EXAMPLE.com', ' Ada@Example.Com ', 'ada', 'ADA'];
    for (let i = 0; i < 10; i++) {
      await fail(t.browser(), variants[i % variants.length]);
      t.clock.advance((WAITS[i] ?? 0) * 1000);
    }
    assert.equal(errorCode(await t.browser().signIn()), 'user_locked');
  });

  it('[RL-1] 100 consecutive failures disable the password (only reset remains)', async () => {
    const b = t.browser();
    for (let i = 0; i < 100; i++) {
      await fail(b);
      t.clock.advance(3600_000);
    }
    const res = await b.signIn();
    assert.equal(res.status, 422);
    assert.equal(errorCode(res), 'strategy_for_user_invalid');
    const si = (await b.post('/v1/client/sign_ins', { identifier: ADA.email })).json.response;
    const strategies = si.supported_first_factors.map((f: any) => f.strategy);
    assert.ok(!strategies.includes('password'), strategies.join());
    assert.ok(strategies.includes('reset_password_email_code'), 'reset stays available (RL-4)');
  });

  it('[RL-1] parallel wrong guesses cannot exceed the free failures before a wait (FT-3)', async () => {
    const b = t.browser();
    const results = await Promise.all(Array.from({ length: 12 }, () => fail(t.browser())));
    const evaluated = results.filter((r) => errorCode(r) === 'form_password_incorrect').length;
    assert.ok(evaluated <= 4, `evaluated ${evaluated}`);
    assert.equal(errorCode(await b.signIn()), 'too_many_requests');
  });
});

describe('per-IP rate limits (RL-6, RL-7)', () => {
  it('[RL-6] 6th create in 10 s → 429 with integer Retry-After; after it → 200', async () => {
    const s = await startTestServer({ config: { rateLimit: { createMax: 5, attemptMax: 3 } }, noUser: true });
    try {
      const b = s.browser();
      for (let i = 0; i < 5; i++) assert.equal((await b.post('/v1/client/sign_ins')).status, 200);
      s.clock.advance(3000);
      const res = await b.post('/v1/client/sign_ins');
      assert.equal(res.status, 429);
      assert.equal(errorCode(res), 'too_many_requests');
      assert.match(res.headers.get('retry-after')!, /^\d+$/);
      assert.equal(res.headers.get('retry-after'), '7');
      assert.equal(res.headers.get('access-control-expose-headers'), 'Retry-After, Clerk-Db-Jwt, X-Country');
      s.clock.advance(7000);
      assert.equal((await b.post('/v1/client/sign_ins')).status, 200);
    } finally {
      await s.close();
    }
  });

  it('[RL-6] attempts: 4th in 10 s → 429; GET polling is not limited', async () => {
    const s = await startTestServer({ config: { rateLimit: { createMax: 5, attemptMax: 3 } } });
    try {
      const b = s.browser();
      const si = (await b.post('/v1/client/sign_ins', { identifier: ADA.email })).json.response;
      for (let i = 0; i < 3; i++) await b.post(`/v1/client/sign_ins/${si.id}/attempt_first_factor`, { strategy: 'password', password: 'nope-nope-nope' });
      const res = await b.post(`/v1/client/sign_ins/${si.id}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
      assert.equal(res.status, 429);
      assert.match(res.headers.get('retry-after')!, /^\d+$/);
      for (let i = 0; i < 20; i++) assert.equal((await b.get(`/v1/client/sign_ins/${si.id}`)).status, 200);
    } finally {
      await s.close();
    }
  });

  it('[RL-7] X-Forwarded-For from an untrusted peer is ignored', async () => {
    const s = await startTestServer({ config: { rateLimit: { createMax: 2 } }, noUser: true });
    try {
      const b = s.browser();
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await b.post('/v1/client/sign_ins', '', { 'X-Forwarded-For': `203.0.113.${i}` })).status);
      assert.deepEqual(codes, [200, 200, 429, 429]);
    } finally {
      await s.close();
    }
  });

  it('[RL-7] from a trusted proxy the forwarded address is used', async () => {
    const s = await startTestServer({ config: { rateLimit: { createMax: 2 }, trustedProxies: ['127.0.0.1', '::1'] }, noUser: true });
    try {
      const b = s.browser();
      const hit = (ip: string) => b.post('/v1/client/sign_ins', '', { 'X-Forwarded-For': `198.51.100.7, ${ip}` }).then((r) => r.status);
      assert.deepEqual([await hit('203.0.113.1'), await hit('203.0.113.1'), await hit('203.0.113.1')], [200, 200, 429]);
      assert.equal(await hit('203.0.113.2'), 200);
    } finally {
      await s.close();
    }
  });
});
