import { expect } from '@open-wc/testing';
import type { ZxcvbnResult } from '@zxcvbn-ts/core';
import { checkPasswordStrength, describePasswordStrength, strengthFromResult } from '../../../src/core/strategies/password-strength.js';
import { PasswordStrengthLoader, type PasswordStrengthModule } from '../../../src/core/strategies/password-strength-loader.js';

const K = 'unstable__errors.zxcvbn.';

/** The parts of a zxcvbn-ts result the §13 mapping reads. */
const fakeResult = (score: number, suggestions: string[] = []): ZxcvbnResult =>
  ({ score, feedback: { warning: null, suggestions } }) as unknown as ZxcvbnResult;

describe('password strength (spec §13)', () => {
  describe('strengthFromResult', () => {
    const cases: [number, number, string[], unknown][] = [
      [0, 0, [], { state: 'pass', keys: [`${K}couldBeStronger`] }],
      [2, 2, ['anotherWord'], { state: 'pass', keys: [`${K}couldBeStronger`] }],
      [3, 2, [], { state: 'excellent' }],
      [4, 4, [], { state: 'excellent' }],
      [3, 3, [], { state: 'excellent' }],
      [1, 2, ['anotherWord', 'capitalization'], { state: 'fail', keys: [`${K}notEnough`, `${K}suggestions.anotherWord`, `${K}suggestions.capitalization`] }],
      [0, 1, [], { state: 'fail', keys: [`${K}notEnough`] }],
      [3, 4, [], { state: 'fail', keys: [`${K}notEnough`] }],
    ];
    for (const [score, min, suggestions, expected] of cases) {
      it(`should map score ${score} with min ${min} to ${(expected as { state: string }).state}`, () => {
        const result = fakeResult(score, suggestions);
        const strength = strengthFromResult(result, min);
        expect(strength.result, 'the raw zxcvbn result rides along').to.equal(result);
        const { result: _raw, ...rest } = strength;
        expect(rest).to.deep.equal(expected);
      });
    }
  });

  describe('checkPasswordStrength (zxcvbn-ts with the common dictionary)', () => {
    const cases: [string, number, string][] = [
      ['password', 2, 'fail'],
      ['abcdefgh', 1, 'fail'],
      ['horsebattery1', 2, 'pass'],
      ['horsebattery1', 3, 'fail'],
      ['bluehorse9', 3, 'excellent'],
      ['correct horse battery staple', 4, 'excellent'],
    ];
    for (const [password, min, state] of cases) {
      it(`should rate ${JSON.stringify(password)} with min ${min} as ${state}`, () => {
        expect(checkPasswordStrength(password, min).state).to.equal(state);
      });
    }

    it('should turn zxcvbn suggestions into keys', () => {
      const strength = checkPasswordStrength('abcdefgh', 3);
      expect(strength).to.deep.include({ state: 'fail', keys: [`${K}notEnough`, `${K}suggestions.anotherWord`, `${K}suggestions.sequences`] });
      expect(strength.result.score).to.equal(0);
    });
  });

  describe('describePasswordStrength', () => {
    it('should give one English sentence per known key, none for excellent', () => {
      expect(describePasswordStrength(strengthFromResult(fakeResult(0, ['sequences', 'noSuchCode']), 2))).to.deep.equal([
        'Your password is not strong enough.',
        'Avoid common character sequences.',
      ]);
      expect(describePasswordStrength(strengthFromResult(fakeResult(2), 1))).to.have.length(1);
      expect(describePasswordStrength(strengthFromResult(fakeResult(4), 1))).to.deep.equal([]);
    });
  });

  describe('PasswordStrengthLoader', () => {
    const module: PasswordStrengthModule = { checkPasswordStrength, describePasswordStrength };

    it('should import nothing until load() and import once', async () => {
      let imports = 0;
      const loader = new PasswordStrengthLoader(() => (imports++, Promise.resolve(module)));
      expect([loader.requested, imports]).to.deep.equal([false, 0]);
      const [first, second] = await Promise.all([loader.load(), loader.load()]);
      expect(first).to.equal(module);
      expect(second).to.equal(module);
      expect([loader.requested, imports]).to.deep.equal([true, 1]);
    });

    const retries: [string, boolean[], PasswordStrengthModule | null, number][] = [
      ['succeeds at once', [true], module, 1],
      ['fails once, then succeeds on the retry', [false, true], module, 2],
      ['fails twice: null, and no third import', [false, false], null, 2],
    ];
    for (const [name, outcomes, expected, imports] of retries) {
      it(`should resolve when the chunk ${name}`, async () => {
        const calls: number[] = [];
        const loader = new PasswordStrengthLoader(() => {
          calls.push(calls.length);
          return outcomes[calls.length - 1] ? Promise.resolve(module) : Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
        });
        expect(await loader.load()).to.equal(expected);
        expect(await loader.load()).to.equal(expected);
        expect(calls).to.have.length(imports);
      });
    }

    it('should load the real chunk through its default import()', async () => {
      const loaded = await new PasswordStrengthLoader().load();
      expect(loaded?.checkPasswordStrength('bluehorse9', 3).state).to.equal('excellent');
    });
  });
});
