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
