import { SignInAbortError } from './errors.js';

/**
 * GET retries after network failures (spec §3.7): the first retry is immediate, then the delay
 * doubles from `base` (700 ms by default), capped at 5 s; at most 3 retries.
 */
export const MAX_GET_RETRIES = 3;
const MAX_RETRY_DELAY_MS = 5000;

/** Delay before retry number `attempt + 1` (`attempt` = failures so far, from 0). */
export function retryDelay(attempt: number, base: number): number {
  return attempt === 0 ? 0 : Math.min(base * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
}

/** Resolves after `ms`; rejects with `SignInAbortError` if `signal` aborts first. */
export function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(new SignInAbortError(signal.reason));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new SignInAbortError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
