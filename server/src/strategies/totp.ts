import { matchTotp } from '../crypto/otp.js';
import { errors } from '../errors.js';
import { reqString } from '../http.js';
import type { FactorStrategy } from './types.js';

/**
 * `totp` second factor (§11.9, MFA-1…MFA-4, DEC-4): RFC 6238 SHA-1, 30 s, 6 digits, the server
 * clock decides, ±TOTP_WINDOW steps. A code whose step is not after the last accepted step gets
 * 422 `otp_code_already_used`; the step is consumed with a compare-and-set inside the completion
 * transaction, so two parallel submissions of one code yield one session (FT-4).
 */
export const totpStrategy: FactorStrategy = {
  strategy: 'totp',
  verificationObject: 'verification_totp',
  amr: 'otp',
  countsForLockout: true,

  factors(_app, user, purpose) {
    return purpose === 'second' && user.mfa.totp ? [{ strategy: 'totp' }] : [];
  },

  parse({ ctx, user, body }) {
    const code = reqString(body, 'code', 64).replace(/\s+/g, '');
    return async () => {
      const { app } = ctx;
      const record = await app.store.getTotp(user.user.id);
      if (!record) return { ok: false, error: errors.strategyForUserInvalid() };
      const secret = app.secretBox.open(record.secretSealed, user.user.id);
      const step = matchTotp(secret, code, app.clock.now(), app.config.totpWindow);
      if (step === null) return { ok: false, error: errors.codeIncorrect() };
      if (record.lastStep !== null && step <= record.lastStep) return { ok: false, error: errors.codeAlreadyUsed() };
      return { ok: true, consume: { kind: 'totp_step', userId: user.user.id, step } };
    };
  },
};
