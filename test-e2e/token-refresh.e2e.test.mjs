// FT-13: several tabs of one browser share one client cookie and one session. Time passes beyond
// the token TTL (60 s) without waiting: the reference server runs in-process on a clock the test
// shifts (its public `startServer({ clock })` option, not an edit of server/), and every tab's
// `Date.now` is shifted by the same amount (installed before any page script runs), so server and
// browser agree that the cached tokens expired. Every tab then asks getToken() at the same moment:
// each must get a token that our own verifier (SES-7) accepts at the new time, for the same
// session, and no tab may be signed out (no false revocation), round after round.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TokenVerificationError, startServer, verifySessionToken } from '../server/dist/src/index.js';
import { launchBrowser } from './support/browser.mjs';
import { DemoPage, claimsOf } from './support/demo-page.mjs';

const TABS = 5;
const TTL_SECONDS = 60;

/** The system clock plus an offset the test moves forward: server time still flows. */
class ShiftedClock {
  offsetMs = 0;
  now() {
    return Date.now() + this.offsetMs;
  }
}

describe('[FT-13] tabs sharing one session across token expiry', () => {
  const clock = new ShiftedClock();
  let srv;
  let server;
  let browser;
  let context;
  let jwks;
  /** @type {DemoPage[]} */
  const tabs = [];
  const user = { email: 'tabs@example.com', password: 'Velvet-Orbit-Tabs-Lantern' };

  before(async () => {
    srv = await startServer({
      clock,
      env: {
        SIGNIN_MODE: 'development',
        DEV_TOOLS: 'true',
        CLIENT_TRUST: 'false',
        SESSION_TOKEN_TTL_SECONDS: String(TTL_SECONDS),
        RATE_LIMIT_CREATE: '50',
        RATE_LIMIT_ATTEMPT: '50',
        SCRYPT_LOG_N: '10',
      },
    });
    server = { url: srv.url, origin: srv.publicUrl };
    await srv.createUser({ emailAddresses: [user.email], password: user.password, firstName: 'Tab', lastName: 'User' });
    jwks = await (await fetch(`${srv.url}/.well-known/jwks.json`)).json();
    browser = await launchBrowser();
    context = await browser.createBrowserContext();
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  /** Shifts the page's `Date.now` by `window.__e2eClockOffsetMs`, before any page script runs. */
  async function shiftPageClock(page) {
    await page.evaluateOnNewDocument((offsetMs) => {
      const realNow = Date.now.bind(Date);
      globalThis.__e2eClockOffsetMs = offsetMs;
      Date.now = () => realNow() + globalThis.__e2eClockOffsetMs;
    }, clock.offsetMs);
  }

  async function advance(ms) {
    clock.offsetMs += ms;
    await Promise.all(tabs.map((tab) => tab.page.evaluate((offsetMs) => (globalThis.__e2eClockOffsetMs = offsetMs), clock.offsetMs)));
  }

  /** Claims of `token` if our verifier accepts it at the server's current time. */
  function verify(token) {
    return verifySessionToken(token, { keys: jwks, issuer: srv.publicUrl, authorizedParties: [srv.publicUrl], now: () => clock.now(), clockSkewSeconds: 0 });
  }

  async function openTab() {
    const tab = await DemoPage.open(context, server, shiftPageClock);
    await tab.page.evaluate(() => {
      window.__signedOut = 0;
      document.querySelector('signin-flow').addEventListener('signin-signed-out', () => window.__signedOut++);
    });
    tabs.push(tab);
    return tab;
  }

  it(`[FT-13] signs in once; ${TABS} tabs of the same browser share the session`, async () => {
    const first = await openTab();
    await first.enterIdentifier(user.email);
    await first.enterPassword(user.password);
    await first.untilStep('signed-in');
    for (let i = 1; i < TABS; i++) {
      const tab = await openTab();
      await tab.untilStep('signed-in');
    }
    const sessions = await Promise.all(tabs.map(async (tab) => (await tab.state()).session));
    assert.equal(new Set(sessions).size, 1, `one session: ${sessions}`);
    assert.match(sessions[0], /^sess_/);
  });

  for (const round of [1, 2, 3]) {
    it(`[FT-13][SES-5] round ${round}: clock +${TTL_SECONDS + 1} s, every tab's getToken() at once → a fresh, valid token, no tab signed out`, async () => {
      const before = await Promise.all(tabs.map((tab) => tab.token()));
      const sid = claimsOf(before[0]).sid;
      for (const token of before) assert.equal((await verify(token)).sid, sid);

      await advance((TTL_SECONDS + 1) * 1000);
      // Control: the tokens the tabs hold really are expired now, for the server and the verifier.
      for (const token of before) {
        await assert.rejects(verify(token), (error) => error instanceof TokenVerificationError && error.reason === 'expired');
      }

      const after = await Promise.all(tabs.map((tab) => tab.token()));
      for (const [i, token] of after.entries()) {
        assert.notEqual(token, before[i], `tab ${i + 1} refreshed its token`);
        const claims = await verify(token);
        assert.equal(claims.sid, sid, `tab ${i + 1}: same session`);
        assert.ok(claims.exp * 1000 > clock.now(), `tab ${i + 1}: not expired`);
      }
      for (const [i, tab] of tabs.entries()) {
        assert.equal(await tab.step(), 'signed-in', `tab ${i + 1} still signed in`);
        assert.equal(await tab.page.evaluate(() => window.__signedOut), 0, `tab ${i + 1} saw no sign-out`);
      }
    });
  }

  it('[FT-13][SES-5] the session is still alive on the server: a reloaded tab lands signed in and gets a valid token', async () => {
    const tab = tabs.at(-1);
    await tab.load();
    await tab.untilStep('signed-in');
    const claims = await verify(await tab.token({ skipCache: true }));
    assert.equal(claims.sid, (await tab.state()).session);
  });
});
