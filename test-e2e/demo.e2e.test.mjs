// End to end, as a person uses the product: the built reference server (`signin-server serve
// --dev`) serves the demo page under its strict CSP with Trusted Types, the page loads the built
// single-file CDN bundle, and Chromium signs in, reads codes from the demo's dev inbox and demo
// users panel, and signs out. Every CSP / Trusted Types violation and console error is recorded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sri } from '../scripts/sri.mjs';
import { launchBrowser, watchPage } from './support/browser.mjs';
import { DemoPage, WAIT } from './support/demo-page.mjs';
import { startReferenceServer } from './support/reference-server.mjs';

const BUNDLE = new URL('../dist/cdn/signin-elements.js', import.meta.url);
const SCREENSHOT = join(tmpdir(), 'signin-elements-e2e-demo.png');

describe('demo page, built bundle, reference server', () => {
  let server;
  let browser;
  let page;
  let report;
  let demoResponse;
  let bundleResponse;

  before(async () => {
    // Each sign-in here costs 2-3 attempts from one IP; the default 3 per 10 s would throttle the
    // second user. The server suite covers the limits themselves (RL-6).
    server = await startReferenceServer({ RATE_LIMIT_ATTEMPT: '50', RATE_LIMIT_CREATE: '50' });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    report = await watchPage(page);
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/dist/cdn/signin-elements.js') bundleResponse = response;
    });
    demoResponse = await page.goto(`${server.origin}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('signin-flow')?.step === 'identifier', WAIT);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Waits until the flow shows `step` and no request is in flight; says where it is otherwise. */
  const untilStep = (step) => new DemoPage(page, server).untilStep(step);

  const text = (selector) => page.$eval(selector, (node) => node.textContent.trim());

  /** Identifier, Continue, password, Enter: the way a person (or a password manager) does it. */
  async function enterPassword(identifier, password) {
    await page.type('signin-flow input[name="identifier"]', identifier);
    await page.click('signin-flow > form button[type="submit"]');
    await untilStep('password');
    await page.type('signin-flow input[name="password"]', password);
    await page.keyboard.press('Enter');
  }

  /** The demo's session panel as the person sees it: the user rows and the decoded token claims. */
  async function sessionPanel() {
    await page.waitForFunction(() => {
      const claims = document.getElementById('claims').textContent;
      return !document.getElementById('session-panel').hidden && claims.startsWith('{');
    }, WAIT);
    const details = await page.$$eval('#user-details dt', (terms) =>
      Object.fromEntries(terms.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
    );
    return { details, claims: JSON.parse(await text('#claims')) };
  }

  it('[UI-2][UI-3] serves the demo under the strict policy and runs the built CDN bundle', async () => {
    assert.equal(demoResponse.status(), 200);
    const csp = demoResponse.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /require-trusted-types-for 'script'/);
    assert.match(csp, /trusted-types lit-html/);
    assert.ok(bundleResponse, 'the page requested /dist/cdn/signin-elements.js');
    assert.equal(bundleResponse.status(), 200);
    const served = await bundleResponse.buffer();
    assert.equal(sri(served), sri(readFileSync(BUNDLE)), 'the page ran the bundle in dist/cdn');
    assert.equal(await page.evaluate(() => typeof customElements.get('signin-otp')), 'function');
  });

  it('signs in a password user on a new device with the code from the dev inbox', async () => {
    await enterPassword('ada@example.com', 'analytical-engine-1843');
    // Client trust is on: a new browser confirms a code the server "emailed" (DEC-5 dev outbox).
    await untilStep('code');
    assert.match(await page.$eval('signin-otp', (otp) => otp.shadowRoot.textContent), /a\*\*@example\.com/);
    const code = await inboxCode('ada@example.com');
    await page.type('signin-otp input[name="code"]', code); // six digits submit by themselves
    await untilStep('signed-in');
  });

  it('shows the signed-in user and the decoded session-token claims', async () => {
    const { details, claims } = await sessionPanel();
    assert.equal(details.Name, 'Ada Lovelace');
    assert.equal(details.Email, 'ada@example.com');
    assert.equal(details.Username, 'ada');
    assert.match(details['User id'], /^user_/);
    assert.match(details.Session, /^sess_/);
    assert.equal(claims.sub, details['User id']);
    assert.equal(claims.sid, details.Session);
    assert.equal(claims.iss, server.origin);
    assert.equal(claims.azp, server.origin);
    assert.ok(claims.exp > claims.iat, 'the token expires after it was issued');
    // [DEC-3] the emailed device code is client trust, not a second factor: no second-factor age.
    assert.ok(claims.amr.includes('pwd'), `amr ${claims.amr}`);
    assert.equal(claims.fva[1], -1);
    assert.match(await page.$eval('signin-flow', (flow) => flow.shadowRoot.textContent), /Signed in as\s+Ada Lovelace/);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('keeps the session across a reload (the client cookie, not page state)', async () => {
    await page.reload({ waitUntil: 'load' });
    await untilStep('signed-in');
    const { details } = await sessionPanel();
    assert.equal(details.Email, 'ada@example.com');
  });

  it('signs out and returns to the identifier step, also after a reload', async () => {
    await page.click('#sign-out');
    await untilStep('identifier');
    assert.equal(await page.$eval('#session-panel', (panel) => panel.hidden), true);
    assert.equal(await page.$eval('signin-flow input[name="identifier"]', (input) => input.checkVisibility()), true);
    await page.reload({ waitUntil: 'load' });
    await untilStep('identifier');
  });

  it('signs in with a TOTP second factor read from the demo users panel, then signs out in the flow', async () => {
    await enterPassword('grace@example.com', 'harvard-mark-one-1944');
    await untilStep('code');
    const code = await page.$$eval('#demo-user-list li', (items) => {
      const grace = items.find((item) => item.textContent.includes('grace@example.com'));
      return /Authenticator code now: (\d{6})/.exec(grace?.textContent ?? '')?.[1];
    });
    assert.ok(code, 'the demo users panel shows a current authenticator code for grace');
    await page.type('signin-otp input[name="code"]', code);
    await untilStep('signed-in');
    const { details, claims } = await sessionPanel();
    assert.equal(details.Name, 'Grace Hopper');
    assert.equal(claims.sub, details['User id']);
    assert.ok(claims.fva[1] >= 0, `a second factor was verified (fva ${claims.fva}, amr ${claims.amr})`);
    await page.click('signin-flow >>> [part~="sign-out-button"]');
    await untilStep('identifier');
  });

  it('[UI-2][UI-3] no CSP or Trusted Types violation, console error or failed request in any flow', () => {
    assert.deepEqual(report.violations, []);
    assert.deepEqual(report.consoleErrors, []);
    assert.deepEqual(report.pageErrors, []);
    assert.deepEqual(report.failedRequests, []);
  });

  it('[UI-3] the violation listener does report a Trusted Types violation (control)', async () => {
    const blocked = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>plain string</b>';
        return false;
      } catch (error) {
        return error instanceof TypeError;
      }
    });
    assert.equal(blocked, true, 'assigning a plain string to innerHTML throws under Trusted Types');
    await until(() => report.violations.length > 0, 'the violation reached the test');
    assert.equal(report.violations.length, 1);
    assert.equal(report.violations[0].directive, 'require-trusted-types-for');
  });

  /** The newest dev-inbox message to `to`, as the demo page lists it, and the code in it. */
  async function inboxCode(to) {
    const handle = await page.waitForFunction(
      (address) => {
        const item = [...document.querySelectorAll('#inbox li')].find((li) => li.textContent.includes(address));
        return item && /\b(\d{6})\b/.exec(item.querySelector('pre').textContent)?.[1];
      },
      WAIT,
      to,
    );
    return handle.jsonValue();
  }
});

/** Polls `condition` (a report filled by page events) for up to 5 s. */
async function until(condition, what) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(condition(), what);
}
