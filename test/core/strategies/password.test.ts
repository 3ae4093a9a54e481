import { expect } from '@open-wc/testing';
import {
  checkPasswordComplexity,
  passwordSettingsFromJSON,
  validatePassword,
  type PasswordComplexityResult,
} from '../../../src/core/strategies/password.js';
import type { PasswordSettingsJSON } from '../../../src/core/wire.js';

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
  });
});
