import type { SignInError } from '../../core/errors.js';
import { formatWait } from './retry-countdown.js';

/**
 * What the elements say about an error. Server sentences are shown as they come, with two
 * exceptions: advice the element gives itself (a live countdown, "Send a new code", naming the
 * button on screen) replaces the server's version of it, so it is said once; and a 5xx never shows
 * the server's text, which can hold a stack trace or internal detail (UI-11).
 */

const GENERIC = 'Something went wrong on our side. Please try again in a moment.';

/** Our own sentences for the server failures people can act on; every other 5xx is `GENERIC`. */
const SERVER_FAILURES: Record<string, string> = {
  delivery_failed: "We couldn't send the code. Try again in a moment, or use another method.",
};

/** The sentence to show for `error`. */
export function errorMessage(error: SignInError): string {
  if (error.status !== undefined && error.status >= 500) return SERVER_FAILURES[error.code] ?? GENERIC;
  return error.longMessage;
}

/** Drops every sentence of `message` that matches `redundant`, then adds `advice`. */
export function replaceAdvice(message: string, redundant: RegExp, advice: string): string {
  const sentences = (message.match(/[^.!?]+[.!?]*/g) ?? []).map((s) => s.trim()).filter(Boolean);
  return [...sentences.filter((s) => !redundant.test(s)), advice].join(' ');
}

/** `error`'s sentence with a live "You can try again in …" in place of the server's own wait. */
export function waitMessage(error: SignInError, secondsLeft: number): string {
  return replaceAdvice(errorMessage(error), /\btry again in\b/i, `You can try again in ${formatWait(secondsLeft)}.`);
}

/** `error`'s sentence pointing at the "Send a new code" button instead of the server's advice. */
export function newCodeMessage(error: SignInError): string {
  return replaceAdvice(errorMessage(error), /\b(request|send|get|ask for)\b.*\bnew (code|one)\b/i, 'Send a new code to try again.');
}
