// The demo page (served by the reference server in development) driven the way a person uses it,
// one page per browser context, plus what a test needs to watch: every status the flow went
// through and the dev outbox read from the test process.
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';

export const WAIT = { timeout: 15_000 };

export class DemoPage {
  /** @param {import('puppeteer-core').Page} page @param {{ origin: string, url: string }} server */
  constructor(page, server) {
    this.page = page;
    this.server = server;
  }

  /** Opens the demo in `context` (a fresh one: `browser.createBrowserContext()`); `prepare(page)` runs before navigation. */
  static async open(context, server, prepare = async () => {}) {
    const page = await context.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    await prepare(page);
    const demo = new DemoPage(page, server);
    demo.report = await watchPage(page);
    demo.pendingRequests = new Set();
    page.on('request', (request) => demo.pendingRequests.add(request));
    for (const done of ['requestfinished', 'requestfailed']) page.on(done, (request) => demo.pendingRequests.delete(request));
    await demo.load();
    return demo;
  }

  /** (Re)loads the demo and records every `signin-status-change` from then on in `window.__statuses`. */
  async load() {
    await this.page.goto(`${this.server.origin}/`, { waitUntil: 'load' });
    try {
      await this.page.waitForFunction(() => document.querySelector('signin-flow')?.controller?.state.loaded, WAIT);
    } catch (error) {
      const at = await this.page.evaluate(() => ({
        defined: Boolean(customElements.get('signin-flow')),
        state: JSON.stringify(document.querySelector('signin-flow')?.controller?.state ?? null)?.slice(0, 500),
      }));
      const pending = [...(this.pendingRequests ?? [])].map((request) => request.url());
      throw new Error(`the flow did not load: ${JSON.stringify({ ...at, ...this.report, pending })}`, { cause: error });
    }
    await this.page.evaluate(() => {
      window.__statuses = [];
      document.querySelector('signin-flow').addEventListener('signin-status-change', (e) => window.__statuses.push(e.status));
    });
  }

  /** The statuses the flow reported since `load()` or the last `takeStatuses()`, and forgets them. */
  takeStatuses() {
    return this.page.evaluate(() => window.__statuses.splice(0));
  }

  /** Waits until the flow shows `step` and no request is in flight; says where it is otherwise. */
  async untilStep(step) {
    try {
      await this.page.waitForFunction(
        (wanted) => {
          const flow = document.querySelector('signin-flow');
          return flow.step === wanted && flow.controller.state.activity !== 'pending';
        },
        WAIT,
        step,
      );
    } catch (error) {
      const at = await this.page.evaluate(() => ({
        step: document.querySelector('signin-flow').step,
        events: document.getElementById('event-log').innerText,
      }));
      throw new Error(`step ${step} not reached: at ${at.step}\nevents:\n${at.events}`, { cause: error });
    }
  }

  step() {
    return this.page.$eval('signin-flow', (flow) => flow.step);
  }

  /** The controller's sign-in status and whether it holds a session. */
  state() {
    return this.page.$eval('signin-flow', (flow) => ({
      status: flow.controller.state.signIn?.status ?? null,
      session: flow.controller.state.session?.id ?? null,
    }));
  }

  /** Types the identifier (replacing what the field holds) and continues to the password step. */
  async enterIdentifier(identifier) {
    await this.page.locator('signin-flow input[name="identifier"]').fill(identifier);
    await this.page.click('signin-flow > form button[type="submit"]');
    await this.untilStep('password');
  }

  /** Types a password (replacing what the field holds) and presses Enter; waits until the request settled. */
  async enterPassword(password) {
    await this.page.locator('signin-flow input[name="password"]').fill(password);
    await this.page.focus('signin-flow input[name="password"]');
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction(() => document.querySelector('signin-flow').controller.state.activity !== 'pending', WAIT);
  }

  /** Types a six-digit code (it submits by itself) and waits until the flow is signed in. */
  async enterCode(code) {
    await this.page.type('signin-otp input[name="code"]', code);
    await this.untilStep('signed-in');
  }

  /** "Use another method", then the method named `strategy`. */
  async switchMethod(strategy) {
    await this.page.click('signin-flow >>> [part~="switch-method-button"]');
    await this.untilStep('choose-factor');
    await this.page.click(`signin-flow >>> [part~="factor-option"][data-strategy="${strategy}"]`);
  }

  /** The demo's "Sign out" button; waits for the identifier step. */
  async signOut() {
    await this.page.click('#sign-out');
    await this.untilStep('identifier');
  }

  /** A session token from the element's public API (`controller.getToken()`). */
  token(options = {}) {
    return this.page.$eval('signin-flow', (flow, opts) => flow.controller.getToken(opts), options);
  }

  /** The text of the flow's error for the current step, if any. */
  errorCode() {
    return this.page.$eval('signin-flow', (flow) => flow.controller.state.error?.code ?? null);
  }

  close() {
    return this.page.close();
  }
}

/** The dev outbox (`GET /dev/outbox?to=`), newest first, read by the test the way the demo's inbox does. */
export async function outbox(server, to) {
  const response = await fetch(`${server.url}/dev/outbox?to=${encodeURIComponent(to)}`);
  assert.equal(response.status, 200);
  return response.json();
}

/** Waits for a message to `to` that is not in `seen` (ids) and returns its code. */
export async function nextCode(server, to, seen) {
  for (let i = 0; i < 150; i++) {
    const fresh = (await outbox(server, to)).find((message) => !seen.has(message.id) && message.code);
    if (fresh) {
      seen.add(fresh.id);
      return fresh.code;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no new code reached ${to}`);
}

/** Decodes a JWT's payload (no verification: the claims are only read). */
export function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}
