import { errors } from '../errors.js';
import { reqString } from '../http.js';
import type { FactorStrategy } from './types.js';

/** Backup codes are typed with optional spaces or dashes and in any case. */
export const normalizeBackupCode = (code: string) => code.toLowerCase().replace(/[\s-]+/g, '');

/**
 * `backup_code` second factor (MFA-6): each code is a salted scrypt hash, single use (marked
 * used with a compare-and-set in the completion transaction, FT-5).
 */
export const backupCodeStrategy: FactorStrategy = {
  strategy: 'backup_code',
  verificationObject: 'verification_backup_code',
  amr: 'backup_code',
  countsForLockout: true,

  factors(_app, user, purpose) {
    return purpose === 'second' && user.mfa.backupCodes > 0 ? [{ strategy: 'backup_code' }] : [];
  },

  parse({ ctx, user, body }) {
    const code = normalizeBackupCode(reqString(body, 'code', 64));
    return async () => {
      if (!/^[a-z0-9]{6,32}$/.test(code)) return { ok: false, error: errors.codeIncorrect() };
      for (const record of await ctx.app.store.listBackupCodes(user.user.id)) {
        if (await ctx.app.hasher.verify(record.hash, code)) return { ok: true, consume: { kind: 'backup_code', id: record.id } };
      }
      return { ok: false, error: errors.codeIncorrect() };
    };
  },
};
