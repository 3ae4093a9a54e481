import type { SignInControllerState } from '../../controller/sign-in-controller.js';
import type { SignInError } from '../../core/errors.js';
import { errorMessage, waitMessage } from '../shared/messages.js';
import type { RetryCountdown } from '../shared/retry-countdown.js';
import { HEADINGS } from './signin-flow.steps.js';

/**
 * Where `<signin-flow>` shows an error: under the field it belongs to, in the summary above the
 * forms, and in the live region. The element's own field error (an empty field) comes first; while
 * the server's wait runs, the summary counts down instead of blaming a field.
 */

/** A field error the element found itself (an empty field), before any request. */
export interface LocalError {
  field: 'identifier' | 'password' | 'new-password';
  message: string;
}

/** The countdown to `retryAt`, read when an error is placed. */
type Wait = Pick<RetryCountdown, 'waiting' | 'secondsLeft'>;

/**
 * The server's refusal of a new password, with its zxcvbn suggestions when it sends them
 * (`form_password_not_strong_enough` carries `meta.zxcvbn.suggestions[].message`, §8.1).
 */
function newPasswordErrorMessage(error: SignInError): string {
  const zxcvbn = error.meta['zxcvbn'] as { suggestions?: { message?: unknown }[] } | undefined;
  const suggestions = Array.isArray(zxcvbn?.suggestions) ? zxcvbn.suggestions.map((s) => s.message) : [];
  return [errorMessage(error), ...suggestions.filter((m) => typeof m === 'string')].join(' ');
}

/** Which field an error belongs to, from `meta.paramName`; `null` for the summary. */
export function fieldError(state: SignInControllerState, local: LocalError | null, wait: Wait): LocalError | null {
  if (local) return local;
  const error = state.error;
  if (!error || wait.waiting) return null;
  const param = error.meta.paramName;
  if (param === 'identifier' && state.step === 'identifier') return { field: 'identifier', message: errorMessage(error) };
  if (param === 'password' && state.step === 'password') return { field: 'password', message: errorMessage(error) };
  if ((param === 'password' || error.code.startsWith('form_password') || error.code === 'form_new_password_matches_current') && state.step === 'new-password') {
    return { field: 'new-password', message: newPasswordErrorMessage(error) };
  }
  return null;
}

/** The error summary's sentence, for an error no field shows; `null` when there is none. */
export function summaryError(state: SignInControllerState, local: LocalError | null, wait: Wait): string | null {
  const error = state.error;
  // At the code step, <signin-otp> explains its own errors.
  if (!error || local || fieldError(state, local, wait) || state.step === 'code') return null;
  return wait.waiting ? waitMessage(error, wait.secondsLeft) : errorMessage(error);
}

/** What the live region says: progress, the current error, or the step's title. */
export function announcement(state: SignInControllerState, local: LocalError | null, wait: Wait): string {
  if (state.activity === 'pending') return 'Working…';
  return fieldError(state, local, wait)?.message ?? summaryError(state, local, wait) ?? HEADINGS[state.step].title;
}
