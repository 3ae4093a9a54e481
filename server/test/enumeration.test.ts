import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/index.js';
import { ADA, errorCode, signInOf, startSignIn, startTestServer, resetToAda, type Browser, type TestServer } from './helpers.js';

/** Known and unknown addresses whose masks coincide (`g******@example.com`), so whole sign-ins can be compared. */
const KNOWN = { email: 'grace.h@example.com', phone: '+15555550177', username: 'gracehopper', password: 'compiler-pioneer-1952' };
const UNKNOWN = { email: 'grace.x@example.com', phone: '+15555550277', username: 'gracexopper' };

/** Types in place of values, keys sorted: the "body shape". */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, shape(x)]));
  return v === null ? 'null' : typeof v;
}

/** A sign-in without what legitimately differs between two attempts (ids, times, the identifier typed). */
function comparable(si: any): any {
  const { id: _id, identifier: _identifier, created_at: _c, updated_at: _u, abandon_at: _a, ...rest } = si;
  const factors = (list: any[] | null) => list?.map(({ email_address_id, phone_number_id, ...f }: any) => ({ ...f, ...(email_address_id ? { email_address_id: /^idn_[0-9A-Za-z]{22}$/.test(email_address_id) } : {}), ...(phone_number_id ? { phone_number_id: /^idn_[0-9A-Za-z]{22}$/.test(phone_number_id) } : {}) })) ?? null;
  return { ...rest, supported_first_factors: factors(rest.supported_first_factors) };
}

const factorOf = (si: any, strategy: string) => si.supported_first_factors.find((f: any) => f.strategy === strategy);

describe('enumeration protection: strict (RL-8, PW-11, PW-12)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ config: { enumeration: { mode: 'strict' } } });
  });
  after(() => t.close());
  const addKnown = async () => {
    await t.srv.createUser({ emailAddresses: [KNOWN.email], password: KNOWN.password });
  };
  before(addKnown);
  afterEach(async () => {
    await resetToAda(t);
    await addKnown();
  });

  it('[RL-8] create: unknown email → same status, body shape and factor list as a password account', async () => {
    const known = await t.browser().post('/v1/client/sign_ins', { identifier: KNOWN.email });
    const unknown = await t.browser().post('/v1/client/sign_ins', { identifier: UNKNOWN.email });
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    assert.deepEqual(shape(unknown.json), shape(known.json));
    const k = known.json.response;
    const u = unknown.json.response;
    assert.equal(u.status, 'needs_first_factor');
    assert.equal(u.identifier, UNKNOWN.email);
    assert.deepEqual(comparable(u), comparable(k));
    assert.deepEqual(
      u.supported_first_factors.map((f: any) => f.strategy),
      ['password', 'email_code', 'reset_password_email_code'],
    );
    assert.equal(factorOf(u, 'email_code').safe_identifier, 'g******@example.com');
    assert.deepEqual(u.user_data, { first_name: null, last_name: null, image_url: '', has_image: false });
  });

  it('[RL-8] decoy ids are stable per identifier (HMAC), differ between identifiers and never name a real record', async () => {
    const first = (await t.browser().post('/v1/client/sign_ins', { identifier: UNKNOWN.email })).json.response;
    const again = (await t.browser().post('/v1/client/sign_ins', { identifier: ` ${UNKNOWN.email.toUpperCase()} ` })).json.response;
    const other = (await t.browser().post('/v1/client/sign_ins', { identifier: 'someone.else@example.com' })).json.response;
    const id = factorOf(first, 'email_code').email_address_id;
    assert.match(id, /^idn_[0-9A-Za-z]{22}$/);
    assert.equal(factorOf(again, 'email_code').email_address_id, id);
    assert.equal(factorOf(first, 'reset_password_email_code').email_address_id, id);
    assert.notEqual(factorOf(other, 'email_code').email_address_id, id);
    assert.equal(await t.srv.app.store.findUserIdByIdentifier('email_address', UNKNOWN.email), null);
  });

  it('[RL-8] phone numbers and usernames: the decoy lists what such an account lists', async () => {
    await t.srv.createUser({ phoneNumbers: [KNOWN.phone], username: KNOWN.username, password: KNOWN.password });
    const knownPhone = (await t.browser().post('/v1/client/sign_ins', { identifier: KNOWN.phone })).json.response;
    const unknownPhone = (await t.browser().post('/v1/client/sign_ins', { identifier: UNKNOWN.phone })).json.response;
    assert.deepEqual(comparable(unknownPhone), comparable(knownPhone));
    assert.deepEqual(unknownPhone.supported_first_factors.map((f: any) => f.strategy), ['password', 'phone_code', 'reset_password_phone_code']);
    assert.equal(factorOf(unknownPhone, 'phone_code').safe_identifier, '+1********77');
    const knownName = (await t.browser().post('/v1/client/sign_ins', { identifier: KNOWN.username })).json.response;
    const unknownName = (await t.browser().post('/v1/client/sign_ins', { identifier: UNKNOWN.username })).json.response;
    assert.deepEqual(comparable(unknownName), comparable(knownName));
    assert.deepEqual(unknownName.supported_first_factors, [{ strategy: 'password' }]);
  });

  it('[RL-8] a real account lists only the factors of the identifier typed (a decoy could not list the others)', async () => {
    const byEmail = (await startSignIn(t.browser(), ADA.email)).si;
    assert.deepEqual(byEmail.supported_first_factors.map((f: any) => f.strategy), ['password', 'email_code', 'reset_password_email_code']);
    const byPhone = (await startSignIn(t.browser(), ADA.phone)).si;
    assert.deepEqual(byPhone.supported_first_factors.map((f: any) => f.strategy), ['password', 'phone_code', 'reset_password_phone_code']);
    assert.equal(byPhone.user_data.first_name, null, 'no names before the first factor');
    const done = await t.browser().signIn(ADA.email, ADA.password);
    assert.equal(done.json.response.status, 'complete');
    assert.equal(done.json.response.user_data.first_name, 'Ada');
  });

  it('[RL-8][PW-11] one-step password: unknown and wrong password → identical 422 form_password_or_identifier_incorrect, same scrypt work', async () => {
    const stats = t.srv.app.hasher.stats;
    const before = { ...stats };
    const known = await t.browser().post('/v1/client/sign_ins', { identifier: KNOWN.email, password: 'wrong-guess-2024' });
    assert.equal(stats.verifications, before.verifications + 1);
    const unknown = await t.browser().post('/v1/client/sign_ins', { identifier: UNKNOWN.email, password: 'wrong-guess-2024' });
    assert.equal(stats.dummyVerifications, before.dummyVerifications + 1);
    assert.equal(stats.verifications, before.verifications + 1, 'no real verification for the decoy');
    for (const res of [known, unknown]) {
      assert.equal(res.status, 422);
      assert.equal(errorCode(res), 'form_password_or_identifier_incorrect');
      assert.equal(res.json.errors[0].meta.param_name, 'password');
    }
    assert.deepEqual(known.json.errors[0], unknown.json.errors[0]);
    assert.deepEqual(shape(unknown.json), shape(known.json));
    assert.deepEqual(comparable(signInOf(unknown)), comparable(signInOf(known)));
    assert.equal(signInOf(unknown).first_factor_verification.attempts, 1);
  });

  it('[RL-8][DEC-2] repeated wrong passwords: the decoy meets the same waits and lock as an account', async () => {
    const run = async (identifier: string) => {
      const b = t.browser();
      const { path } = await startSignIn(b, identifier);
      const seen: string[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: `wrong-guess-${i}` });
        seen.push(`${res.status} ${errorCode(res)} ${res.headers.get('retry-after') ?? ''}`);
        t.clock.advance(3599_000); // past every wait (at most 960 s before the lock), not past the 1 h lock
      }
      return seen;
    };
    const known = await run(KNOWN.email);
    const unknown = await run(UNKNOWN.email);
    assert.deepEqual(unknown, known);
    assert.ok(known.includes('403 user_locked '), known.join('\n'));
    assert.ok(known.some((s) => s.startsWith('422 form_password_or_identifier_incorrect')), known.join('\n'));
  });

  it('[RL-8][PW-12] forgot password: unknown email answers like a known one; a "no account" notice, never a code', async () => {
    const known = await t.browser().post('/v1/client/sign_ins', { identifier: KNOWN.email, strategy: 'reset_password_email_code' });
    const unknown = await t.browser().post('/v1/client/sign_ins', { identifier: UNKNOWN.email, strategy: 'reset_password_email_code' });
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    assert.deepEqual(shape(unknown.json), shape(known.json));
    assert.deepEqual(comparable(unknown.json.response), comparable(known.json.response));
    const ffv = unknown.json.response.first_factor_verification;
    assert.equal(ffv.status, 'unverified');
    assert.equal(ffv.strategy, 'reset_password_email_code');
    assert.equal(typeof ffv.expire_at, 'number');
    assert.match(t.srv.lastMessage(KNOWN.email)!.code!, /^\d{6}$/);
    const notices = t.srv.outbox(UNKNOWN.email);
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.code, undefined);
    assert.match(notices[0]!.text, /no Signin Elements account uses it/);
    assert.doesNotMatch(notices[0]!.text, /\d{6}/);
  });

  it('[RL-8][OTP-5] codes: a decoy answers every step as an account does (wrong codes, waits, the cap), never a session', async () => {
    const run = async (identifier: string) => {
      const b = t.browser();
      const { si, path } = await startSignIn(b, identifier);
      const seen: string[] = [];
      const note = (res: Awaited<ReturnType<Browser['post']>>) => seen.push(`${res.status} ${errorCode(res) ?? signInOf(res)?.first_factor_verification?.status}`);
      const wrongId = await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code', email_address_id: 'idn_0000000000000000000000' });
      assert.equal(wrongId.json.errors[0].meta.param_name, 'email_address_id');
      note(wrongId);
      note(await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code', email_address_id: factorOf(si, 'email_code').email_address_id }));
      note(await b.post(`${path}/prepare_first_factor`, { strategy: 'email_code' })); // resend cooldown
      const sent = t.srv.lastMessage(identifier)?.code;
      for (const code of ['000000', '123456', '999999', '654321', '111111', '222222'].filter((c) => c !== sent)) {
        t.clock.advance(61_000); // past the DEC-2 waits, within the 10 min code lifetime
        note(await b.post(`${path}/attempt_first_factor`, { strategy: 'email_code', code }));
      }
      assert.deepEqual((await b.get('/v1/client')).json.response.sessions, []);
      return seen;
    };
    const known = await run(KNOWN.email);
    const unknown = await run(UNKNOWN.email);
    assert.deepEqual(unknown, known);
    assert.deepEqual(unknown.slice(0, 4), ['422 form_param_value_invalid', '200 unverified', '429 too_many_requests', '422 form_code_incorrect']);
    assert.equal(unknown.at(-1), '422 verification_failed');
  });

  it('[RL-8] SMS codes for a decoy number are never sent', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b, UNKNOWN.phone);
    const prep = await b.post(`${path}/prepare_first_factor`, { strategy: 'phone_code' });
    assert.equal(prep.status, 200);
    assert.equal(prep.json.response.first_factor_verification.channel, 'sms');
    assert.deepEqual(t.srv.outbox(UNKNOWN.phone), []);
  });

  it('[RL-4][RL-8] failures on a decoy leave nothing that blocks a later account with that address', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b, 'new@example.com');
    for (let i = 0; i < 3; i++) await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: `guess-number-${i}` });
    await t.srv.createUser({ emailAddresses: ['new@example.com'], password: 'fresh-account-passphrase' });
    const res = await t.browser().signIn('new@example.com', 'fresh-account-passphrase');
    assert.equal(res.status, 200);
    assert.equal(res.json.response.status, 'complete');
  });

  it('[RL-8] a decoy sign-in stays a decoy after an account with that address appears, and never completes', async () => {
    const b = t.browser();
    const { path } = await startSignIn(b, 'late@example.com');
    await t.srv.createUser({ emailAddresses: ['late@example.com'], password: 'late-account-passphrase' });
    const res = await b.post(`${path}/attempt_first_factor`, { strategy: 'password', password: 'late-account-passphrase' });
    assert.equal(res.status, 422);
    assert.equal(errorCode(res), 'form_password_or_identifier_incorrect');
    assert.deepEqual((await b.get('/v1/client')).json.response.sessions, []);
  });

  it('[RL-8] the environment advertises the mode', async () => {
    const env = (await t.browser().get('/v1/environment')).json;
    assert.deepEqual(env.user_settings.attack_protection.enumeration_protection, { enabled: true });
  });
});

describe('enumeration protection: parity (RL-8, DEC-6)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ config: { enumeration: { probeMax: 3, probeWindowSeconds: 600 } } });
  });
  after(() => t.close());
  afterEach(() => resetToAda(t, { advanceMs: 700_000 }));

  const create = (b: Browser, identifier: string, ip?: string) => b.post('/v1/client/sign_ins', { identifier }, ip ? { 'X-Forwarded-For': ip } : {});

  it('[RL-8] unknown identifiers: form_identifier_not_found; a wrong password stays form_password_incorrect (Clerk parity)', async () => {
    const unknown = await create(t.browser(), UNKNOWN.email);
    assert.equal(unknown.status, 422);
    assert.equal(errorCode(unknown), 'form_identifier_not_found');
    const wrong = await t.browser().signIn(ADA.email, 'not-the-password');
    assert.equal(errorCode(wrong), 'form_password_incorrect');
    assert.equal((await t.browser().get('/v1/environment')).json.user_settings.attack_protection.enumeration_protection.enabled, false);
  });

  it('[RL-8] more than N distinct unknown identifiers from one IP per window → 429 with Retry-After, for known identifiers too', async () => {
    const b = t.browser();
    for (let i = 0; i < 3; i++) {
      const res = await create(b, `probe${i}@example.com`);
      assert.equal(errorCode(res), 'form_identifier_not_found', `probe ${i}`);
    }
    // Repeating an identifier already counted is no new probe.
    assert.equal(errorCode(await create(b, 'probe0@example.com')), 'too_many_requests', 'at the limit, every lookup waits');
    t.clock.advance(1000);
    const over = await t.browser().post('/v1/client/sign_ins', { identifier: 'probe3@example.com' });
    assert.equal(over.status, 429);
    assert.equal(errorCode(over), 'too_many_requests');
    const retry = Number(over.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 600, `Retry-After ${over.headers.get('retry-after')}`);
    const known = await create(t.browser(), ADA.email);
    assert.equal(known.status, 429, 'a known identifier is refused too: the 429 is no oracle');
    t.clock.advance(retry * 1000);
    assert.equal((await create(t.browser(), ADA.email)).status, 200);
  });

  it('[RL-8] distinct unknown identifiers up to N, repeats and other IPs are not limited', async () => {
    const b = t.browser();
    for (let i = 0; i < 2; i++) assert.equal(errorCode(await create(b, `again${i}@example.com`)), 'form_identifier_not_found');
    for (let i = 0; i < 5; i++) assert.equal(errorCode(await create(b, 'again0@example.com')), 'form_identifier_not_found', `repeat ${i}`);
    assert.equal((await create(b, ADA.email)).status, 200);
  });
});

describe('enumeration configuration (RL-8)', () => {
  it('ENUMERATION_PROTECTION is parity by default, accepts strict, refuses anything else', () => {
    assert.equal(loadConfig({}).enumeration.mode, 'parity');
    assert.equal(loadConfig({ ENUMERATION_PROTECTION: 'strict' }).enumeration.mode, 'strict');
    assert.equal(loadConfig({ ENUMERATION_PROBE_MAX: '0' }).enumeration.probeMax, 0);
    assert.throws(() => loadConfig({ ENUMERATION_PROTECTION: 'on' }), (e: unknown) => e instanceof ConfigError && e.variable === 'ENUMERATION_PROTECTION');
  });
});
