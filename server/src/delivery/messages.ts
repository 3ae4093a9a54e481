import type { OutgoingMessage } from './types.js';

export type CodePurpose = 'sign_in' | 'reset_password' | 'verify_device' | 'second_factor';

const SUBJECTS: Record<CodePurpose, string> = {
  sign_in: 'sign-in code',
  reset_password: 'password reset code',
  verify_device: 'code to verify this device',
  second_factor: 'verification code',
};

/** Email or SMS text for a one-time code. SMS ends with the WebOTP line `@host #code`. */
export function codeMessage(opts: {
  channel: 'email' | 'sms';
  to: string;
  code: string;
  purpose: CodePurpose;
  appName: string;
  minutes: number;
  publicHost: string;
  smsChannel?: 'sms' | 'whatsapp';
}): OutgoingMessage {
  const what = SUBJECTS[opts.purpose];
  if (opts.channel === 'email') {
    return {
      channel: 'email',
      to: opts.to,
      subject: `Your ${opts.appName} ${what}`,
      text:
        `Your ${opts.appName} ${what} is: ${opts.code}\n\n` +
        `It expires in ${opts.minutes} minutes and can be used once.\n` +
        `If you did not request it, you can ignore this email; someone may have typed your address by mistake.\n`,
      code: opts.code,
    };
  }
  return {
    channel: 'sms',
    to: opts.to,
    subject: `${opts.appName} ${what}`,
    text: `${opts.code} is your ${opts.appName} ${what}. It expires in ${opts.minutes} minutes.\n\n@${opts.publicHost} #${opts.code}`,
    code: opts.code,
    smsChannel: opts.smsChannel ?? 'sms',
  };
}

/**
 * Strict enumeration mode (RL-8, PW-12): the e-mail sent instead of a code when someone asks for
 * a code for an address that has no account. It carries no code and no link; it tells the owner of
 * the address that a request was made and that no account uses it.
 */
export function noAccountNotice(opts: { to: string; purpose: CodePurpose; appName: string }): OutgoingMessage {
  const what = SUBJECTS[opts.purpose];
  return {
    channel: 'email',
    to: opts.to,
    subject: `Your ${opts.appName} ${what} request`,
    text:
      `Someone asked for a ${opts.appName} ${what} for this address, but no ${opts.appName} account uses it.\n\n` +
      `If it was you, you may have signed up with another address or phone number. If not, you can ignore this email.\n`,
  };
}
