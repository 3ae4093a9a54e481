// <signin-otp> on its own terms: structure for autofill, properties, behaviour without a provider,
// and WebOTP. Full flows run in test/elements/signin-flow/signin-flow.codes.test.ts.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/define.js';
import type { SignInOtpElement } from '../../../src/signin-otp.js';
import {
  addPhone,
  clearCookies,
  createUser,
  enrollTotp,
  holdRequests,
  lastMessage,
  releaseRequests,
  totpCode,
  uniquePhone,
} from '../../support/reference-server.js';
import {
  codeInput,
  enterCodeAndComplete,
  enterIdentifier,
  expectNone,
  mountFlow,
  otpOf,
  part,
  settle,
  signInWithPassword,
  submitButton,
  switchMethod,
  toEmailCodeStep,
  type,
  untilStep,
} from '../../support/flow.js';
import { captureWarnings } from '../../support/events.js';

describe('<signin-otp>', () => {
  beforeEach(async () => {
    await clearCookies();
  });

  describe('autofill', () => {
    it('[UI-7] should keep one one-time-code input in a light-DOM form', async () => {
      const el = await fixture<SignInOtpElement>(html`<signin-otp></signin-otp>`);
      const input = el.querySelector('input')!;
      expect(input.form).to.equal(el.querySelector('form'));
      expect(input.autocomplete).to.equal('one-time-code');
      expect(input.inputMode).to.equal('numeric');
      expect(input.name).to.equal('code');
      expect(el.querySelectorAll('input'), 'one input, not one box per digit').to.have.length(1);
      expect(el.querySelector('form button[type="submit"]')).to.exist;
      expectNone(el.shadowRoot!.querySelector('input'), 'no input in the shadow root');
    });

    it('should use a form the page supplies', async () => {
      const el = await fixture<SignInOtpElement>(html`
        <signin-otp><form><label>Code <input name="otp" autocomplete="one-time-code"></label><button>Go</button></form></signin-otp>`);
      expect(el.querySelectorAll('form')).to.have.length(1);
      expect(el.querySelector('input')!.name).to.equal('otp');
    });
  });

  describe('properties', () => {
    it('should reflect auto-submit to autoSubmit', async () => {
      const el = await fixture<SignInOtpElement>(html`<signin-otp></signin-otp>`);
      expect(el.autoSubmit).to.be.true;
      const off = await fixture<SignInOtpElement>(html`<signin-otp .autoSubmit=${false}></signin-otp>`);
      expect(off.autoSubmit).to.be.false;
    });
  });

  describe('without a provider', () => {
    it('should render its slot, warn once and not throw', async () => {
      const warnings = captureWarnings();
      try {
        const el = await fixture<SignInOtpElement>(html`<signin-otp></signin-otp>`);
        el.requestUpdate();
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('slot')).to.exist;
        expectNone(el.shadowRoot!.querySelector('[part="heading"]'), 'no chrome without a controller');
        const input = el.querySelector('input')!;
        input.value = '123456';
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
        el.querySelector('form')!.requestSubmit();
        expect(warnings.warnings.filter((w) => w.includes('no-provider')).length).to.be.at.most(1);
      } finally {
        warnings.restore();
      }
    });
  });

  describe('events', () => {
    it('should submit once a whole code is typed, unless auto-submit is off', async () => {
      const { el: flow, code } = await toEmailCodeStep();
      const otp = otpOf(flow) as SignInOtpElement;
      otp.autoSubmit = false;
      type(codeInput(flow), code);
      await otp.updateComplete;
      expect(flow.controller!.state.activity, 'nothing sent without auto-submit').to.equal('idle');
      otp.autoSubmit = true;
      const complete = oneEvent(flow, 'signin-complete');
      type(codeInput(flow), code);
      await complete;
    });
  });

  describe('states', () => {
    afterEach(async () => {
      await releaseRequests();
    });

    it('should show :state(pending) while a code is checked, then :state(error) when it is wrong', async () => {
      const { el: flow, code } = await toEmailCodeStep();
      const otp = otpOf(flow);
      expect(otp.matches(':state(pending)')).to.be.false;
      expect(otp.matches(':state(error)')).to.be.false;
      await holdRequests('*/attempt_first_factor*');
      type(codeInput(flow), code === '000000' ? '111111' : '000000'); // a whole code submits by itself
      await otp.updateComplete;
      expect(otp.matches(':state(pending)'), 'pending while the request is held').to.be.true;
      expect(codeInput(flow).form!.getAttribute('aria-busy')).to.equal('true');
      expect(submitButton(otp).disabled).to.be.true;
      expect(part(flow, 'status')!.textContent).to.equal('Checking…');
      const failed = oneEvent(flow, 'signin-error');
      await releaseRequests();
      await failed;
      await settle(flow);
      expect(otp.matches(':state(pending)')).to.be.false;
      expect(otp.matches(':state(error)')).to.be.true;
      expect(codeInput(flow).form!.hasAttribute('aria-busy')).to.be.false;
      await enterCodeAndComplete(flow, code);
      await otp.updateComplete;
      expect(otp.matches(':state(error)'), 'no error state once signed in').to.be.false;
    });
  });

  describe('SMS', () => {
    it('[OTP-9] should say SMS is the weakest method and offer the authenticator app instead', async () => {
      const user = await createUser();
      const secret = await enrollTotp(user.id);
      await addPhone(user.id, uniquePhone(), { secondFactor: true });
      const flow = await mountFlow();
      await signInWithPassword(flow, user.email, user.password);
      await untilStep(flow, 'code');
      expect(flow.controller!.state.factor?.strategy).to.equal('totp');
      expectNone(part(flow, 'notice'), 'no SMS notice for the authenticator app');
      await switchMethod(flow, 'phone_code');
      expect(part(flow, 'notice')!.textContent).to.equal(
        'Text messages can be intercepted, so an SMS code is the least secure way to verify. Your authenticator app is safer.',
      );
      await expect(flow).to.be.accessible();
      part(flow, 'stronger-method-button')!.click();
      await settle(flow);
      expect(flow.controller!.state.factor?.strategy).to.equal('totp');
      expect(part(flow, 'description')!.textContent).to.contain('authenticator app');
      expectNone(part(flow, 'notice'), 'the notice goes with the SMS code');
      expect(document.activeElement, 'focus stays at the code input').to.equal(codeInput(flow));
      await enterCodeAndComplete(flow, await totpCode(secret));
    });

    it('[OTP-9] should explain the risk of an SMS first factor when nothing stronger is on offer', async () => {
      const user = await createUser({ phone: uniquePhone() });
      const flow = await mountFlow();
      await enterIdentifier(flow, user.email);
      await switchMethod(flow, 'phone_code');
      expect(part(flow, 'notice')!.textContent).to.equal(
        'Text messages can be intercepted, so an SMS code is the least secure way to verify. Once you are signed in, consider setting up an authenticator app.',
      );
      expectNone(part(flow, 'stronger-method-button'), 'no authenticator app to offer');
    });
  });

  describe('WebOTP', () => {
    // A phone receiving the SMS cannot exist here, so the browser's WebOTP API is stubbed: the
    // element must ask for an SMS code and submit what the browser hands back.
    const original = navigator.credentials.get;
    afterEach(() => {
      navigator.credentials.get = original;
      delete (window as { OTPCredential?: unknown }).OTPCredential;
    });

    it('should fill and submit the code the browser reads from the SMS', async () => {
      const phone = uniquePhone();
      const user = await createUser({ phone });
      const flow = await mountFlow();
      let requested: CredentialRequestOptions | undefined;
      let deliver: (code: string) => void = () => {};
      (window as { OTPCredential?: unknown }).OTPCredential = class {};
      navigator.credentials.get = (options?: CredentialRequestOptions) => {
        requested = options;
        return new Promise((resolve) => {
          deliver = (code) => resolve({ code, id: '', type: 'otp' } as unknown as Credential);
        });
      };
      await enterIdentifier(flow, user.email);
      const before = Date.now();
      await switchMethod(flow, 'phone_code');
      expect((requested as { otp?: { transport: string[] } }).otp?.transport).to.deep.equal(['sms']);
      const sms = await lastMessage('sms', phone, before);
      const complete = oneEvent(flow, 'signin-complete');
      deliver(sms.code!);
      await complete;
    });
  });

  describe('a11y', () => {
    it('should be accessible on its own', async () => {
      const el = await fixture<SignInOtpElement>(html`<signin-otp></signin-otp>`);
      await expect(el).to.be.accessible();
    });
  });
});
