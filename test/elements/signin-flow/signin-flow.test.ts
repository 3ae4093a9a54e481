// <signin-flow> end to end in Chromium against the real reference server (started by the test
// run on 127.0.0.1; see test/support/reference-server-plugin.mjs). Nothing here is mocked.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SignInFlowElement } from '../../../src/signin-flow.js';
import type { SignInCompleteEvent, SignInErrorEvent } from '../../../src/controller/events.js';
import { isSignInError, type SignInApiError } from '../../../src/core/errors.js';
import {
  createUser,
  heldRequests,
  holdRequests,
  referenceServerUrl,
  releaseRequests,
  serverEvents,
  type HeldRequest,
} from '../../support/reference-server.js';
import {
  describeError,
  describeEvent,
  enterIdentifier,
  enterPasswordAndFail,
  expectNone,
  freshVisitorEachTest,
  identifierInput,
  mountFlow,
  otpOf,
  part,
  passwordInput,
  pickFactor,
  settle,
  signInOneStep,
  submitButton,
  toEmailCodeStep,
  type,
  untilStep,
  waitOut,
} from '../../support/flow.js';
import { recordEvents } from '../../support/events.js';

/** Submits the light-DOM form the way Enter or the submit button would. */
function submitForm(el: SignInFlowElement): void {
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
      submitForm(el);
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
      submitForm(el);
      const event = (await complete) as unknown as SignInCompleteEvent;
      recorder.stop();

      expect(event.sessionId).to.match(/^sess_/);
      expect(event.user.id).to.equal(user.id);
      expect(event.user.primaryEmailAddress).to.equal(user.email);
      expect(event.bubbles && event.composed).to.be.true;
      // One request, straight to complete: exactly these events, in this order.
      expect(recorder.events.map(describeEvent)).to.deep.equal([
        'signin-status-change null→complete',
        `signin-complete ${event.sessionId}`,
      ]);
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
      submitForm(el);
      await waitUntil(() => el.step === 'password');
      await el.updateComplete;
      expect(document.activeElement).to.equal(passwordInput(el));
      expect(part(el, 'identity')!.textContent).to.contain(user.username);
      type(passwordInput(el), user.password);
      const complete = oneEvent(el, 'signin-complete');
      submitForm(el);
      await complete;
      recorder.stop();
      const { sessionId } = (await complete) as unknown as SignInCompleteEvent;
      expect(recorder.events.map(describeEvent)).to.deep.equal([
        'signin-status-change null→needs_first_factor',
        'signin-status-change needs_first_factor→complete',
        `signin-complete ${sessionId}`,
      ]);
    });

    it('should go back to the identifier step with "Use another account", leaving no password behind', async () => {
      const el = await mountFlow();
      await enterIdentifier(el, (await createUser()).email);
      await enterPasswordAndFail(el, 'a-wrong-password-typed-here');
      part(el, 'back-button')!.click();
      await waitUntil(() => el.step === 'identifier');
      await el.updateComplete;
      expect(document.activeElement).to.equal(identifierInput(el));
      expect(identifierInput(el).readOnly).to.be.false;
      // Otherwise the old password would go out with the next identifier as a one-step sign-in.
      expect(passwordInput(el).value).to.equal('');
      const other = await createUser();
      const recorder = recordEvents(el);
      await enterIdentifier(el, other.email);
      recorder.stop();
      expect(recorder.events.map(describeEvent)).to.deep.equal(['signin-status-change null→needs_first_factor']);
      expect((await serverEvents(other.id)).filter((e) => e.strategy === 'password'), 'no password attempt').to.deep.equal([]);
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

  describe('progress', () => {
    afterEach(async () => {
      await releaseRequests();
    });

    /** Holds password attempts until `act` is done, then lets them go; returns what the page sent. */
    async function whileAttemptHeld(el: SignInFlowElement, start: () => void | Promise<void>, act: () => Promise<void>): Promise<HeldRequest[]> {
      await holdRequests('*/attempt_first_factor*');
      await start();
      await waitUntil(async () => (await heldRequests()).length > 0, 'the attempt never left the page');
      await el.updateComplete;
      await act();
      return releaseRequests();
    }

    it('[FT-11] should show progress and send one request for a double click, then for a double Enter', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await enterIdentifier(el, user.email);
      const form = passwordInput(el).form!;
      const button = submitButton(el);

      type(passwordInput(el), 'not-the-password-at-all');
      const failed = oneEvent(el, 'signin-error');
      const clicked = await whileAttemptHeld(
        el,
        () => {
          button.click();
          button.click(); // the second click lands before the element has re-rendered
        },
        async () => {
          expect(form.getAttribute('aria-busy')).to.equal('true');
          expect(button.disabled).to.be.true;
          expect(el.matches(':state(pending)')).to.be.true;
          expect(part(el, 'progress')).to.exist;
          expect(part(el, 'status')!.textContent).to.equal('Working…');
          button.click();
        },
      );
      expect(clicked, 'one request for three clicks').to.have.length(1);
      await failed;
      await settle(el);
      expect(form.hasAttribute('aria-busy')).to.be.false;
      expect(button.disabled).to.be.false;
      expect(el.matches(':state(pending)')).to.be.false;

      type(passwordInput(el), user.password);
      passwordInput(el).focus();
      const complete = oneEvent(el, 'signin-complete');
      const pressed = await whileAttemptHeld(
        el,
        () => sendKeys({ press: 'Enter' }),
        () => sendKeys({ press: 'Enter' }),
      );
      expect(pressed, 'one request for two presses of Enter').to.have.length(1);
      await complete;
      // The server evaluated exactly one attempt per submission.
      expect((await serverEvents(user.id)).filter((e) => e.event.startsWith('sign_in.') && e.strategy === 'password')).to.deep.equal([
        { event: 'sign_in.attempt_failed', strategy: 'password', error: 'form_password_incorrect' },
        { event: 'sign_in.factor_verified', strategy: 'password' },
      ]);
    });
  });

  describe('theming', () => {
    it('should apply --signin-* custom properties to the shadow chrome and the light-DOM form', async () => {
      const el = await mountFlow();
      await enterIdentifier(el, (await createUser()).email);
      el.style.setProperty('--signin-accent', 'rgb(1, 2, 3)');
      el.style.setProperty('--signin-background', 'rgb(4, 5, 6)');
      el.style.setProperty('--signin-radius', '3px');
      el.style.setProperty('--signin-danger', 'rgb(7, 8, 9)');
      const card = getComputedStyle(part(el, 'card')!);
      expect(card.backgroundColor).to.equal('rgb(4, 5, 6)');
      expect(card.borderTopLeftRadius).to.equal('3px');
      expect(getComputedStyle(part(el, 'back-button')!).color).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(submitButton(el)).backgroundColor, 'light-DOM submit').to.equal('rgb(1, 2, 3)');
      await enterPasswordAndFail(el, 'not-the-password-at-all');
      expect(getComputedStyle(el.querySelector('.signin-field-error:not([hidden])')!).color).to.equal('rgb(7, 8, 9)');
    });

    it('should let page CSS style ::part() of both elements and override the light-DOM form', async () => {
      const style = document.createElement('style');
      style.textContent = `
        signin-flow::part(heading) { color: rgb(10, 11, 12); letter-spacing: 3px; }
        signin-flow::part(card) { border-top-width: 5px; }
        signin-otp::part(heading) { color: rgb(13, 14, 15); }
        signin-otp::part(resend-button) { text-transform: uppercase; }
        signin-flow .signin-submit { background-color: rgb(16, 17, 18); }`;
      document.head.append(style);
      try {
        const flow = await mountFlow();
        expect(getComputedStyle(part(flow, 'heading')!).color).to.equal('rgb(10, 11, 12)');
        expect(getComputedStyle(part(flow, 'heading')!).letterSpacing).to.equal('3px');
        expect(getComputedStyle(part(flow, 'card')!).borderTopWidth).to.equal('5px');
        // Unlayered page CSS beats the element's @layer signin rules without a specificity fight.
        expect(getComputedStyle(submitButton(flow)).backgroundColor).to.equal('rgb(16, 17, 18)');
        const { el } = await toEmailCodeStep();
        const otpHeading = otpOf(el).shadowRoot!.querySelector<HTMLElement>('[part="heading"]')!;
        expect(getComputedStyle(otpHeading).color).to.equal('rgb(13, 14, 15)');
        expect(getComputedStyle(part(el, 'resend-button')!).textTransform).to.equal('uppercase');
      } finally {
        style.remove();
      }
    });
  });

  describe('focus', () => {
    it('should move focus into each new step, and to the heading once signed in', async () => {
      const user = await createUser();
      const el = await mountFlow();
      identifierInput(el).focus();
      await enterIdentifier(el, user.email);
      expect(document.activeElement, 'password step').to.equal(passwordInput(el));
      part(el, 'switch-method-button')!.click();
      await untilStep(el, 'choose-factor');
      expect(el.shadowRoot!.activeElement, 'chooser').to.equal(part(el, 'factor-option'));
      await pickFactor(el, 'password');
      await untilStep(el, 'password');
      expect(document.activeElement, 'back at the password step').to.equal(passwordInput(el));
      type(passwordInput(el), user.password);
      const complete = oneEvent(el, 'signin-complete');
      submitForm(el);
      await complete;
      await el.updateComplete;
      const heading = part(el, 'heading')!;
      expect(heading.textContent).to.equal("You're signed in");
      expect(el.shadowRoot!.activeElement, 'signed in: the heading').to.equal(heading);
      expect(heading.tabIndex, 'focusable by script, not in the tab order').to.equal(-1);
      part(el, 'sign-out-button')!.click();
      await untilStep(el, 'identifier');
      expect(document.activeElement, 'signed out: the identifier').to.equal(identifierInput(el));
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
      submitForm(el);
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
      submitForm(el);
      await complete;
      await el.updateComplete;
      expect(passwordInput(el).hasAttribute('aria-invalid')).to.be.false;
    });

    it('should show an unknown identifier at the identifier field', async () => {
      const el = await mountFlow();
      type(identifierInput(el), `nobody-${crypto.randomUUID()}@example.com`);
      const failed = oneEvent(el, 'signin-error');
      submitForm(el);
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
      submitForm(el);
      await el.updateComplete;
      recorder.stop();
      expect(recorder.events).to.deep.equal([]);
      expect(identifierInput(el).getAttribute('aria-invalid')).to.equal('true');
      type(identifierInput(el), 'a');
      await el.updateComplete;
      expect(identifierInput(el).hasAttribute('aria-invalid')).to.be.false;
    });

    it('[RL-1] should show each wait after repeated failures, then the lock, and block submits meanwhile', async () => {
      const user = await createUser();
      let el = await mountFlow();
      await enterIdentifier(el, user.email);
      // The server's defaults (DEC-2): 3 free failures, then waits doubling from 30 s, and the lock
      // at 10 consecutive failures. After each wait the server clock moves past it.
      const expected = [
        ...Array(4).fill('form_password_incorrect'),
        ...[30, 60, 120, 240, 480, 960].flatMap((s) => [`too_many_requests ${s}`, 'form_password_incorrect']),
        'user_locked 3600',
      ];
      const seen: string[] = [];
      for (const [i, want] of expected.entries()) {
        const error = (await enterPasswordAndFail(el, `wrong-password-${i}-xyz`)).error as SignInApiError;
        seen.push(describeError(error));
        expect(seen, 'the server answers each attempt as DEC-2 says').to.deep.equal(expected.slice(0, i + 1));
        if (i === 4) {
          // The first wait: refused, not evaluated; the element blocks submits and counts down.
          expect(el.controller!.state.retryAt).to.be.greaterThan(Date.now());
          expect(submitButton(el).disabled).to.be.true;
          expect(el.matches(':state(waiting)')).to.be.true;
          expect(part(el, 'error')!.textContent).to.match(/^Too many requests\. You can try again in (30|29) seconds\.$/);
          expect(passwordInput(el).hasAttribute('aria-invalid'), 'a wait is no field error').to.be.false;
          await expect(el).to.be.accessible();
        }
        if (want.startsWith('too_many_requests')) el = await waitOut(el, error);
      }
      // Locked: the wait is said once, in the element's words, and submitting stays blocked.
      expect(part(el, 'error')!.textContent).to.match(/^Your account is locked\. You can try again in (1 hour|59 minutes( \d+ seconds?)?)\.$/);
      expect(submitButton(el).disabled).to.be.true;
      expect(el.matches(':state(waiting)')).to.be.true;
      await expect(el).to.be.accessible();
      const events = await serverEvents(user.id);
      expect(events.filter((e) => e.event === 'sign_in.attempt_failed'), 'every evaluated attempt logged').to.have.length(10);
      expect(events.filter((e) => e.event === 'sign_in.throttled'), 'every refused attempt logged').to.have.length(7);
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
      submitForm(el);
      expect(((await failed) as unknown as SignInErrorEvent).error.code).to.equal('network_error');
      await settle(el);
      expect(submitButton(el).disabled).to.be.false;
      expect(input.value).to.equal('ada@example.com');
    });
  });
  // a11y: every step and state, in both colour schemes, is in signin-flow.a11y.test.ts.
});
