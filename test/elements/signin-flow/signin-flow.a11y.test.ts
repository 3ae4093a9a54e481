// axe checks for every step and state <signin-flow> and its <signin-otp> can show, in the light
// and dark colour schemes, plus keyboard order at the code step. Everything runs against the real
// reference server; failures are provoked there (refused delivery, expired sign-in, no server).
import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { SignInFlowElement } from '../../../src/signin-flow.js';
import {
  addPhone,
  advanceServerClock,
  createBackupCodes,
  createUser,
  enrollTotp,
  failDelivery,
  uniquePhone,
} from '../../support/reference-server.js';
import {
  codeInput,
  enterCodeAndFail,
  enterIdentifier,
  enterPasswordAndFail,
  expectNone,
  freshVisitorEachTest,
  mountFlow,
  otpOf,
  part,
  pickFactor,
  signInOneStep,
  signInWithPassword,
  switchMethod,
  toEmailCodeStep,
  untilStep,
} from '../../support/flow.js';

/** A user with a password, at the password step of a new flow. */
async function atPasswordStep(): Promise<SignInFlowElement> {
  const el = await mountFlow();
  await enterIdentifier(el, (await createUser()).email);
  return el;
}

/** The card's default background in each colour scheme (host.styles.ts). */
const CARD_BACKGROUND = { light: 'rgb(255, 255, 255)', dark: 'rgb(17, 24, 39)' };

/** The focused element, looking inside shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<signin-flow>', () => {
  freshVisitorEachTest();

  describe('a11y', () => {
    it('[MFA-6] should be accessible at the TOTP step and the backup-code step, with and without an error', async () => {
      const user = await createUser();
      await enrollTotp(user.id);
      await createBackupCodes(user.id);
      const el = await mountFlow();
      await signInWithPassword(el, user.email, user.password);
      await untilStep(el, 'code');
      expect(el.controller!.state.factor?.strategy).to.equal('totp');
      await expect(el).to.be.accessible();
      await switchMethod(el, 'backup_code');
      expect(part(el, 'heading')!.textContent).to.equal('Use a backup code');
      await expect(el).to.be.accessible();
      await enterCodeAndFail(el, 'not-a-backup-code', true);
      expect(codeInput(el).getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('[OTP-9] should be accessible at the SMS second-factor step with its notice', async () => {
      const user = await createUser();
      await addPhone(user.id, uniquePhone(), { secondFactor: true });
      const el = await mountFlow();
      await signInWithPassword(el, user.email, user.password);
      await untilStep(el, 'code');
      expect(el.controller!.state.factor?.strategy).to.equal('phone_code');
      expect(part(el, 'notice')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('[FLOW-4] should be accessible at the client-trust step', async () => {
      const user = await createUser({ server: 'trust' });
      const el = await mountFlow('trust');
      await signInWithPassword(el, user.email, user.password);
      await untilStep(el, 'code');
      expect(part(el, 'heading')!.textContent).to.equal("Verify it's you");
      await expect(el).to.be.accessible();
    });

    it('[PW-12] should be accessible at the reset-code step', async () => {
      const el = await atPasswordStep();
      part(el, 'forgot-password-button')!.click();
      await untilStep(el, 'code');
      expect(part(el, 'heading')!.textContent).to.equal('Reset your password');
      await expect(el).to.be.accessible();
    });

    it('[OTP-6] should be accessible while the resend button counts down', async () => {
      const { el } = await toEmailCodeStep();
      const resend = part(el, 'resend-button') as HTMLButtonElement;
      expect(resend.disabled).to.be.true;
      expect(resend.textContent).to.match(/^Send a new code \(\d+ seconds?\)$/);
      await expect(el).to.be.accessible();
    });

    describe('delivery', () => {
      afterEach(async () => {
        await failDelivery('email', false);
      });

      it('[FT-10] should be accessible with the summary of an e-mail the SMTP server refused', async () => {
        const user = await createUser({ withoutPassword: true });
        const el = await mountFlow();
        await failDelivery('email');
        await enterIdentifier(el, user.email, 'code');
        expect(el.controller!.state.error?.code).to.equal('delivery_failed');
        expect(part(el, 'error')!.textContent).to.equal("We couldn't send the code. Try again in a moment, or use another method.");
        await expect(el).to.be.accessible();
      });
    });

    it('[FLOW-3] should be accessible with a summary error (the sign-in expired), then start over', async () => {
      const el = await atPasswordStep();
      await advanceServerClock(24 * 3600 * 1000 + 1000); // the reference server's sign-in lifetime
      const { error } = await enterPasswordAndFail(el, 'any-password-at-all');
      expect(error.code).to.equal('sign_in_expired');
      const summary = part(el, 'error')!;
      expect(summary.textContent).to.equal(error.longMessage);
      expect(summary.getAttribute('role')).to.equal('alert');
      await expect(el).to.be.accessible();
      part(el, 'back-button')!.click();
      await untilStep(el, 'identifier');
      expectNone(part(el, 'error'), 'starting over clears the error');
    });

    it('should be accessible when the server cannot be reached', async () => {
      const el = await mountFlow({ url: 'http://localhost:1' });
      expect(el.controller!.state.error?.code).to.equal('network_error');
      expect(part(el, 'error')).to.exist;
      await expect(el).to.be.accessible();
    });

    for (const scheme of ['light', 'dark'] as const) {
      describe(`the main steps in the ${scheme} colour scheme`, () => {
        before(async () => {
          await emulateMedia({ colorScheme: scheme });
        });
        after(async () => {
          await emulateMedia({ colorScheme: 'light' });
        });

        it('should be accessible at the identifier and password steps, with an error', async () => {
          expect(matchMedia(`(prefers-color-scheme: ${scheme})`).matches).to.be.true;
          const el = await atPasswordStep();
          expect(getComputedStyle(part(el, 'card')!).backgroundColor).to.equal(CARD_BACKGROUND[scheme]);
          await expect(el).to.be.accessible();
          await enterPasswordAndFail(el, 'not-the-password-at-all');
          await expect(el).to.be.accessible();
          part(el, 'back-button')!.click();
          await untilStep(el, 'identifier');
          await expect(el).to.be.accessible();
        });

        it('should be accessible at the chooser and the code step, with an error', async () => {
          const el = await atPasswordStep();
          part(el, 'switch-method-button')!.click();
          await untilStep(el, 'choose-factor');
          await expect(el).to.be.accessible();
          await pickFactor(el, 'email_code');
          await untilStep(el, 'code');
          await expect(el).to.be.accessible();
          await enterCodeAndFail(el, '000000');
          await expect(el).to.be.accessible();
        });

        it('should be accessible when signed in', async () => {
          const user = await createUser();
          const el = await mountFlow();
          await signInOneStep(el, user.email, user.password);
          await expect(el).to.be.accessible();
        });
      });
    }
  });

  describe('keyboard', () => {
    it('should Tab through the code step (input, verify, resend, another method, start over) and out, and back', async () => {
      const user = await createUser();
      const el = await mountFlow('default', { resendCooldownMs: 0 }); // the resend button is enabled at once
      await enterIdentifier(el, user.email);
      await switchMethod(el, 'email_code');
      const after = document.createElement('button');
      after.textContent = 'After the sign-in';
      el.after(after);
      try {
        const otp = otpOf(el);
        const order = [
          codeInput(el),
          otp.querySelector('button[type="submit"]'),
          part(el, 'resend-button'),
          part(el, 'switch-method-button'),
          part(el, 'back-button'),
          after,
        ];
        expect(order.every(Boolean), 'every stop exists').to.be.true;
        expect(deepActiveElement(), 'the step starts at the code input').to.equal(order[0]);
        for (const next of order.slice(1)) {
          await sendKeys({ press: 'Tab' });
          expect(deepActiveElement()).to.equal(next);
        }
        await sendKeys({ down: 'Shift' });
        try {
          for (const previous of order.slice(0, -1).reverse()) {
            await sendKeys({ press: 'Tab' });
            expect(deepActiveElement()).to.equal(previous);
          }
        } finally {
          await sendKeys({ up: 'Shift' });
        }
      } finally {
        after.remove();
      }
    });
  });
});
