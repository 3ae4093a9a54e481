import { normalizePassword } from '../crypto/password.js';
import { errors } from '../errors.js';
import { reqString } from '../http.js';
import type { FactorStrategy } from './types.js';

/** `password` first factor (§11.1). Rehashes on success when the scrypt parameters changed (PW-9). */
export const passwordStrategy: FactorStrategy = {
  strategy: 'password',
  verificationObject: 'verification_password',
  amr: 'pwd',
  countsForLockout: true,

  factors(app, { user }, purpose) {
    return purpose === 'first' && user.passwordHash && !app.lockout.passwordDisabled(user) ? [{ strategy: 'password' }] : [];
  },

  parse({ ctx, user, body }) {
    const { app } = ctx;
    const raw = reqString(body, 'password', Number.MAX_SAFE_INTEGER);
    const password = normalizePassword(raw, app.config.password);
    const stored = user.user.passwordHash;
    if (!stored) throw errors.strategyForUserInvalid('This account has no password. Use another method.');
    if (app.lockout.passwordDisabled(user.user)) {
      throw errors.strategyForUserInvalid('Password sign-in is disabled after too many failed attempts. Reset your password.');
    }
    return async () => {
      if (!(await app.hasher.verify(stored, password))) return { ok: false, error: errors.passwordIncorrect() };
      if (app.hasher.needsRehash(stored)) {
        await app.store.setPasswordHash(user.user.id, await app.hasher.hash(password), app.clock.now());
      }
      return { ok: true };
    };
  },
};
