// One-time codes, second factors, client trust and password reset, end to end in Chromium against
// the real reference server. E-mail travels over SMTP to a real mail server on loopback, SMS to a
// loopback webhook receiver; the test reads each code from the message that arrived.
import { expect, oneEvent } from '@open-wc/testing';
import type { SignInApiError } from '../../../src/core/errors.js';
import type { SignInErrorEvent } from '../../../src/controller/events.js';
import type { SignInFlowElement } from '../../../src/signin-flow.js';
import {
  addPhone,
  advanceServerClock,
  clearCookies,
  createBackupCodes,
  createUser,
  enrollTotp,
  failDelivery,
  insertText,
  lastMessage,
  totpCode,
  uniquePhone,
  type TestUser,
} from '../../support/reference-server.js';
import {
  codeInput,
  enterCodeAndComplete,
  enterCodeAndFail,
  mountFlow,
  newPasswordInput,
  otpOf,
  part,
  passwordInput,
  pickFactor,
  settle,
  signInWithPassword,
  submitForm,
  type,
  untilStep,
  expectNone,
  enterIdentifier,
  enterPasswordAndFail,
  fieldErrorText,
  freshVisitorEachTest,
  switchMethod,
  toEmailCodeStep,
  describeError,
  waitOut,
} from '../../support/flow.js';

describe('<signin-flow> with codes', () => {
  const visitor = freshVisitorEachTest();

  describe('first factor', () => {
    it('[OTP-1] should sign in with an email code sent over SMTP when the account has no password', async () => {
      const user = await createUser({ withoutPassword: true });
      const el = await mountFlow();
      const before = Date.now();
      await enterIdentifier(el, user.email, 'code');
      const mail = await lastMessage('email', user.email, before);
      expect(mail.code).to.match(/^\d{6}$/);
      expect(part(el, 'heading')!.textContent).to.equal('Check your email');
      const destination = part(el, 'destination')!.textContent!;
      expect(destination).to.contain('@example.com');
      expect(destination, 'the address is masked').to.not.equal(user.email);
      expect(document.activeElement).to.equal(codeInput(el));
      const complete = await enterCodeAndComplete(el, mail.code!);
      expect(complete.user.id).to.equal(user.id);
      expect(el.step).to.equal('signed-in');
      expect(visitor.warnings).to.deep.equal([]);
    });

    it('[OTP-9] should sign in with a phone code sent by the SMS webhook, chosen with "Use another method"', async () => {
      const phone = uniquePhone();
      const user = await createUser({ phone });
      const el = await mountFlow();
      await enterIdentifier(el, user.email);
      part(el, 'switch-method-button')!.click();
      await untilStep(el, 'choose-factor');
      const options = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="factor-option"]')].map((o) => o.dataset.strategy);
      expect(options).to.include.members(['password', 'email_code', 'phone_code']);
      expect(document.activeElement).to.equal(el);
      const before = Date.now();
      await pickFactor(el, 'phone_code');
      await untilStep(el, 'code');
      expect(part(el, 'heading')!.textContent).to.equal('Check your phone');
      const sms = await lastMessage('sms', phone, before);
      await enterCodeAndComplete(el, sms.code!);
      expect(el.controller!.state.user?.id).to.equal(user.id);
    });

    it('[PW-8] should take a whole code with spaces pasted in one insertion and submit it', async () => {
      const { el, code } = await toEmailCodeStep();
      const input = codeInput(el);
      const inputs: string[] = [];
      const submitted: string[] = [];
      // Registered after the element's own listener, so this sees the value once it is cleaned.
      input.addEventListener('input', () => inputs.push(input.value));
      input.form!.addEventListener('submit', () => submitted.push(input.value));
      const complete = oneEvent(el, 'signin-complete');
      input.focus();
      // The browser inserts the clipboard text itself (CDP Input.insertText): nothing is typed.
      await insertText(`${code.slice(0, 3)} ${code.slice(3)}`);
      await complete;
      expect(inputs, 'one insertion, the spaces dropped').to.deep.equal([code]);
      expect(submitted, 'submitted once, by itself').to.deep.equal([code]);
    });
  });

  describe('errors', () => {
    it('should explain a wrong code at the field and keep the step', async () => {
      const { el, code } = await toEmailCodeStep();
      const wrong = code === '000000' ? '111111' : '000000';
      const { error } = await enterCodeAndFail(el, wrong);
      expect(error.code).to.equal('form_code_incorrect');
      expect(codeInput(el).getAttribute('aria-invalid')).to.equal('true');
      const describedBy = document.getElementById(codeInput(el).getAttribute('aria-describedby')!)!;
      expect(describedBy.textContent).to.equal(error.longMessage);
      expect(el.step).to.equal('code');
      await enterCodeAndComplete(el, code);
    });

    it('[OTP-2] should reject an expired code and offer a new one', async () => {
      const { el, user, code } = await toEmailCodeStep();
      await advanceServerClock(10 * 60 * 1000 + 1000);
      const { error } = await enterCodeAndFail(el, code);
      expect(error.code).to.equal('verification_expired');
      // The server's "Request a new code." gives way to the button's name, so the advice is said once.
      expect(fieldErrorText(el)).to.equal('This code has expired. Send a new code to try again.');
      expect(part(el, 'status')!.textContent).to.equal('This code has expired. Send a new code to try again.');
      const before = Date.now();
      expect(await el.controller!.resendCode()).to.be.true;
      const fresh = await lastMessage('email', user.email, before);
      await settle(el);
      await enterCodeAndComplete(el, fresh.code!);
    });

    it('[OTP-5] should burn the code after too many wrong attempts', async () => {
      const { el: first, code } = await toEmailCodeStep();
      let el = first;
      const wrong = code === '000000' ? '111111' : '000000';
      // Wrong codes also count toward the account's lockout (DEC-2, MFA-5): after 3 free failures
      // the account waits 30 s, which the test moves the server clock past. The fifth wrong try
      // burns the code (OTP-5).
      const expected = [...Array(4).fill('form_code_incorrect'), 'too_many_requests 30', 'form_code_incorrect', 'verification_failed'];
      const seen: string[] = [];
      for (const [i, want] of expected.entries()) {
        const { error } = await enterCodeAndFail(el, wrong);
        seen.push(describeError(error));
        expect(seen).to.deep.equal(expected.slice(0, i + 1));
        if (i === 4) {
          expect(part(el, 'error')!.textContent).to.match(/^Too many requests\. You can try again in (30|29) seconds\.$/);
          expect(otpOf(el).matches(':state(waiting)')).to.be.true;
          expect((otpOf(el).querySelector('button[type="submit"]') as HTMLButtonElement).disabled).to.be.true;
        }
        if (want.startsWith('too_many_requests')) el = await waitOut(el, error as SignInApiError);
      }
      // The right code now: still inside its 10 minutes, but burned.
      const { error } = await enterCodeAndFail(el, code);
      expect(error.code, 'even the right code fails once the code is burned').to.equal('verification_failed');
      expect(fieldErrorText(el)).to.equal('Too many incorrect attempts. Send a new code to try again.');
      expect(part(el, 'status')!.textContent).to.equal('Too many incorrect attempts. Send a new code to try again.');
    });

    describe('delivery', () => {
      afterEach(async () => {
        await failDelivery('sms', false);
      });

      it('[FT-10] should report an SMS the provider refused, keep the step usable, and send after recovery', async () => {
        const phone = uniquePhone();
        const user = await createUser({ phone });
        const el = await mountFlow();
        await enterIdentifier(el, user.email);
        await failDelivery('sms');
        const failed = oneEvent(el, 'signin-error');
        await switchMethod(el, 'phone_code');
        const { error } = (await failed) as unknown as SignInErrorEvent;
        expect(error.code).to.equal('delivery_failed');
        const summary = part(el, 'error')!;
        expect(summary.getAttribute('role')).to.equal('alert');
        expect(summary.textContent).to.equal("We couldn't send the code. Try again in a moment, or use another method.");
        // Not treated as sent: no cooldown, nothing disabled, another method still on offer.
        const resend = part(el, 'resend-button') as HTMLButtonElement;
        expect(resend.disabled, 'resend allowed at once').to.be.false;
        expect(resend.textContent).to.equal('Send a new code');
        expect(codeInput(el).disabled).to.be.false;
        expect(codeInput(el).hasAttribute('aria-invalid'), 'the code field did nothing wrong').to.be.false;
        expect(part(el, 'switch-method-button')).to.exist;
        await expect(el).to.be.accessible();

        await failDelivery('sms', false);
        const before = Date.now();
        resend.click();
        const sms = await lastMessage('sms', phone, before);
        await settle(el);
        expectNone(part(el, 'error'), 'the error is gone once the code is sent');
        expect(resend.disabled, 'a sent code starts the cooldown').to.be.true;
        const complete = await enterCodeAndComplete(el, sms.code!);
        expect(complete.user.id).to.equal(user.id);
      });
    });

    it('[OTP-6] should enforce the resend cooldown on the server, then replace the old code', async () => {
      const { el: page, user, code: first } = await toEmailCodeStep();
      const resend = part(page, 'resend-button') as HTMLButtonElement;
      expect(resend.disabled, 'the button waits for the cooldown').to.be.true;
      expect(resend.textContent).to.match(/\(\d+ seconds?\)/);
      // Past the button, the server itself refuses an early resend.
      const refused = oneEvent(page, 'signin-error');
      expect(await page.controller!.resendCode()).to.be.false;
      const error = ((await refused) as unknown as SignInErrorEvent).error as SignInApiError;
      expect(error.code).to.equal('too_many_requests');
      expect(error.retryAfter).to.be.greaterThan(0);
      const el = await waitOut(page, error);
      const before = Date.now();
      (part(el, 'resend-button') as HTMLButtonElement).click();
      const second = await lastMessage('email', user.email, before);
      await settle(el);
      if (second.code !== first) {
        const stale = await enterCodeAndFail(el, first);
        expect(stale.error.code).to.equal('form_code_incorrect');
      }
      await enterCodeAndComplete(el, second.code!);
    });
  });

  describe('second factor', () => {
    it('[MFA-1] should complete password + TOTP, and refuse the same TOTP code twice', async () => {
      const user = await createUser();
      const secret = await enrollTotp(user.id);
      const el = await mountFlow();
      await signInWithPassword(el, user.email, user.password);
      await untilStep(el, 'code');
      expect(el.controller!.state.status).to.equal('needs_second_factor');
      expect(el.controller!.state.factor?.strategy).to.equal('totp');
      expect(part(el, 'heading')!.textContent).to.equal('Two-step verification');
      expectNone(part(el, 'resend-button'), 'nothing to resend for an authenticator app');
      const code = await totpCode(secret);
      await enterCodeAndComplete(el, code);

      // Same code on a second sign-in within its 30 s step: refused (DEC-4).
      await el.controller!.signOut();
      await clearCookies();
      const again = await mountFlow();
      await signInWithPassword(again, user.email, user.password);
      await untilStep(again, 'code');
      const { error } = await enterCodeAndFail(again, code);
      expect(error.code).to.equal('otp_code_already_used');
      await advanceServerClock(30_000);
      await enterCodeAndComplete(again, await totpCode(secret));
    });

    it('[OTP-9] should complete password + SMS second factor, sent by the webhook', async () => {
      const user = await createUser();
      const phone = uniquePhone();
      await addPhone(user.id, phone, { secondFactor: true });
      const el = await mountFlow();
      const before = Date.now();
      await signInWithPassword(el, user.email, user.password);
      await untilStep(el, 'code');
      expect(el.controller!.state.status).to.equal('needs_second_factor');
      expect(el.controller!.state.factor?.strategy).to.equal('phone_code');
      expect(part(el, 'heading')!.textContent).to.equal('Two-step verification');
      expect(part(el, 'destination')!.textContent).to.match(/^\+1\*+\d{2}$/);
      const sms = await lastMessage('sms', phone, before);
      const complete = await enterCodeAndComplete(el, sms.code!);
      expect(complete.user.id).to.equal(user.id);
    });

    it('[MFA-6] should complete with a backup code, once', async () => {
      const user = await createUser();
      await enrollTotp(user.id);
      const [backup] = await createBackupCodes(user.id);
      const el = await mountFlow();
      await signInWithPassword(el, user.email, user.password);
      await untilStep(el, 'code');
      await switchMethod(el, 'backup_code');
      expect(codeInput(el).inputMode).to.equal('text');
      expect(codeInput(el).autocomplete).to.equal('off');
      const complete = oneEvent(el, 'signin-complete');
      type(codeInput(el), backup);
      submitForm(codeInput(el));
      await complete;

      await el.controller!.signOut();
      await clearCookies();
      const again = await mountFlow();
      await signInWithPassword(again, user.email, user.password);
      await untilStep(again, 'code');
      await switchMethod(again, 'backup_code');
      const { error } = await enterCodeAndFail(again, backup, true);
      expect(error.meta.paramName).to.equal('code');
      expect(again.step).to.equal('code');
    });
  });

  describe('client trust', () => {
    it('[FLOW-4] should ask a new device to confirm itself, then trust it', async () => {
      const user = await createUser({ server: 'trust' });
      const el = await mountFlow('trust');
      const before = Date.now();
      await signInWithPassword(el, user.email, user.password);
      await untilStep(el, 'code');
      expect(el.controller!.state.status).to.equal('needs_client_trust');
      expect(el.controller!.state.signIn!.clientTrustState).to.equal('new');
      expect(el.controller!.state.session, 'no session before the device is confirmed').to.be.null;
      expect(part(el, 'heading')!.textContent).to.equal("Verify it's you");
      const mail = await lastMessage('email', user.email, before);
      await enterCodeAndComplete(el, mail.code!);

      // The same browser is trusted now: the password alone completes.
      await el.controller!.signOut();
      const known = await mountFlow('trust');
      const complete = oneEvent(known, 'signin-complete');
      await signInWithPassword(known, user.email, user.password);
      await complete;
      expect(known.controller!.state.signIn!.clientTrustState).to.equal('known');

      // Cleared cookies are a new device again.
      await known.controller!.signOut();
      await clearCookies();
      const fresh = await mountFlow('trust');
      await signInWithPassword(fresh, user.email, user.password);
      await untilStep(fresh, 'code');
      expect(fresh.controller!.state.status).to.equal('needs_client_trust');
    });

    it('[FLOW-4] should never reveal client trust for a wrong password', async () => {
      const user = await createUser({ server: 'trust' });
      const el = await mountFlow('trust');
      await enterIdentifier(el, user.email);
      expect((await enterPasswordAndFail(el, 'not-the-right-password')).error.code).to.equal('form_password_incorrect');
      expect(el.controller!.state.status).to.equal('needs_first_factor');
    });
  });

  /** From the password step: "Forgot password?", then the emailed reset code, to the new-password step. */
  async function resetByEmailCode(el: SignInFlowElement, user: TestUser): Promise<void> {
    const before = Date.now();
    part(el, 'forgot-password-button')!.click();
    await untilStep(el, 'code');
    expect(part(el, 'heading')!.textContent).to.equal('Reset your password');
    type(codeInput(el), (await lastMessage('email', user.email, before)).code!);
    await untilStep(el, 'new-password');
  }

  describe('password reset', () => {
    it('[PW-10] should reset the password by email code, complete, and refuse the old password', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await enterIdentifier(el, user.email);
      await resetByEmailCode(el, user);
      expect(el.controller!.state.status).to.equal('needs_new_password');
      const input = newPasswordInput(el);
      expect(input.form!.querySelector<HTMLInputElement>('input[autocomplete="username"]')!.value).to.equal(user.email);
      expect(document.activeElement).to.equal(input);
      // Live feedback on the rules while typing.
      type(input, 'short');
      const rules = input.form!.querySelector('.signin-password-rules')!;
      expect(rules.querySelector('[data-met="false"]')!.textContent).to.contain('At least');
      const newPassword = `Fresh-Meadow-${crypto.randomUUID().slice(0, 6)}`;
      type(input, newPassword);
      expectNone(rules.querySelector('[data-met="false"]'), 'every rule met');
      const complete = oneEvent(el, 'signin-complete');
      submitForm(input);
      await complete;

      await el.controller!.signOut();
      const old = await mountFlow();
      await enterIdentifier(old, user.email);
      expect((await enterPasswordAndFail(old, user.password)).error.code).to.equal('form_password_incorrect');
      type(passwordInput(old), newPassword);
      const done = oneEvent(old, 'signin-complete');
      submitForm(passwordInput(old));
      await done;
    });

    it('should refuse a new password that breaks the rules before sending it', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await enterIdentifier(el, user.email);
      await resetByEmailCode(el, user);
      type(newPasswordInput(el), 'short');
      submitForm(newPasswordInput(el));
      await el.updateComplete;
      expect(newPasswordInput(el).getAttribute('aria-invalid')).to.equal('true');
      expect(el.controller!.state.status).to.equal('needs_new_password');
    });
  });

  describe('a11y', () => {
    it('should be accessible at the code step, the chooser and the new-password step', async () => {
      const user = await createUser();
      const el = await mountFlow();
      await enterIdentifier(el, user.email);
      part(el, 'switch-method-button')!.click();
      await untilStep(el, 'choose-factor');
      await expect(el).to.be.accessible();
      const before = Date.now();
      await pickFactor(el, 'email_code');
      await untilStep(el, 'code');
      await expect(el).to.be.accessible();
      const { code } = await lastMessage('email', user.email, before);
      await enterCodeAndFail(el, code === '000000' ? '111111' : '000000');
      await expect(el).to.be.accessible();
      el.controller!.restart();
      await untilStep(el, 'identifier');
      await enterIdentifier(el, user.email);
      await advanceServerClock(31_000); // past the resend cooldown of the code sent above
      await resetByEmailCode(el, user);
      await expect(el).to.be.accessible();
    });
  });
});
