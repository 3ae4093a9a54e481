import { expect } from '@open-wc/testing';
import { MAX_GET_RETRIES, retryDelay, wait } from '../../src/core/retry.js';
import { SignInAbortError } from '../../src/core/errors.js';

describe('retry', () => {
  const rows: [number, number, number][] = [
    [0, 700, 0],
    [1, 700, 700],
    [2, 700, 1400],
    [3, 700, 2800],
    [4, 700, 5000],
    [2, 0, 0],
  ];
  for (const [attempt, base, delay] of rows) {
    it(`should wait ${delay} ms before retry ${attempt + 1} with base ${base}`, () => {
      expect(retryDelay(attempt, base)).to.equal(delay);
    });
  }

  it('should allow 3 retries', () => {
    expect(MAX_GET_RETRIES).to.equal(3);
  });

  it('should reject the wait when aborted', async () => {
    const abort = new AbortController();
    const waiting = wait(10_000, abort.signal).catch((error: unknown) => error);
    abort.abort();
    expect(await waiting).to.be.instanceOf(SignInAbortError);
  });
});
