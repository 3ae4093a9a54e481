import { expect } from '@open-wc/testing';
import { SignInController } from '../../src/controller/sign-in-controller.js';
import { FrontendApi } from '../../src/core/frontend-api.js';
import type { PasswordStrengthImporter } from '../../src/core/strategies/password-strength-loader.js';
import type { PasswordSettingsJSON } from '../../src/core/wire.js';
import { FakeFetch } from '../support/fake-fetch.js';
import { clientJSON, envelope, environmentJSON } from '../support/fapi-fixtures.js';

async function controllerWith(passwordSettings: PasswordSettingsJSON | null, importer?: PasswordStrengthImporter): Promise<SignInController> {
  const fake = new FakeFetch();
  const environment = environmentJSON();
  fake.on('GET', '/environment', { json: { ...environment, user_settings: { ...environment.user_settings, password_settings: passwordSettings } } });
  fake.on('GET', '/client', { json: envelope(clientJSON(), null) });
  const core = new FrontendApi({ frontendApi: 'https://fapi.example.test', fetch: fake.fetch, retryDelayMs: 0, loadPasswordStrength: importer });
  const controller = new SignInController({ core });
  await controller.load();
  return controller;
}

describe('SignInController password policy (§13)', () => {
  const on: PasswordSettingsJSON = { min_length: 8, show_zxcvbn: true, min_zxcvbn_strength: 2 };
  // settings, password, expected validatePassword, expected strength state (null: none), chunk requested
  const cases: [string, PasswordSettingsJSON | null, string, unknown, string | null, boolean][] = [
    ['no policy', null, 'password1', null, null, false],
    ['show_zxcvbn off', { min_length: 8 }, 'password1', {}, null, false],
    ['a rule fails', on, 'short', { min_length: true }, null, false],
    ['weak', on, 'password1', {}, 'fail', true],
    ['could be stronger', on, 'horsebattery1', {}, 'pass', true],
    ['strong', on, 'bluehorse9', {}, 'excellent', true],
  ];
  for (const [name, settings, password, complexity, state, requested] of cases) {
    it(`should check ${name}`, async () => {
      const controller = await controllerWith(settings);
      expect(controller.validatePassword(password)).to.deep.equal(complexity);
      const feedback = await controller.checkPasswordStrength(password);
      expect(feedback?.strength.state ?? null).to.equal(state);
      if (feedback?.strength.state === 'fail') expect(feedback.messages[0]).to.equal('Your password is not strong enough.');
      expect(controller.core.passwordStrength.requested).to.equal(requested);
      controller.dispose();
    });
  }

  it('should resolve null, not reject, when the chunk fails to load (after one retry)', async () => {
    let imports = 0;
    const controller = await controllerWith(on, () => (imports++, Promise.reject(new TypeError('Failed to fetch'))));
    expect(await controller.checkPasswordStrength('bluehorse9')).to.equal(null);
    expect(await controller.checkPasswordStrength('bluehorse9')).to.equal(null);
    expect(imports).to.equal(2);
    controller.dispose();
  });
});
