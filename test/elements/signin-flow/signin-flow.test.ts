// <signin-flow> end to end in Chromium against the real reference server (started by the test
// run on 127.0.0.1; see test/support/reference-server-plugin.mjs). Nothing here is mocked.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { SignInFlowElement } from '../../../src/signin-flow.js';
import type { SignInCompleteEvent, SignInErrorEvent, SignInStatusChangeEvent } from '../../../src/controller/events.js';
import { isSignInError, type SignInApiError } from '../../../src/core/errors.js';
import { advanceServerClock, createUser, referenceServerUrl } from '../../support/reference-server.js';
import { enterIdentifier, expectNone, freshVisitorEachTest, identifierInput, mountFlow, signInOneStep, part, passwordInput, settle, submitButton, type } from '../../support/flow.js';
import { recordEvents } from '../../support/events.js';

/** Submits the light-DOM form the way Enter or the submit button would. */
function submit(el: SignInFlowElement): void {
  el.querySelector('form')!.requestSubmit(submitButton(el));
}

describe('<signin-flow>', () => {
  const visitor = freshVisitorEachTest();

  describe('autofill', () => {
    it('[UI-7] should keep every credential input in light DOM inside a real form with autocomplete tokens', async () => {
      const el = await mountFlow();
      const form = el.querySelector('form');
      expect(form, 'light-DOM form').to.exist;
      expect(identifierInput(el).form).to.equal(form);
      expect(identifierInput(el).name).to.equal('identifier');
      expect(passwordInput(el).form).to.equal(form);
      expect(passwordInput(el).type).to.equal('password');
      expect(passwordInput(el).name).to.equal('password');
      expect(submitButton(el).form).to.equal(form);
      expectNone(el.shadowRoot!.querySelector('input'), 'no input in the shadow root');
      expect(el.shadowRoot!.querySelector('slot')).to.exist;
    });

    it('[PW-8] should never block paste and should offer a show-password toggle', async () => {
      const el = await mountFlow();
      await enterIdentifier(el, (await createUser()).email);
      const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: new DataTransfer() });
      passwordInput(el).dispatchEvent(paste);
      expect(paste.defaultPrevented).to.be.false;
      const toggle = el.querySelector<HTMLButtonElement>('.signin-toggle-password')!;
      expect(toggle.hidden).to.be.false;
      toggle.click();
      expect(passwordInput(el).type).to.equal('text');
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      toggle.click();
      expect(passwordInput(el).type).to.equal('password');
    });

    it('should use a form the page supplies and find its fields by autocomplete token', async () => {
      const url = await referenceServerUrl();
      const user = await createUser();
      const el = await fixture<SignInFlowElement>(html`
        <signin-flow frontend-api=${url}>
          <form>
            <label>Work email <input name="email" type="email" autocomplete="username"></label>
            <label>Secret <input name="secret" type="password" autocomplete="current-password"></label>
            <button>Log in</button>
          </form>
        </signin-flow>`);
      await waitUntil(() => el.controller?.state.loaded);
      const pageForm = el.querySelector('form')!;
      expect(el.querySelectorAll(':scope > form:not(.signin-new-password-form)'), 'no second sign-in form stamped').to.have.length(1);
      expect(identifierInput(el).form).to.equal(pageForm);
      const email = el.querySelector<HTMLInputElement>('input[name="email"]')!;
      expect(identifierInput(el)).to.equal(email);
      type(email, user.email);
      type(el.querySelector<HTMLInputElement>('input[name="secret"]')!, user.password);
      const complete = oneEvent(el, 'signin-complete');
      submit(el);
      expect(((await complete) as unknown as SignInCompleteEvent).sessionId).to.match(/^sess_/);
      expect(submitButton(el).textContent).to.equal('Log in');
    });
  });

  describe('properties', () => {
    it('should reflect frontend-api, publishable-key and proxy-url to properties', async () => {
      const el = await fixture<SignInFlowElement>(html`<signin-flow frontend-api="http://localhost:1" publishable-key="pk_test_Y2xlcmsuZXhhbXBsZS50ZXN0JA" proxy-url="/fapi"></signin-flow>`);
      expect(el.frontendApi).to.equal('http://localhost:1');
      expect(el.publishableKey).to.equal('pk_test_Y2xlcmsuZXhhbXBsZS50ZXN0JA');
      expect(el.proxyUrl).to.equal('/fapi');
      // proxy-url wins over the others (spec §3.2).
      expect(el.controller!.core.baseUrl).to.equal(`${location.origin}/fapi/v1`);
    });

    it('should reflect the step to an attribute and use a controller set before connect', async () => {
      const url = await referenceServerUrl();
      const el = document.createElement('signin-flow');
      const { SignInController } = await import('../../../src/controller/sign-in-controller.js');
      const controller = new SignInController({ frontendApi: url });
      el.controller = controller;
      document.body.append(el);
      try {
        await waitUntil(() => el.getAttribute('step') === 'identifier');
        expect(el.controller).to.equal(controller);
      } finally {
        el.remove();
      }
    });
  });

  describe('events', () => {
    it('[FLOW-1] should sign in with identifier and password in one step: status changes, then complete', async () => {
      const user = await createUser();
      const el = await mountFlow();
      const recorder = recordEvents(el);
      type(identifierInput(el), user.email);
      type(passwordInput(el), user.password); // as a password manager fills both
      const complete = oneEvent(el, 'signin-complete');
      submit(el);
      const event = (await complete) as unknown as SignInCompleteEvent;
      recorder.stop();

      expect(event.sessionId).to.match(/^sess_/);
      expect(event.user.id).to.equal(user.id);
      expect(event.user.primaryEmailAddress).to.equal(user.email);
      expect(event.bubbles && event.composed).to.be.true;
      const types = recorder.events.map((e) => e.type);
      expect(types.at(-1)).to.equal('signin-complete');
      expect(types.filter((t) => t === 'signin-complete')).to.have.length(1);
      const statusEvents = recorder.events.filter((e) => e.type === 'signin-status-change').map((e) => e.event as SignInStatusChangeEvent);
      expect(statusEvents.at(-1)!.status).to.equal('complete');
      expect(el.controller!.state.session?.id).to.equal(event.sessionId);
      expect(el.controller!.state.session?.status).to.equal('active');
      await el.updateComplete;
      expect(el.step).to.equal('signed-in');
      expect(part(el, 'signed-in')!.textContent).to.contain('Test User');
      expect(getComputedStyle(el.querySelector('form')!).display, 'form hidden once signed in').to.equal('none');
      expect(passwordInput(el).value, 'password cleared once signed in').to.equal('');
      const token = await el.controller!.getToken();
      expect(token).to.match(/^eyJ/);
      expect(visitor.warnings).to.deep.equal([]);
    });

    it('should sign in in two steps: identifier, then password', async () => {
      const user = await createUser();
      const el = await mountFlow();
      const recorder = recordEvents(el);
      type(identifierInput(el), user.username);
      submit(el);
      await waitUntil(() => el.step === 'password');
      await el.updateComplete;
      expect(document.activeElement).to.equal(passwordInput(el));
      expect(part(el, 'identity')!.textContent).to.contain(user.username);
      type(passwordInput(el), user.password);
      const complete = oneEvent(el, 'signin-complete');
      submit(el);
      await complete;
      recorder.stop();
      const statuses = recorder.events
        .filter((e) => e.type === 'signin-status-change')
        .map((e) => (e.event as SignInStatusChangeEvent).status);
      expect(statuses).to.deep.equal(['needs_first_factor', 'complete']);
      expect(recorder.events.map((e) => e.type)).to.deep.equal(['signin-status-change', 'signin-status-change', 'signin-complete']);
    });

    it('should go back to the identifier step with "Use another account"', async () => {
      const el = await mountFlow();
      await enterIdentifier(el, (await createUser()).email);
      part(el, 'back-button')!.click();
      await waitUntil(() => el.step === 'identifier');
      await el.updateComplete;
      expect(document.activeElement).to.equal(identifierInput(el));
      expect(identifierInput(el).readOnly).to.be.false;
    });

    it('[SES-5] should sign out and return to the identifier step', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await signInOneStep(el, user.email, user.password);
      const signedOut = oneEvent(el, 'signin-signed-out');
      part(el, 'sign-out-button')!.click();
      await signedOut;
      await waitUntil(() => el.step === 'identifier');
      expect(el.controller!.state.session).to.be.null;
      expect(await el.controller!.getToken()).to.be.null;
      // A reload of the page (a new controller on the same cookies) is signed out too.
      const again = await mountFlow();
      expect(again.step).to.equal('identifier');
    });

    it('should show a returning visitor as signed in', async () => {
      const user = await createUser();
      const first = await mountFlow();
      await signInOneStep(first, user.email, user.password);
      const second = await mountFlow();
      expect(second.step).to.equal('signed-in');
      expect(second.controller!.state.user?.id).to.equal(user.id);
    });
  });

  describe('storage', () => {
    it('[UI-1] should keep no token or credential in script-readable storage after signing in', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await signInOneStep(el, user.email, user.password);
      const token = (await el.controller!.getToken())!;
      expect(token).to.match(/^eyJ/);
      const readable = JSON.stringify({
        local: { ...localStorage },
        session: { ...sessionStorage },
        cookies: document.cookie,
        databases: await indexedDB.databases(),
      });
      expect(readable).to.not.contain('eyJ');
      expect(readable).to.not.contain(token.split('.')[2]);
      expect(readable).to.not.contain(user.password);
      // The client credential is an HttpOnly cookie: the page cannot see it at all.
      expect(document.cookie).to.not.match(/__client|__Host-client/);
    });
  });

  describe('errors', () => {
    it('should show form_password_incorrect at the password field and announce it', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await enterIdentifier(el, user.email);
      type(passwordInput(el), 'not-the-password-at-all');
      const failed = oneEvent(el, 'signin-error');
      submit(el);
      const event = (await failed) as unknown as SignInErrorEvent;
      await settle(el);
      expect(isSignInError(event.error)).to.be.true;
      expect(event.error.code).to.equal('form_password_incorrect');
      expect(event.error.meta.paramName).to.equal('password');
      const input = passwordInput(el);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      const describedBy = document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0])!;
      expect(describedBy.textContent).to.equal(event.error.longMessage);
      expect(describedBy.hidden).to.be.false;
      expect(part(el, 'status')!.textContent).to.equal(event.error.longMessage);
      expectNone(part(el, 'error'), 'no summary for a field error');
      expect(el.step).to.equal('password');
      expect(submitButton(el).disabled).to.be.false;
      // The identifier stays in the form (password managers pair it with the password) but is
      // hidden from people and assistive technology during the password step.
      expect(identifierInput(el).value).to.not.equal('');
      expect(identifierInput(el).closest('[aria-hidden="true"]')).to.exist;
      expect(getComputedStyle(passwordInput(el)).display).to.not.equal('none');
      // The right password on the next attempt clears the error and signs in.
      type(passwordInput(el), user.password);
      const complete = oneEvent(el, 'signin-complete');
      submit(el);
      await complete;
      await el.updateComplete;
      expect(passwordInput(el).hasAttribute('aria-invalid')).to.be.false;
    });

    it('should show an unknown identifier at the identifier field', async () => {
      const el = await mountFlow();
      type(identifierInput(el), `nobody-${crypto.randomUUID()}@example.com`);
      const failed = oneEvent(el, 'signin-error');
      submit(el);
      const event = (await failed) as unknown as SignInErrorEvent;
      await settle(el);
      expect(event.error.code).to.equal('form_identifier_not_found');
      expect(identifierInput(el).getAttribute('aria-invalid')).to.equal('true');
      expect(el.querySelector('.signin-field-error:not([hidden])')!.textContent).to.equal(event.error.longMessage);
      expect(el.step).to.equal('identifier');
      expect(document.activeElement).to.equal(identifierInput(el));
    });

    it('should refuse an empty identifier without a request', async () => {
      const el = await mountFlow();
      const recorder = recordEvents(el);
      submit(el);
      await el.updateComplete;
      recorder.stop();
      expect(recorder.events).to.deep.equal([]);
      expect(identifierInput(el).getAttribute('aria-invalid')).to.equal('true');
      type(identifierInput(el), 'a');
      await el.updateComplete;
      expect(identifierInput(el).hasAttribute('aria-invalid')).to.be.false;
    });

    it('[RL-1] should show the wait after repeated failures, then the lock, and block submits meanwhile', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await enterIdentifier(el, user.email);
      let lastCode = '';
      for (let i = 0; i < 30 && lastCode !== 'user_locked'; i++) {
        type(passwordInput(el), `wrong-password-${i}-xyz`);
        const failed = oneEvent(el, 'signin-error');
        submit(el);
        const error = ((await failed) as unknown as SignInErrorEvent).error as SignInApiError;
        await settle(el);
        lastCode = error.code;
        if (error.code === 'too_many_requests') {
          // A throttled attempt is refused, not evaluated: the element shows the wait and blocks.
          expect(error.retryAfter).to.be.greaterThan(0);
          expect(el.controller!.state.retryAt).to.be.greaterThan(Date.now());
          expect(submitButton(el).disabled).to.be.true;
          expect(part(el, 'error')!.textContent).to.match(/try again in \d+ (second|minute)/i);
          expect(el.matches(':state(waiting)')).to.be.true;
          await advanceServerClock(error.retryAfter! * 1000 + 1000);
          el.controller!.restart();
          await enterIdentifier(el, user.email);
        }
      }
      expect(lastCode).to.equal('user_locked');
      expect(part(el, 'error')!.textContent).to.match(/try again in \d+ (minute|hour)/i);
      expect(submitButton(el).disabled).to.be.true;
    });

    it('should explain an unreachable server and keep the form usable', async () => {
      const el = await mountFlow({ url: 'http://localhost:1' });
      expect(el.controller!.state.error?.code).to.equal('network_error');
      expect(part(el, 'error')!.textContent).to.contain('Cannot reach');
      expect(el.step).to.equal('identifier');
      const input = identifierInput(el);
      expect(input.disabled).to.be.false;
      type(input, 'ada@example.com');
      const failed = oneEvent(el, 'signin-error');
      submit(el);
      expect(((await failed) as unknown as SignInErrorEvent).error.code).to.equal('network_error');
      await settle(el);
      expect(submitButton(el).disabled).to.be.false;
      expect(input.value).to.equal('ada@example.com');
    });
  });

  describe('a11y', () => {
    it('should be accessible at the identifier step', async () => {
      const el = await mountFlow();
      await expect(el).to.be.accessible();
    });

    it('should be accessible at the password step with an error shown', async () => {
      const el = await mountFlow();
      await enterIdentifier(el, (await createUser()).email);
      await expect(el).to.be.accessible();
      type(passwordInput(el), 'wrong-password-for-a11y');
      const failed = oneEvent(el, 'signin-error');
      submit(el);
      await failed;
      await settle(el);
      await expect(el).to.be.accessible();
    });

    it('should be accessible when signed in', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await signInOneStep(el, user.email, user.password);
      await expect(el).to.be.accessible();
    });
  });
});
