import { expect, waitUntil } from '@open-wc/testing';
import { FrontendApi } from '../../../src/core/frontend-api.js';
import type { PasswordValidation } from '../../../src/core/strategies/password.js';
import { FakeFetch, HANG } from '../../support/fake-fetch.js';
import { clientJSON, envelope, environmentJSON } from '../../support/fapi-fixtures.js';

/**
 * The strength chunk is fetched only when §13 needs it. This file imports nothing that reaches
 * `password-strength.ts` or zxcvbn-ts statically, so the page's resource timing entries show when
 * the real `import()` happens (web-test-runner serves each module as its own request).
 */
const strengthRequests = () =>
  performance.getEntriesByType('resource').filter((entry) => /password-strength\.ts|@zxcvbn-ts/.test(entry.name));

async function loadedCore(passwordSettings: Record<string, unknown>): Promise<FrontendApi> {
  const fake = new FakeFetch();
  const environment = environmentJSON();
  fake.on('GET', '/environment', { json: { ...environment, user_settings: { ...environment.user_settings, password_settings: passwordSettings } } });
  fake.on('GET', '/client', { json: envelope(clientJSON(), null) });
  fake.on('POST', /.*/, HANG);
  const core = new FrontendApi({ frontendApi: 'https://fapi.example.test', fetch: fake.fetch, retryDelayMs: 0 });
  await core.load();
  return core;
}

describe('password strength chunk (lazy import)', () => {
  it('should not be requested until show_zxcvbn is on and complexity passes', async () => {
    const off = await loadedCore({ min_length: 8, show_zxcvbn: false });
    const calls: PasswordValidation[] = [];
    off.signIn.validatePassword('long-enough-1', { onValidation: (result) => calls.push(result) });
    const on = await loadedCore({ min_length: 8, show_zxcvbn: true, min_zxcvbn_strength: 3 });
    on.signIn.validatePassword('short', { onValidation: (result) => calls.push(result) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).to.deep.equal([{ complexity: {} }, { complexity: { min_length: true } }]);
    expect(strengthRequests(), 'no strength module or zxcvbn-ts request yet').to.deep.equal([]);
    expect([off.passwordStrength.requested, on.passwordStrength.requested]).to.deep.equal([false, false]);

    on.signIn.validatePassword('bluehorse9', { onValidation: (result) => calls.push(result) });
    await waitUntil(() => calls.length === 3, 'no strength result', { timeout: 5000 });
    expect(calls[2]!.strength?.state).to.equal('excellent');
    expect(strengthRequests().length, 'the chunk (here: its modules) was fetched').to.be.greaterThan(0);
  });
});
