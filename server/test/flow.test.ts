import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADA, NEW_PASSWORD, errorCode, lastCode, signInOf, startSignIn, startTestServer, type Browser, type Res, type TestServer } from './helpers.js';

/** MFA user (TOTP and an SMS second-factor number) and a user for the reset path (its password changes). */
const GRACE = { email: 'grace@example.com', password: 'harvard-mark-one-1944', phone: '+15555550101' };
const ROSA = { email: 'rosa@example.com', password: 'rosalind-franklin-1952' };

const STATUSES = ['needs_identifier', 'needs_first_factor', 'needs_second_factor', 'needs_client_trust', 'needs_new_password', 'complete'] as const;
type Status = (typeof STATUSES)[number];
const VERBS = ['create', 'get', 'prepare_first_factor', 'attempt_first_factor', 'prepare_second_factor', 'attempt_second_factor', 'reset_password'] as const;
type Verb = (typeof VERBS)[number];

/** FLOW-1: the moves that succeed, and the status each leads to. Every other verb × status → 400 client_state_invalid. */
const ALLOWED: Partial<Record<Verb, Partial<Record<Status, Status>>>> = {
  prepare_first_factor: { needs_first_factor: 'needs_first_factor' },
  attempt_first_factor: { needs_first_factor: 'needs_client_trust' },
  prepare_second_factor: { needs_second_factor: 'needs_second_factor', needs_client_trust: 'needs_client_trust' },
  attempt_second_factor: { needs_second_factor: 'complete', needs_client_trust: 'complete' },
  reset_password: { needs_new_password: 'complete' },
};

let t: TestServer;
let totpSecret: string;
before(async () => {
  t = await startTestServer({ config: { clientTrust: true, otp: { resendCooldownSeconds: 0, sendMaxPerDestination: 0, sendMaxPerIp: 0 } } });
  const grace = await t.srv.createUser({ emailAddresses: [GRACE.email], password: GRACE.password });
  await t.srv.addPhoneNumber(grace.id, GRACE.phone, { reservedForSecondFactor: true });
  totpSecret = (await t.srv.enrollTotp(grace.id)).secret;
  await t.srv.createUser({ emailAddresses: [ROSA.email], password: ROSA.password });
});
after(() => t.close());

const ok = (res: Res, what: string) => {
  assert.equal(res.status, 200, `${what}: ${res.text.slice(0, 200)}`);
  return res.json.response;
};

/** A fresh browser whose current sign-in is in `status`; returns the sign-in's action path. */
async function reach(b: Browser, status: Status): Promise<string> {
  if (status === 'needs_identifier') return `/v1/client/sign_ins/${ok(await b.post('/v1/client/sign_ins'), status).id}`;
  if (status === 'needs_new_password') {
    const si = ok(await b.post('/v1/client/sign_ins', { identifier: ROSA.email, strategy: 'reset_password_email_code' }), status);
    const path = `/v1/client/sign_ins/${si.id}`;
    assert.equal(ok(await b.post(`${path}/attempt_first_factor`, { strategy: 'reset_password_email_code', code: lastCode(t, ROSA.email) }), status).status, status);
    return path;
  }
  const identifier = status === 'needs_second_factor' ? GRACE.email : ADA.email;
  const { path } = await startSignIn(b, identifier);
  if (status === 'needs_first_factor') return path;
  const afterPassword = ok(await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: identifier === ADA.email ? ADA.password : GRACE.password }), status);
  if (status !== 'complete') {
    assert.equal(afterPassword.status, status);
    return path;
  }
  ok(await b.post(`${path}/prepare_second_factor`, { strategy: 'email_code' }), status);
  assert.equal(ok(await b.post(`${path}/attempt_second_factor`, { strategy: 'email_code', code: lastCode(t, ADA.email) }), status).status, 'complete');
  return path;
}

/** Runs `verb` on the sign-in at `path` with input that would be valid if the status allowed it. */
async function run(b: Browser, verb: Verb, status: Status, path: string): Promise<Res> {
  switch (verb) {
    case 'create':
      return b.post('/v1/client/sign_ins', { identifier: ADA.email });
    case 'get':
      return b.get(path);
    case 'prepare_first_factor':
      return b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' });
    case 'attempt_first_factor':
      return b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: ADA.password });
    case 'prepare_second_factor':
      return b.post(`${path}/prepare_second_factor`, { strategy: status === 'needs_second_factor' ? 'phone_code' : 'email_code' });
    case 'attempt_second_factor': {
      if (status === 'needs_client_trust') {
        ok(await b.post(`${path}/prepare_second_factor`, { strategy: 'email_code' }), 'prime');
        return b.post(`${path}/attempt_second_factor`, { strategy: 'email_code', code: lastCode(t, ADA.email) });
      }
      return b.post(`${path}/attempt_second_factor`, { strategy: 'totp', code: t.srv.totpCode(totpSecret) });
    }
    case 'reset_password':
      return b.post(`${path}/reset_password`, { password: NEW_PASSWORD });
  }
}

describe('FLOW-1: every verb × every status', () => {
  for (const status of STATUSES) {
    for (const verb of VERBS) {
      const allowed = verb === 'create' ? 'needs_first_factor' : verb === 'get' ? status : ALLOWED[verb]?.[status];
      it(`[FLOW-1] ${verb} while ${status} → ${allowed ?? '400 client_state_invalid'}`, async () => {
        t.clock.advance(31_000); // a fresh TOTP step for every cell
        const b = t.browser();
        const path = await reach(b, status);
        const before = (await b.get('/v1/client')).json.response;
        const res = await run(b, verb, status, path);
        assert.ok(res.status < 500, `${res.status} ${res.text.slice(0, 200)}`);
        const client = (await b.get('/v1/client')).json.response;
        if (allowed) {
          const si = ok(res, `${verb} while ${status}`);
          assert.equal(si.status, allowed);
          assert.equal(client.sessions.length, allowed === 'complete' || status === 'complete' ? 1 : 0, 'one session, and only once complete');
          if (allowed === 'complete') assert.equal(client.last_active_session_id, si.created_session_id);
          return;
        }
        assert.equal(res.status, 400, res.text.slice(0, 200));
        assert.equal(errorCode(res), 'client_state_invalid');
        const after = signInOf(res);
        assert.equal(after.status, status, 'the status did not move');
        assert.equal(after.created_session_id, before.sign_in.created_session_id);
        assert.deepEqual(
          client.sessions.map((s: any) => s.id),
          before.sessions.map((s: any) => s.id),
          'no session appeared or went',
        );
      });
    }
  }
});

describe('FLOW-1: no session from a non-complete sign-in', () => {
  for (const status of STATUSES.filter((s) => s !== 'complete')) {
    it(`[FLOW-1] while ${status}: no session exists, and nothing can touch, activate or mint from the attempt`, async () => {
      const b = t.browser();
      const path = await reach(b, status);
      const siId = path.split('/').pop()!;
      const client = (await b.get('/v1/client')).json.response;
      assert.deepEqual(client.sessions, []);
      assert.equal(client.last_active_session_id, null);
      assert.equal(signInOf({ json: { response: client.sign_in } } as Res).created_session_id, null);
      for (const suffix of ['touch', 'tokens', 'end', 'remove']) {
        const res = await b.post(`/v1/client/sessions/${siId}/${suffix}`);
        assert.equal(res.status, 404, `${suffix}: ${res.text.slice(0, 120)}`);
      }
      // A session of another client cannot be touched from here either (FLOW-2).
      const other = t.browser();
      const done = await reach(other, 'complete');
      const sessionId = ok(await other.get(done), 'other').created_session_id;
      assert.equal((await b.post(`/v1/client/sessions/${sessionId}/touch`)).status, 404);
      assert.equal((await b.post(`/v1/client/sessions/${sessionId}/tokens`)).status, 401);
      assert.deepEqual((await b.get('/v1/client')).json.response.sessions, []);
    });
  }
});
