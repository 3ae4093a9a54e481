import type { App } from '../context.js';
import { normalizePassword } from '../crypto/password.js';
import { errors } from '../errors.js';
import { reqString } from '../http.js';
import type { FactorStrategy } from './types.js';

/** A wrong password; in strict enumeration mode the same answer as for no account (RL-8). */
const wrongPassword = (app: App) => (app.config.enumeration.mode === 'strict' ? errors.passwordOrIdentifierIncorrect() : errors.passwordIncorrect());

/**
 * `password` first factor (§11.1). Rehashes on success when the scrypt parameters changed (PW-9).
 * A decoy account (RL-8) gets the same scrypt work against a dummy hash and always fails (PW-11).
 */
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
    if (user.decoy) {
      return async () => {
        await app.hasher.dummyVerify(password);
        return { ok: false, error: wrongPassword(app) };
      };
    }
    return async () => {
      if (!(await app.hasher.verify(stored, password))) return { ok: false, error: wrongPassword(app) };
      if (app.hasher.needsRehash(stored)) {
        await app.store.setPasswordHash(user.user.id, await app.hasher.hash(password), app.clock.now());
      }
      return { ok: true };
    };
  },
};
