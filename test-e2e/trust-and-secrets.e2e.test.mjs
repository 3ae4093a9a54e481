// End to end against the built reference server (`signin-server serve --dev`) and its demo page:
//
// - FLOW-4 client trust across real browser contexts (each `browser.createBrowserContext()` is a
//   separate, incognito-like cookie jar): a new context needs the emailed code, the same context
//   is trusted after sign-out, a brand-new context is untrusted again, and a wrong password there
//   never reveals the client-trust status.
// - SES-8: every URL the pages request, are redirected to, send as Referer or show in the address
//   bar across full flows (password + device code, TOTP, SMS second factor, email code) carries no
//   session token, code, password or client cookie value.
// - UI-1: after each full flow (and each sign-out) script-readable storage holds none of them.
//
// Configuration: SES-8 and UI-1 ask for the production configuration. The server refuses it here:
// `SIGNIN_MODE=production` requires an https PUBLIC_URL and refuses `--dev` (the demo page and the
// outbox this suite reads codes from), so this runs the development configuration over loopback
// http. It uses cookie mode (`proxy-url="/"`), not Clerk's dev-browser mode: the DEC-5 development
// exception (a token in `__clerk_db_jwt`) does not apply, and the test checks it is not used.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totp } from '../server/dist/src/index.js';
import { launchBrowser } from './support/browser.mjs';
import { DemoPage, WAIT, claimsOf, nextCode, outbox } from './support/demo-page.mjs';
import { startReferenceServer } from './support/reference-server.mjs';
import { SecretCollection, dumpStorage, recordPage } from './support/secrets.mjs';

describe('client trust across browser contexts, and no secrets in URLs or storage', () => {
  let server;
  let browser;
  let users;
  const secrets = new SecretCollection();
  /** @type {{ label: string, urls: { what: string, url: string }[], settled: () => Promise<void> }[]} */
  const recorders = [];
  /** @type {{ label: string, dump: object }[]} */
  const dumps = [];
  /** Outbox message ids already used. */
  const seen = new Set();
  const contexts = {};
  const pages = {};
  let lastJwt;
  let lastCode;

  before(async () => {
    // Several sign-ins from one IP (RL-6) and several codes to one address within 30 s (resend
    // cooldown): the server suite covers those limits; here they would only slow the flows down.
    server = await startReferenceServer({ RATE_LIMIT_ATTEMPT: '50', RATE_LIMIT_CREATE: '50', OTP_RESEND_COOLDOWN_SECONDS: '0' });
    browser = await launchBrowser();
    users = Object.fromEntries((await (await fetch(`${server.url}/dev/demo-users`)).json()).map((user) => [user.username, user]));
    for (const user of Object.values(users)) secrets.add('password', user.password);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The demo in a new browser context (a fresh cookie jar), with every URL recorded. */
  async function openFresh(label) {
    contexts[label] = await browser.createBrowserContext();
    pages[label] = await DemoPage.open(contexts[label], server, async (page) => {
      recorders.push({ label, ...(await recordPage(page, secrets)) });
    });
    return pages[label];
  }

  async function dump(label, demo) {
    dumps.push({ label, dump: await dumpStorage(demo.page) });
  }

  /** A token from getToken(), remembered as a secret. */
  async function token(demo) {
    const jwt = await demo.token();
    assert.match(jwt ?? '', /^eyJ/, 'getToken() returned a JWT');
    secrets.add('jwt', jwt);
    lastJwt = jwt;
    return jwt;
  }

  async function code(to) {
    const value = await nextCode(server, to, seen);
    secrets.add('code', value);
    lastCode = value;
    return value;
  }

  async function signOut(label, demo) {
    await demo.page.waitForSelector('#sign-out', { visible: true, ...WAIT });
    await demo.signOut();
    await dump(`${label}, signed out`, demo);
  }

  it('[FLOW-4] a new browser context with the right password needs client trust and holds no session until the emailed code', async () => {
    for (const message of await outbox(server, 'ada@example.com')) seen.add(message.id);
    const a = await openFresh('context A');
    await a.enterIdentifier('ada@example.com');
    await a.enterPassword(users.ada.password);
    await a.untilStep('code');
    assert.deepEqual(await a.state(), { status: 'needs_client_trust', session: null });
    const cookies = (await contexts['context A'].cookies()).map((c) => c.name);
    assert.ok(cookies.includes('__client') && !cookies.includes('__session'), `cookies: ${cookies}`);
    await a.enterCode(await code('ada@example.com'));
    assert.deepEqual(await a.takeStatuses(), ['needs_first_factor', 'needs_client_trust', 'complete']);
    // DEC-3: the device code is recorded as an email factor, not a second factor.
    const claims = claimsOf(await token(a));
    assert.deepEqual(claims.amr, ['pwd', 'email']);
    assert.equal(claims.fva[1], -1);
    await dump('context A, password + device code', a);
  });

  it('[FLOW-4] after sign-out the same context signs in with the password alone: trusted, no device step, nothing sent', async () => {
    const a = pages['context A'];
    await signOut('context A', a);
    await a.takeStatuses();
    const sent = (await outbox(server, 'ada@example.com')).length;
    await a.enterIdentifier('ada');
    await a.enterPassword(users.ada.password);
    await a.untilStep('signed-in');
    assert.deepEqual(await a.takeStatuses(), ['needs_first_factor', 'complete']);
    assert.equal((await outbox(server, 'ada@example.com')).length, sent, 'no device code was sent');
    assert.deepEqual(claimsOf(await token(a)).amr, ['pwd']);
    await dump('context A, trusted password sign-in', a);
  });

  it('[FLOW-4] a new incognito context is untrusted again; a wrong password there never reveals the client-trust status', async () => {
    const sent = (await outbox(server, 'ada@example.com')).length;
    const b = await openFresh('context B');
    const answers = [];
    b.page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/v1/client')) answers.push(response.text().catch(() => ''));
    });
    await b.enterIdentifier('ada@example.com');
    await b.enterPassword('not-the-password-1843');
    assert.equal(await b.errorCode(), 'form_password_incorrect');
    assert.equal(await b.step(), 'password');
    assert.deepEqual(await b.state(), { status: 'needs_first_factor', session: null });
    assert.deepEqual(await b.takeStatuses(), ['needs_first_factor']);
    const bodies = await Promise.all(answers);
    assert.ok(bodies.length >= 2, 'the create and the failed attempt were seen');
    const signIns = [];
    for (const body of bodies) {
      assert.doesNotMatch(body, /needs_client_trust/);
      signIns.push(...signInsIn(JSON.parse(body)));
    }
    // The checks below cannot pass by finding no sign-in: the create and the attempt each carry one.
    assert.ok(signIns.length >= 2, `sign-in objects seen: ${signIns.length}`);
    for (const signIn of signIns) {
      assert.equal(signIn.status, 'needs_first_factor');
      assert.equal(signIn.supported_second_factors, null, 'no client-trust factors offered before the password is right');
    }
    assert.equal((await outbox(server, 'ada@example.com')).length, sent, 'a wrong password sends no device code');

    // The right password in the same fresh context: client trust again, a new code, then signed in.
    await b.enterPassword(users.ada.password);
    await b.untilStep('code');
    assert.deepEqual(await b.state(), { status: 'needs_client_trust', session: null });
    await b.enterCode(await code('ada@example.com'));
    assert.deepEqual(claimsOf(await token(b)).amr, ['pwd', 'email']);
    await dump('context B, wrong password, then password + device code', b);
    // Context A's trust and session are its own: still signed in, still gets tokens.
    assert.equal(await pages['context A'].step(), 'signed-in');
    await token(pages['context A']);
    await signOut('context B', b);
    await signOut('context A', pages['context A']);
  });

  it('[FLOW-4] a TOTP user on a new context gets needs_second_factor, not client trust (password + TOTP flow)', async () => {
    const c = await openFresh('context C');
    await c.enterIdentifier('grace@example.com');
    await c.enterPassword(users.grace.password);
    await c.untilStep('code');
    assert.deepEqual(await c.state(), { status: 'needs_second_factor', session: null });
    const current = totp(users.grace.totp_secret, Date.now());
    secrets.add('code', current);
    await c.enterCode(current);
    const claims = claimsOf(await token(c));
    assert.ok(claims.amr.includes('otp') && claims.fva[1] >= 0, `amr ${claims.amr}, fva ${claims.fva}`);
    await dump('context C, password + TOTP', c);
    await signOut('context C', c);
  });

  it('password + SMS second factor on a new context', async () => {
    const phone = users.alan.phone_number;
    assert.match(phone ?? '', /^\+\d+$/);
    for (const message of await outbox(server, phone)) seen.add(message.id);
    const d = await openFresh('context D');
    await d.enterIdentifier('alan@example.com');
    await d.enterPassword(users.alan.password);
    await d.untilStep('code');
    assert.deepEqual(await d.state(), { status: 'needs_second_factor', session: null });
    await d.enterCode(await code(phone));
    assert.ok(claimsOf(await token(d)).amr.includes('sms'));
    await dump('context D, password + SMS code', d);
    await signOut('context D', d);
  });

  it('email code as the first factor on a new context', async () => {
    const e = await openFresh('context E');
    await e.enterIdentifier('ada@example.com');
    await e.switchMethod('email_code');
    await e.untilStep('code');
    await e.enterCode(await code('ada@example.com'));
    assert.deepEqual(claimsOf(await token(e)).amr, ['email']);
    await dump('context E, email code', e);
    await signOut('context E', e);
  });

  it('[SES-8] no URL, redirect, Referer or address-bar URL in any flow carries a session token, code, password or client cookie (development config: production refuses http)', async () => {
    for (const recorder of recorders) await recorder.settled();
    // Every code the server sent during the run counts, typed or not.
    const all = await (await fetch(`${server.url}/dev/outbox`)).json();
    for (const message of all) if (message.code) secrets.add('code', message.code);
    // The instruments saw the secrets they look for: the check below cannot pass by seeing nothing.
    assert.ok(secrets.count('jwt') >= 6, `JWTs collected: ${secrets.count('jwt')}`);
    assert.ok(secrets.count('code') >= 5, `codes collected: ${secrets.count('code')}`);
    assert.ok(secrets.count('client cookie') >= 5, `client cookie values collected: ${secrets.count('client cookie')}`);
    assert.equal(secrets.count('password'), 3);
    const urls = recorders.flatMap(({ label, urls }) => urls.map((entry) => ({ label, ...entry })));
    assert.ok(urls.some((entry) => /\/v1\/client\/sign_ins\/sia_\w+\/attempt_first_factor/.test(entry.url)), 'FAPI fetches were recorded');
    assert.ok(urls.some((entry) => /\/v1\/client\/sessions\/sess_\w+\/tokens/.test(entry.url)), 'token requests were recorded');
    assert.ok(urls.some((entry) => entry.what === 'GET navigation'), 'navigations were recorded');
    const leaks = urls.flatMap((entry) => secrets.findIn(entry.url).map((found) => ({ ...entry, found })));
    assert.deepEqual(leaks, []);
    assert.deepEqual(
      urls.filter((entry) => entry.url.includes('__clerk_db_jwt')),
      [],
      'cookie mode: no dev-browser token in URLs',
    );
  });

  it('[UI-1] after each full flow and sign-out, localStorage, sessionStorage, IndexedDB, Cache Storage and document.cookie hold no JWT, code, password or client cookie', () => {
    assert.equal(dumps.length, 12, dumps.map((d) => d.label).join('; '));
    const leaks = dumps.flatMap(({ label, dump }) => secrets.findIn(JSON.stringify(dump)).map((found) => ({ label, found })));
    assert.deepEqual(leaks, []);
    for (const { label, dump } of dumps) {
      // DEC-5 / DEC-7: the HttpOnly client cookie is invisible to script; no __session cookie.
      assert.doesNotMatch(dump.cookie, /(^|;\s*)__(client|session)\b/, label);
    }
  });

  it('[SES-8][UI-1] control: the same instruments report a token and a code planted in a URL and in storage', async () => {
    assert.ok(lastJwt && lastCode, 'the flows produced a token and a code');
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const recorder = await recordPage(page, secrets);
    // Another origin (127.0.0.1, not localhost) of the same server, so the demo's storage is untouched.
    await page.goto(`${server.url}/favicon.svg`);
    await page.evaluate(
      (token, code) => {
        localStorage.setItem('planted', token);
        history.replaceState(null, '', `?c=${code}`);
      },
      lastJwt,
      lastCode,
    );
    await recorder.settled();
    const kinds = (found) => [...new Set(found.map((f) => f.kind))].sort();
    assert.deepEqual(kinds(secrets.findIn(JSON.stringify(await dumpStorage(page)))), ['jwt', 'jwt-shaped']);
    assert.deepEqual(kinds(recorder.urls.flatMap((entry) => secrets.findIn(entry.url))), ['code']);
    await context.close();
  });
});

/** Every sign-in attempt object in a FAPI answer (the response itself, or the client's). */
function signInsIn(json) {
  const found = [];
  const visit = (value) => {
    if (!value || typeof value !== 'object') return;
    if (value.object === 'sign_in_attempt') found.push(value);
    for (const child of Object.values(value)) visit(child);
  };
  visit(json);
  return found;
}
