import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/define.js';
import type { SignInFlowElement } from '../../../src/signin-flow.js';
import { SignInController } from '../../../src/controller/sign-in-controller.js';
import { FrontendApi } from '../../../src/core/frontend-api.js';
import type { PasswordStrengthImporter } from '../../../src/core/strategies/password-strength-loader.js';
import type { PasswordSettingsJSON } from '../../../src/core/wire.js';
import { FakeFetch } from '../../support/fake-fetch.js';
import { clientJSON, envelope, environmentJSON, errorBody, signInJSON } from '../../support/fapi-fixtures.js';
import { captureWarnings } from '../../support/events.js';
import { newPasswordInput, submitForm, type } from '../../support/flow.js';

/**
 * The new-password step with zxcvbn strength (spec §13), as a hosted Clerk Frontend API drives it:
 * these tests play one with an injected fake `fetch` (an environment with `show_zxcvbn` and a client
 * whose sign-in is at `needs_new_password`), to reach states the reference server does not produce
 * on demand (a failed chunk, exact strength settings). The same step against the real reference
 * server (PASSWORD_MIN_STRENGTH) is in signin-flow.strength-server.test.ts. The strength chunk itself is the real one (zxcvbn-ts, loaded by import()),
 * except where a test injects a failing import.
 */

const STRENGTH: PasswordSettingsJSON = { min_length: 8, max_length: 0, show_zxcvbn: true, min_zxcvbn_strength: 2 };
const resetting = signInJSON({ status: 'needs_new_password' });

interface Mounted {
  el: SignInFlowElement;
  fake: FakeFetch;
  core: FrontendApi;
}

async function mountNewPassword(passwordSettings: PasswordSettingsJSON = STRENGTH, loadPasswordStrength?: PasswordStrengthImporter): Promise<Mounted> {
  const fake = new FakeFetch();
  const environment = environmentJSON();
  fake.on('GET', '/environment', { json: { ...environment, user_settings: { ...environment.user_settings, password_settings: passwordSettings } } });
  fake.on('GET', '/client', { json: envelope(clientJSON({ sign_in: resetting }), null) });
  const core = new FrontendApi({ frontendApi: 'https://fapi.example.test', fetch: fake.fetch, retryDelayMs: 0, loadPasswordStrength });
  const el = await fixture<SignInFlowElement>(html`<signin-flow .controller=${new SignInController({ core })}></signin-flow>`);
  await waitUntil(() => el.step === 'new-password', 'the new-password step did not open', { timeout: 5000 });
  await el.updateComplete;
  return { el, fake, core };
}

const strengthBox = (el: Element) => el.querySelector<HTMLElement>('.signin-password-strength')!;
const liveText = (el: Element) => strengthBox(el).querySelector('[role="status"]')!;
const hints = (el: Element) => [...strengthBox(el).querySelectorAll('li')].map((li) => li.textContent);
const resetRequests = (fake: FakeFetch) => fake.requests.filter((r) => r.path.endsWith('/reset_password'));
const fieldError = (el: Element) => newPasswordInput(el).closest('.signin-field')!.querySelector('.signin-field-error')!;

async function untilStrength(el: SignInFlowElement, text: string): Promise<void> {
  await waitUntil(() => liveText(el).textContent === text, `strength never read "${text}" (it read "${liveText(el).textContent}")`, { timeout: 5000 });
}

describe('<signin-flow> new-password strength (§13)', function () {
  // The first check loads zxcvbn-ts and its dictionary unbundled from the dev server (seconds).
  (this as { timeout(ms: number): void }).timeout(20_000);
  let warnings: ReturnType<typeof captureWarnings>;
  beforeEach(() => {
    warnings = captureWarnings();
  });
  afterEach(() => {
    warnings.restore();
    expect(warnings.warnings, 'no Lit dev warnings').to.deep.equal([]);
  });

  describe('live feedback', () => {
    it('should show a meter, a polite state line and hints once a value passes the rules', async () => {
      const { el, core } = await mountNewPassword();
      const box = strengthBox(el);
      expect(box.hidden, 'the box (and its live region) is there from the start').to.equal(false);
      expect(liveText(el).textContent).to.equal('');
      type(newPasswordInput(el), 'short');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(core.passwordStrength.requested, 'no chunk while a rule fails').to.equal(false);

      type(newPasswordInput(el), 'password1');
      await untilStrength(el, 'Password strength: too weak.');
      const meter = box.querySelector('meter')!;
      expect([meter.hidden, meter.value, meter.getAttribute('aria-valuetext')]).to.deep.equal([false, 0, 'too weak']);
      expect(hints(el)).to.deep.equal(['Your password is not strong enough.', 'Add more words that are less common.']);
      expect(newPasswordInput(el).getAttribute('aria-describedby')!.split(' ')).to.include.members([liveText(el).id, box.querySelector('ul')!.id]);
      await expect(el).to.be.accessible();

      type(newPasswordInput(el), 'horsebattery1');
      await untilStrength(el, 'Password strength: fair.');
      expect(hints(el)).to.deep.equal(['Your password works, but could be stronger. Try adding more characters.']);
      type(newPasswordInput(el), 'bluehorse9');
      await untilStrength(el, 'Password strength: strong.');
      expect(hints(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();

      type(newPasswordInput(el), 'blue');
      expect(liveText(el).textContent, 'cleared at once when a rule fails again').to.equal('');
      expect(box.querySelector('meter')!.hidden).to.equal(true);
    });

    it('should change the live line only when the state changes, after typing pauses', async () => {
      const { el } = await mountNewPassword();
      const changes: string[] = [];
      const observer = new MutationObserver(() => changes.push(liveText(el).textContent ?? ''));
      observer.observe(liveText(el), { childList: true, characterData: true, subtree: true });
      for (const value of ['password', 'password1', 'password12', 'password123']) type(newPasswordInput(el), value);
      await untilStrength(el, 'Password strength: too weak.');
      type(newPasswordInput(el), 'qwerty123');
      await new Promise((resolve) => setTimeout(resolve, 500));
      type(newPasswordInput(el), 'bluehorse9');
      await untilStrength(el, 'Password strength: strong.');
      observer.disconnect();
      expect(changes, 'one announcement per state, none per keystroke').to.deep.equal(['Password strength: too weak.', 'Password strength: strong.']);
    });

    it('should show nothing and load nothing without show_zxcvbn', async () => {
      const { el, core } = await mountNewPassword({ min_length: 8, show_zxcvbn: false });
      type(newPasswordInput(el), 'password1');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(strengthBox(el).hidden).to.equal(true);
      expect(core.passwordStrength.requested).to.equal(false);
    });
  });

  describe('submitting', () => {
    it('should refuse a weak password before sending it, then send a strong one', async () => {
      const { el, fake } = await mountNewPassword();
      fake.on('POST', /reset_password$/, { json: envelope(resetting, clientJSON({ sign_in: resetting })) });
      type(newPasswordInput(el), 'password1');
      submitForm(newPasswordInput(el)); // at once: the check runs now, not after the pause
      await waitUntil(() => newPasswordInput(el).getAttribute('aria-invalid') === 'true', 'a weak password was not refused');
      expect(fieldError(el).textContent).to.equal('Your password is not strong enough. Add more words that are less common.');
      expect(resetRequests(fake)).to.have.length(0);
      await expect(el).to.be.accessible();

      type(newPasswordInput(el), 'bluehorse9');
      submitForm(newPasswordInput(el));
      await waitUntil(() => resetRequests(fake).length === 1, 'a strong password was not sent');
      expect(resetRequests(fake)[0]!.form!.get('password')).to.equal('bluehorse9');
    });

    it("should put the server's form_password_not_strong_enough and its zxcvbn suggestions on the field", async () => {
      const { el, fake } = await mountNewPassword();
      const meta = { param_name: 'password', zxcvbn: { suggestions: [{ code: 'useWords', message: 'Use a few words, avoid common phrases.' }] } };
      fake.on('POST', /reset_password$/, {
        status: 422,
        json: errorBody('form_password_not_strong_enough', { message: 'Given password is not strong enough.', meta }),
      });
      type(newPasswordInput(el), 'bluehorse9');
      submitForm(newPasswordInput(el));
      await waitUntil(() => el.controller!.state.activity === 'error', 'no error');
      await el.updateComplete;
      expect(newPasswordInput(el).getAttribute('aria-invalid')).to.equal('true');
      expect(fieldError(el).textContent).to.equal('Given password is not strong enough. (long) Use a few words, avoid common phrases.');
      expect(el.shadowRoot!.querySelector('[part="error"]'), 'not in the summary as well').to.equal(null);
    });
  });

  describe('a chunk that fails to load', () => {
    it('should retry once, then fall back to the rules alone without failing', async () => {
      let imports = 0;
      const failing: PasswordStrengthImporter = () => {
        imports += 1;
        return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      };
      const { el, fake } = await mountNewPassword(STRENGTH, failing);
      fake.on('POST', /reset_password$/, { json: envelope(resetting, clientJSON({ sign_in: resetting })) });
      type(newPasswordInput(el), 'password1');
      // The check starts once typing pauses: wait for both imports, not for a fixed time.
      await waitUntil(() => imports >= 2, 'the strength chunk was not requested', { timeout: 5000 });
      await el.updateComplete;
      expect(imports, 'one import, one retry').to.equal(2);
      expect(liveText(el).textContent).to.equal('');
      expect(strengthBox(el).querySelector('meter')!.hidden).to.equal(true);
      submitForm(newPasswordInput(el));
      await waitUntil(() => resetRequests(fake).length === 1, 'the server should decide');
      expect(imports, 'no further imports').to.equal(2);
    });
  });
});
