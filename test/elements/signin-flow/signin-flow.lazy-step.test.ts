import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../../src/define.js';
import type { SignInFlowElement } from '../../../src/signin-flow.js';
import { SignInController } from '../../../src/controller/sign-in-controller.js';
import type { SignInErrorEvent } from '../../../src/controller/events.js';
import { FrontendApi } from '../../../src/core/frontend-api.js';
import {
  importNewPasswordStep,
  type NewPasswordStepImporter,
  type NewPasswordStepModule,
} from '../../../src/elements/signin-flow/signin-flow.lazy-step.js';
import { FakeFetch } from '../../support/fake-fetch.js';
import { clientJSON, envelope, environmentJSON, signInJSON } from '../../support/fapi-fixtures.js';
import { codeInput, enterIdentifier, freshVisitorEachTest, mountFlow, newPasswordInput, part, type, untilStep } from '../../support/flow.js';
import { createUser, lastMessage } from '../../support/reference-server.js';

/**
 * The new-password step is its own chunk (`signin-flow.new-password-step.ts`, loaded with import()):
 * not requested before a reset starts, preloaded while the reset code is on its way, a pending card
 * while it loads, and `step_unavailable` with "Try again" after a failed retry.
 */

/** Whether the page has fetched the step's module (the dev server serves it as its own file). */
const chunkRequested = () =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes('signin-flow.new-password-step'));

/** A flow restored at `needs_new_password` (hosted Clerk shape, fake fetch), with `importer` for the step. */
async function mountAtNewPassword(importer: NewPasswordStepImporter): Promise<SignInFlowElement> {
  const fake = new FakeFetch();
  fake.on('GET', '/environment', { json: environmentJSON() });
  fake.on('GET', '/client', { json: envelope(clientJSON({ sign_in: signInJSON({ status: 'needs_new_password' }) }), null) });
  const core = new FrontendApi({ frontendApi: 'https://fapi.example.test', fetch: fake.fetch, retryDelayMs: 0 });
  return fixture<SignInFlowElement>(
    html`<signin-flow .controller=${new SignInController({ core })} .newPasswordStepImporter=${importer}></signin-flow>`,
  );
}

/** An importer that fails `failures` times, then imports the real chunk; counts its calls. */
function flakyImporter(failures: number): NewPasswordStepImporter & { calls: number } {
  const importer = Object.assign(
    () => {
      importer.calls += 1;
      return importer.calls <= failures ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : importNewPasswordStep();
    },
    { calls: 0 },
  );
  return importer;
}

const card = (el: SignInFlowElement) => part(el, 'card')!;

describe('<signin-flow> lazily loaded new-password step', function () {
  (this as { timeout(ms: number): void }).timeout(20_000);
  const page = freshVisitorEachTest();
  afterEach(() => expect(page.warnings, 'no Lit dev warnings').to.deep.equal([]));

  describe('preload', () => {
    it('should not request the chunk before a reset starts, and load it while the reset code is on its way', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await enterIdentifier(el, user.email);
      expect(chunkRequested(), 'not requested at the identifier and password steps').to.equal(false);
      expect(el.querySelector('.signin-new-password-form'), 'no new-password form yet').to.equal(null);

      const before = Date.now();
      part(el, 'forgot-password-button')!.click();
      await untilStep(el, 'code');
      await waitUntil(chunkRequested, 'the chunk was not preloaded at the reset code step', { timeout: 5000 });
      expect(newPasswordInput(el).form!.hidden, 'stamped ahead, hidden until its step').to.equal(true);

      type(codeInput(el), (await lastMessage('email', user.email, before)).code!);
      await untilStep(el, 'new-password');
      expect(part(el, 'step-placeholder'), 'no pending card: the step was already there').to.equal(null);
      expect(document.activeElement).to.equal(newPasswordInput(el));
      expect(newPasswordInput(el).form!.parentElement).to.equal(el);
    });
  });

  describe('loading and errors', () => {
    it('should show a pending card while the chunk loads, then the form with focus in it', async () => {
      let release!: (module: NewPasswordStepModule) => void;
      const el = await mountAtNewPassword(() => new Promise((resolve) => (release = resolve)));
      await waitUntil(() => el.step === 'new-password' && release !== undefined, 'the step was not asked for');
      await new Promise(requestAnimationFrame);
      expect(part(el, 'heading')!.textContent).to.equal('Set a new password');
      expect(part(el, 'step-placeholder'), 'its place is held').to.exist;
      expect(part(el, 'step-placeholder')!.getBoundingClientRect().height).to.be.greaterThan(100);
      expect(card(el).getAttribute('aria-busy')).to.equal('true');
      expect(part(el, 'status')!.textContent).to.equal('Loading…');
      expect(el.matches(':state(pending)')).to.equal(true);
      expect(el.querySelector('input[autocomplete="new-password"]'), 'no form until its code is there').to.equal(null);

      release(await importNewPasswordStep());
      await el.updateComplete;
      expect(part(el, 'step-placeholder')).to.equal(null);
      expect(card(el).hasAttribute('aria-busy')).to.equal(false);
      expect(el.matches(':state(pending)')).to.equal(false);
      const input = newPasswordInput(el);
      expect(input.form!.hidden).to.equal(false);
      expect(input.form!.parentElement, 'a real form in light DOM').to.equal(el);
      expect(el.shadowRoot!.querySelector('input')).to.equal(null);
      expect(document.activeElement).to.equal(input);
      await expect(el).to.be.accessible();
    });

    it('should retry a failed import once without showing an error', async () => {
      const importer = flakyImporter(1);
      const el = await mountAtNewPassword(importer);
      await waitUntil(() => el.step === 'new-password', 'the step did not open');
      await el.updateComplete;
      expect(importer.calls).to.equal(2);
      expect(newPasswordInput(el)).to.exist;
      expect(part(el, 'error')).to.equal(null);
    });

    it('should show step_unavailable after the retry fails, and load the step on "Try again"', async () => {
      const importer = flakyImporter(2);
      const el = await mountAtNewPassword(importer);
      const failed = oneEvent(el, 'signin-error');
      await waitUntil(() => el.step === 'new-password', 'the step did not open');
      await el.updateComplete;
      expect(importer.calls, 'one retry, no more').to.equal(2);
      expect(((await failed) as unknown as SignInErrorEvent).error.code).to.equal('step_unavailable');
      const error = part(el, 'error')!;
      expect(error.dataset.code).to.equal('step_unavailable');
      expect(error.getAttribute('role')).to.equal('alert');
      expect(error.textContent).to.contain("couldn't be loaded");
      expect(el.matches(':state(error)')).to.equal(true);
      expect(part(el, 'step-placeholder'), 'no empty placeholder under an error').to.equal(null);
      expect(el.querySelector('input[autocomplete="new-password"]')).to.equal(null);
      await expect(el).to.be.accessible();

      part(el, 'retry-button')!.focus();
      part(el, 'retry-button')!.click();
      await el.updateComplete;
      expect(importer.calls).to.equal(3);
      expect(part(el, 'error')).to.equal(null);
      expect(part(el, 'retry-button')).to.equal(null);
      expect(el.matches(':state(error)')).to.equal(false);
      expect(document.activeElement, 'focus moves into the form once it is there').to.equal(newPasswordInput(el));
    });
  });
});
