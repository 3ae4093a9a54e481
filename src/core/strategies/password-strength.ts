import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { PasswordStrength } from './password-strength-loader.js';

/**
 * The strength half of spec §13. Loaded only through `import()` (PasswordStrengthLoader), so
 * zxcvbn-ts and its common dictionary stay out of the initial load and become their own chunk.
 */

const KEY = 'unstable__errors.zxcvbn.';

let factory: ZxcvbnFactory | undefined;

/** Scores `password` with zxcvbn-ts (built on first use) and maps it as §13 says. */
export function checkPasswordStrength(password: string, minStrength: number): PasswordStrength {
  factory ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
  return strengthFromResult(factory.check(password), minStrength);
}

/** The §13 table: `pass` (could be stronger) below 3, `excellent` from 3, `fail` under the minimum. */
export function strengthFromResult(result: ZxcvbnResult, minStrength: number): PasswordStrength {
  if (result.score < minStrength) {
    const suggestions = result.feedback.suggestions.map((suggestion) => `${KEY}suggestions.${suggestion}`);
    return { state: 'fail', keys: [`${KEY}notEnough`, ...suggestions], result };
  }
  if (result.score < 3) return { state: 'pass', keys: [`${KEY}couldBeStronger`], result };
  return { state: 'excellent', result };
}

/** English for the keys (zxcvbn-ts suggestion codes as Clerk's en-US localization words them). */
const SENTENCES: Record<string, string> = {
  notEnough: 'Your password is not strong enough.',
  couldBeStronger: 'Your password works, but could be stronger. Try adding more characters.',
  'suggestions.allUppercase': 'Capitalize some, but not all letters.',
  'suggestions.anotherWord': 'Add more words that are less common.',
  'suggestions.associatedYears': 'Avoid years that are associated with you.',
  'suggestions.capitalization': 'Capitalize more than the first letter.',
  'suggestions.dates': 'Avoid dates and years that are associated with you.',
  'suggestions.l33t': "Avoid predictable letter substitutions like '@' for 'a'.",
  'suggestions.longerKeyboardPattern': 'Use longer keyboard patterns and change typing direction multiple times.',
  'suggestions.noNeed': 'You can create strong passwords without using symbols, numbers, or uppercase letters.',
  'suggestions.pwned': 'If you use this password elsewhere, you should change it.',
  'suggestions.recentYears': 'Avoid recent years.',
  'suggestions.repeated': 'Avoid repeated words and characters.',
  'suggestions.reverseWords': 'Avoid reversed spellings of common words.',
  'suggestions.sequences': 'Avoid common character sequences.',
  'suggestions.useWords': 'Use multiple words, but avoid common phrases.',
};

/** The sentences for `strength`'s keys; keys without one are left out. */
export function describePasswordStrength(strength: PasswordStrength): string[] {
  if (strength.state === 'excellent') return [];
  return strength.keys.flatMap((key) => {
    const sentence = SENTENCES[key.slice(KEY.length)];
    return key.startsWith(KEY) && sentence ? [sentence] : [];
  });
}
