import type { SignInFactor } from '../../core/resources/factor.js';
import type { SignInStatus } from '../../controller/status.js';

/** Title and the sentence before the destination, for each kind of code. */
export interface OtpCopy {
  title: string;
  /** Text before the masked destination (`safe_identifier`), or the whole sentence when there is none. */
  lead: string;
  /** A code the server sends, so it can be sent again. */
  sent: boolean;
}

/** What `<signin-otp>` says for the factor being verified and the status it is verified for. */
export function otpCopy(factor: SignInFactor | null, status: SignInStatus | null): OtpCopy {
  const strategy = factor?.strategy ?? '';
  const whatsapp = factor?.channel === 'whatsapp';
  const phoneLead = whatsapp ? 'Enter the code we sent by WhatsApp to' : 'Enter the code we texted to';
  if (status === 'needs_client_trust') {
    return {
      title: "Verify it's you",
      lead: `You're signing in on a new device. ${strategy === 'phone_code' ? phoneLead : 'Enter the code we emailed to'}`,
      sent: true,
    };
  }
  switch (strategy) {
    case 'reset_password_email_code':
      return { title: 'Reset your password', lead: 'Enter the code we emailed to', sent: true };
    case 'reset_password_phone_code':
      return { title: 'Reset your password', lead: phoneLead, sent: true };
    case 'totp':
      return { title: 'Two-step verification', lead: 'Enter the 6-digit code from your authenticator app.', sent: false };
    case 'backup_code':
      return {
        title: 'Use a backup code',
        lead: 'Enter one of the backup codes you saved when you set up two-step verification.',
        sent: false,
      };
    case 'phone_code':
      return { title: status === 'needs_second_factor' ? 'Two-step verification' : 'Check your phone', lead: phoneLead, sent: true };
    default:
      return { title: status === 'needs_second_factor' ? 'Two-step verification' : 'Check your email', lead: 'Enter the code we emailed to', sent: true };
  }
}

/** Errors that belong at the code field rather than in the summary. */
const CODE_ERRORS = new Set(['form_code_incorrect', 'verification_expired', 'verification_failed', 'otp_code_already_used']);

export function isCodeFieldError(code: string, paramName: string | undefined): boolean {
  return paramName === 'code' || CODE_ERRORS.has(code);
}

/** The next step to suggest after an error the person can only fix with a new code. */
export function needsNewCode(code: string): boolean {
  return code === 'verification_expired' || code === 'verification_failed';
}

/** A code sent by text message (not WhatsApp): the restricted factor of OTP-9. */
export function isTextMessage(factor: SignInFactor | null): boolean {
  const strategy = factor?.strategy;
  return (strategy === 'phone_code' || strategy === 'reset_password_phone_code') && factor?.channel !== 'whatsapp';
}
