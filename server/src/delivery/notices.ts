import type { OutgoingMessage } from './types.js';

/** Security events the account holder is told about by e-mail (RL-10). */
export type SecurityEvent = 'password_reset' | 'totp_added' | 'totp_removed' | 'backup_codes_created' | 'second_factor_failed';

const NOTICES: Record<SecurityEvent, { subject: string; body: string }> = {
  password_reset: {
    subject: 'Your {app} password was changed',
    body: 'The password of your {app} account was reset.',
  },
  totp_added: {
    subject: 'An authenticator app was added to your {app} account',
    body: 'An authenticator app was added as a second factor to your {app} account.',
  },
  totp_removed: {
    subject: 'An authenticator app was removed from your {app} account',
    body: 'The authenticator app was removed from your {app} account; it no longer works as a second factor.',
  },
  backup_codes_created: {
    subject: 'New backup codes for your {app} account',
    body: 'New backup codes were created for your {app} account. Any earlier backup codes no longer work.',
  },
  second_factor_failed: {
    subject: 'A sign-in to your {app} account was stopped',
    body: 'Someone entered the correct password for your {app} account but failed the second verification step.',
  },
};

/**
 * The e-mail for a security event. It names the event and the time, never a secret: no code,
 * password, TOTP secret, backup code or link that signs anyone in.
 */
export function securityNotice(event: SecurityEvent, opts: { to: string; appName: string; at: number }): OutgoingMessage {
  const n = NOTICES[event];
  const fill = (s: string) => s.replaceAll('{app}', opts.appName);
  return {
    channel: 'email',
    to: opts.to,
    subject: fill(n.subject),
    text:
      `${fill(n.body)}\n\nWhen: ${new Date(opts.at).toISOString()}\n\n` +
      `If this was you, there is nothing to do. If it was not, reset your password now and check the sign-in methods of your account.\n`,
  };
}
