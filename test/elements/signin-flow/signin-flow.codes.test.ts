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
  freshVisitorEachTest,
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

    it('should paste a whole code with spaces and submit it', async () => {
      const user = await createUser({ withoutPassword: true });
      const el = await mountFlow();
      const before = Date.now();
      await enterIdentifier(el, user.email, 'code');
      const { code } = await lastMessage('email', user.email, before);
      const complete = oneEvent(el, 'signin-complete');
      const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: new DataTransfer() });
      codeInput(el).dispatchEvent(paste);
      expect(paste.defaultPrevented, 'paste is never blocked').to.be.false;
      type(codeInput(el), `${code!.slice(0, 3)} ${code!.slice(3)}`);
      expect(codeInput(el).value).to.equal(code);
      await complete;
    });
  });

  describe('errors', () => {
    async function toCodeStep() {
      const user = await createUser({ withoutPassword: true });
      const el = await mountFlow();
      const before = Date.now();
      await enterIdentifier(el, user.email, 'code');
      const mail = await lastMessage('email', user.email, before);
      return { el, user, code: mail.code! };
    }

    it('should explain a wrong code at the field and keep the step', async () => {
      const { el, code } = await toCodeStep();
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
      const { el, user, code } = await toCodeStep();
      await advanceServerClock(10 * 60 * 1000 + 1000);
      const { error } = await enterCodeAndFail(el, code);
      expect(error.code).to.equal('verification_expired');
      expect(el.querySelector('signin-otp .signin-field-error')!.textContent).to.contain('Send a new code');
      const before = Date.now();
      expect(await el.controller!.resendCode()).to.be.true;
      const fresh = await lastMessage('email', user.email, before);
      await settle(el);
      await enterCodeAndComplete(el, fresh.code!);
    });

    it('[OTP-5] should burn the code after too many wrong attempts', async () => {
      const { el, code } = await toCodeStep();
      const wrong = code === '000000' ? '111111' : '000000';
      // Wrong codes also count toward the account's lockout (DEC-2, MFA-5): when the server makes
      // the account wait, move its clock past the wait and try again.
      const codes: string[] = [];
      for (let i = 0; i < 12 && codes.at(-1) !== 'verification_failed'; i++) {
        expect(await el.controller!.submitCode(wrong)).to.be.false;
        const error = el.controller!.state.error as SignInApiError;
        codes.push(error.code);
        if (error.code === 'too_many_requests') await advanceServerClock((error.retryAfter! + 1) * 1000);
      }
      expect(codes.filter((c) => c === 'form_code_incorrect')).to.have.length(5);
      expect(codes.at(-1)).to.equal('verification_failed');
      // The right code now: still inside its 10 minutes, but burned.
      let error = el.controller!.state.error as SignInApiError;
      for (let i = 0; i < 3; i++) {
        expect(await el.controller!.submitCode(code)).to.be.false;
        error = el.controller!.state.error as SignInApiError;
        if (error.code !== 'too_many_requests') break;
        await advanceServerClock((error.retryAfter! + 1) * 1000);
      }
      expect(error.code, 'even the right code fails once the code is burned').to.equal('verification_failed');
      await el.updateComplete;
      await otpOf(el).updateComplete;
      expect(el.querySelector('signin-otp .signin-field-error')!.textContent).to.contain('Send a new code');
    });

    it('[OTP-6] should enforce the resend cooldown on the server, then replace the old code', async () => {
      const { el, user, code: first } = await toCodeStep();
      const resend = part(el, 'resend-button') as HTMLButtonElement;
      expect(resend.disabled, 'the button waits for the cooldown').to.be.true;
      expect(resend.textContent).to.match(/\(\d+ seconds?\)/);
      // Past the button, the server itself refuses an early resend.
      const refused = oneEvent(el, 'signin-error');
      expect(await el.controller!.resendCode()).to.be.false;
      const error = ((await refused) as unknown as SignInErrorEvent).error as SignInApiError;
      expect(error.code).to.equal('too_many_requests');
      expect(error.retryAfter).to.be.greaterThan(0);
      await advanceServerClock((error.retryAfter! + 1) * 1000);
      const before = Date.now();
      expect(await el.controller!.resendCode()).to.be.true;
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
      part(el, 'switch-method-button')!.click();
      await untilStep(el, 'choose-factor');
      await pickFactor(el, 'backup_code');
      await untilStep(el, 'code');
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
      part(again, 'switch-method-button')!.click();
      await untilStep(again, 'choose-factor');
      await pickFactor(again, 'backup_code');
      await untilStep(again, 'code');
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
