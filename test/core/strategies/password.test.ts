import { expect } from '@open-wc/testing';
import {
  checkPasswordComplexity,
  passwordSettingsFromJSON,
  validatePassword,
  type PasswordComplexityResult,
} from '../../../src/core/strategies/password.js';
import type { PasswordSettingsJSON } from '../../../src/core/wire.js';
import { PasswordStrengthLoader, type PasswordStrength, type PasswordStrengthModule } from '../../../src/core/strategies/password-strength-loader.js';
import { strengthFromResult } from '../../../src/core/strategies/password-strength.js';
import type { ZxcvbnResult } from '@zxcvbn-ts/core';

const K = 'unstable__errors.zxcvbn.';

/** A strength module scoring by a fixed table (unknown passwords score 4), counting its checks. */
function fakeStrength(scores: Record<string, number>): PasswordStrengthModule & { checked: string[] } {
  const checked: string[] = [];
  return {
    checked,
    checkPasswordStrength: (password, min) => {
      checked.push(password);
      const score = scores[password] ?? 4;
      return strengthFromResult({ score, feedback: { warning: null, suggestions: score < 2 ? ['anotherWord'] : [] } } as unknown as ZxcvbnResult, min);
    },
    describePasswordStrength: () => [],
  };
}

/** Drops the raw zxcvbn result, for comparing whole call sequences. */
const withoutRaw = (strength: PasswordStrength | undefined) => {
  if (!strength) return undefined;
  const { result: _raw, ...rest } = strength;
  return rest;
};

describe('password strategy', () => {
  describe('passwordSettingsFromJSON (normalisation)', () => {
    const cases: [PasswordSettingsJSON, number, number][] = [
      [{}, 8, 72],
      [{ min_length: 4 }, 8, 72],
      [{ min_length: 12 }, 12, 72],
      [{ min_length: null, max_length: null }, 8, 72],
      [{ max_length: 0 }, 8, 72],
      [{ max_length: 100 }, 8, 72],
      [{ max_length: 20 }, 8, 20],
    ];
    for (const [json, min, max] of cases) {
      it(`should normalise ${JSON.stringify(json)} to min ${min} / max ${max}`, () => {
        const settings = passwordSettingsFromJSON(json);
        expect([settings.minLength, settings.maxLength]).to.deep.equal([min, max]);
      });
    }
  });

  describe('checkPasswordComplexity', () => {
    const cases: [string, PasswordSettingsJSON, string, PasswordComplexityResult][] = [
      ['the spec example', { min_length: 8, require_numbers: true }, 'short', { min_length: true, require_numbers: true }],
      ['exactly min_length', { min_length: 8 }, '12345678', {}],
      ['one under min_length', { min_length: 8 }, '1234567', { min_length: true }],
      ['one under max_length', { max_length: 10 }, 'a'.repeat(9), {}],
      ['exactly max_length (strictly less required)', { max_length: 10 }, 'a'.repeat(10), { max_length: true }],
      ['72 characters with max 0', { max_length: 0 }, 'a'.repeat(72), { max_length: true }],
      ['71 characters with defaults', {}, 'a'.repeat(71), {}],
      ['numbers present', { require_numbers: true }, 'abcdefg1', {}],
      ['lowercase missing', { require_lowercase: true }, 'ABCDEFGH', { require_lowercase: true }],
      ['uppercase missing', { require_uppercase: true }, 'abcdefgh', { require_uppercase: true }],
      ['uppercase present', { require_uppercase: true, require_lowercase: true }, 'abcdefgH', {}],
      ['any ASCII punctuation when none listed', { require_special_char: true }, 'abcdefg~', {}],
      ['backslash counts as punctuation', { require_special_char: true, allowed_special_characters: '' }, 'abcdefg\\', {}],
      ['special char missing', { require_special_char: true }, 'abcdefgh', { require_special_char: true }],
      ['only listed specials count', { require_special_char: true, allowed_special_characters: '#' }, 'abcdefg!', { require_special_char: true }],
      ['a listed special, taken literally', { require_special_char: true, allowed_special_characters: '.*' }, 'abcdefg*', {}],
      ['disabled rules are not tested', { require_numbers: false, require_uppercase: false }, 'abcdefgh', {}],
      ['everything failing', { min_length: 10, require_numbers: true, require_uppercase: true, require_special_char: true }, 'abc', { min_length: true, require_numbers: true, require_uppercase: true, require_special_char: true }],
    ];
    for (const [name, json, password, expected] of cases) {
      it(`should check ${name}`, () => {
        expect(checkPasswordComplexity(password, passwordSettingsFromJSON(json))).to.deep.equal(expected);
      });
    }
  });

  describe('validatePassword', () => {
    it('should return undefined and call nothing without settings', () => {
      let called = false;
      expect(validatePassword('x', null, () => (called = true))).to.equal(undefined);
      expect(called).to.equal(false);
    });

    it('should pass the failed rule names to a function callback', () => {
      const seen: string[][] = [];
      const settings = passwordSettingsFromJSON({ require_numbers: true });
      expect(validatePassword('short', settings, (errors) => seen.push(errors))).to.equal(false);
      expect(validatePassword('long-enough-1', settings, (errors) => seen.push(errors))).to.equal(true);
      expect(seen).to.deep.equal([['min_length', 'require_numbers'], []]);
    });

    it('should support the §13 callback object', () => {
      const calls: unknown[] = [];
      const settings = passwordSettingsFromJSON({ min_length: 8, require_numbers: true });
      const callbacks = {
        onValidation: (result: unknown) => calls.push(['validation', result]),
        onValidationComplexity: (passed: boolean) => calls.push(['complexity', passed]),
      };
      validatePassword('short', settings, callbacks);
      validatePassword('longer-pw-1', settings, callbacks);
      expect(calls).to.deep.equal([
        ['validation', { complexity: { min_length: true, require_numbers: true } }],
        ['complexity', false],
        ['validation', { complexity: {} }],
        ['complexity', true],
      ]);
    });

    describe('with show_zxcvbn (§13 callback timing)', () => {
      const zxcvbn = { min_length: 8, require_numbers: true, show_zxcvbn: true, min_zxcvbn_strength: 2 };
      // password, settings, calls before the microtasks run, calls after, return value
      const cases: [string, string, PasswordSettingsJSON, string[], string[], boolean][] = [
        ['complexity fails: one synchronous call, no strength', 'short', zxcvbn, ['validation:{"complexity":{"min_length":true,"require_numbers":true}}', 'complexity:false'], [], false],
        ['fail', 'weakpass1', zxcvbn, ['complexity:true'], [`validation:{"complexity":{},"strength":{"state":"fail","keys":["${K}notEnough","${K}suggestions.anotherWord"]}}`], true],
        ['pass', 'okaypass1', zxcvbn, ['complexity:true'], [`validation:{"complexity":{},"strength":{"state":"pass","keys":["${K}couldBeStronger"]}}`], true],
        ['excellent', 'strongpass1', zxcvbn, ['complexity:true'], ['validation:{"complexity":{},"strength":{"state":"excellent"}}'], true],
        ['show_zxcvbn off: synchronous, no strength', 'weakpass1', { ...zxcvbn, show_zxcvbn: false }, ['validation:{"complexity":{}}', 'complexity:true'], [], true],
      ];
      for (const [name, password, json, sync, later, returned] of cases) {
        it(`should report ${name}`, async () => {
          const calls: string[] = [];
          const strength = fakeStrength({ weakpass1: 1, okaypass1: 2, strongpass1: 3 });
          const loader = new PasswordStrengthLoader(() => Promise.resolve(strength));
          const result = validatePassword(password, passwordSettingsFromJSON(json), {
            onValidation: ({ complexity, strength: s }) => calls.push(`validation:${JSON.stringify({ complexity, ...(s ? { strength: withoutRaw(s) } : {}) })}`),
            onValidationComplexity: (passed) => calls.push(`complexity:${passed}`),
          }, loader);
          expect(result).to.equal(returned);
          expect(calls, 'synchronous calls').to.deep.equal(sync);
          expect(loader.requested, 'the chunk is requested only when strength is checked').to.equal(later.length > 0);
          await new Promise((resolve) => setTimeout(resolve));
          expect(calls, 'after the strength check').to.deep.equal([...sync, ...later]);
        });
      }

      it('should call the function form once: after the strength check, with a failed strength\'s keys', async () => {
        const seen: string[][] = [];
        const loader = new PasswordStrengthLoader(() => Promise.resolve(fakeStrength({ weakpass1: 1 })));
        const settings = passwordSettingsFromJSON(zxcvbn);
        expect(validatePassword('short', settings, (errors) => seen.push(errors), loader)).to.equal(false);
        expect(validatePassword('weakpass1', settings, (errors) => seen.push(errors), loader)).to.equal(true);
        expect(validatePassword('strongpass1', settings, (errors) => seen.push(errors), loader)).to.equal(true);
        expect(seen, 'only the complexity failure so far').to.deep.equal([['min_length', 'require_numbers']]);
        await new Promise((resolve) => setTimeout(resolve));
        expect(seen).to.deep.equal([['min_length', 'require_numbers'], [`${K}notEnough`, `${K}suggestions.anotherWord`], []]);
      });

      it('should degrade to complexity only when the chunk fails twice (one retry), without throwing', async () => {
        let imports = 0;
        const loader = new PasswordStrengthLoader(() => (imports++, Promise.reject(new TypeError('Failed to fetch dynamically imported module'))));
        const results: unknown[] = [];
        const settings = passwordSettingsFromJSON(zxcvbn);
        validatePassword('strongpass1', settings, { onValidation: (result) => results.push(result) }, loader);
        validatePassword('strongpass2', settings, { onValidation: (result) => results.push(result) }, loader);
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(results).to.deep.equal([{ complexity: {} }, { complexity: {} }]);
        expect(imports, 'one import and one retry, then no more').to.equal(2);
      });
    });
  });
});
