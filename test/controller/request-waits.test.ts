import { expect } from '@open-wc/testing';
import { RequestWaits, submitEndpoint } from '../../src/controller/request-waits.js';
import { SignInApiError, SignInError } from '../../src/core/errors.js';

const apiError = (code: string, retryAfter?: number) =>
  new SignInApiError([{ code, message: code, longMessage: code, meta: {} }], { status: code === 'user_locked' ? 403 : 429, ...(retryAfter === undefined ? {} : { retryAfter }) });

describe('RequestWaits [FT-12]', () => {
  function clocked() {
    let now = 1_000_000;
    const waits = new RequestWaits(() => now);
    return { waits, advance: (ms: number) => (now += ms) };
  }

  it('should hold a rate limit until Retry-After has elapsed, and not a millisecond longer', () => {
    const { waits, advance } = clocked();
    const error = apiError('too_many_requests', 30);
    expect(waits.record('attempt', error, 'ada@example.com')).to.deep.equal({ until: 1_030_000, error, identifier: null });
    advance(29_999);
    expect(waits.active('attempt', 'bob@example.com')?.error).to.equal(error);
    advance(1);
    expect(waits.active('attempt', 'bob@example.com')).to.equal(null);
  });

  const rows: [string, unknown, string, string | null, boolean][] = [
    ['a lockout, same account', apiError('user_locked', 600), 'ada@example.com', 'ada@example.com', true],
    ['a lockout, same account spelled differently', apiError('user_locked', 600), 'ada@example.com', '  ADA@Example.com ', true],
    ['a lockout, another account', apiError('user_locked', 600), 'ada@example.com', 'bob@example.com', false],
    ['a rate limit, another account', apiError('too_many_requests', 30), 'ada@example.com', 'bob@example.com', true],
    ['a 429 without Retry-After', apiError('too_many_requests'), 'ada@example.com', 'ada@example.com', false],
    ['an error that is not from the server', new SignInError('network_error', 'offline'), 'ada@example.com', 'ada@example.com', false],
    ['a wait on another endpoint', apiError('too_many_requests', 30), 'ada@example.com', null, false],
  ];
  for (const [name, error, recordedFor, askedFor, holds] of rows) {
    it(`should ${holds ? '' : 'not '}hold after ${name}`, () => {
      const { waits } = clocked();
      waits.record('attempt', error, recordedFor);
      const wait = askedFor === null ? waits.active('create', recordedFor) : waits.active('attempt', askedFor);
      expect(wait !== null).to.equal(holds);
    });
  }

  it('should map each status to the endpoint its submit button sends to', () => {
    expect([null, 'needs_identifier', 'needs_first_factor', 'needs_second_factor', 'needs_client_trust', 'needs_new_password', 'complete'].map((s) => submitEndpoint(s as never))).to.deep.equal([
      'create', 'create', 'attempt', 'attempt', 'attempt', 'reset_password', null,
    ]);
  });
});
