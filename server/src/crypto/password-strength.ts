/**
 * Server-side zxcvbn strength (spec §13, §8.3): the same scorer as the browser bundle
 * (@zxcvbn-ts/core with the common dictionary, same pinned versions), plus user inputs so that
 * passwords built from the account's own words score low (PW-7).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export interface StrengthSuggestion {
  /** A zxcvbn-ts feedback key, e.g. `anotherWord`. */
  code: string;
  message: string;
}

export interface StrengthVerdict {
  score: number;
  suggestions: StrengthSuggestion[];
}

/** Counts scorings, so tests can assert that cheap checks refuse input before any scoring. */
export const strengthStats = { checks: 0 };

/** zxcvbn-ts suggestion keys in English (as Clerk's en-US localization words them). */
const MESSAGES: Record<string, string> = {
  allUppercase: 'Capitalize some, but not all letters.',
  anotherWord: 'Add more words that are less common.',
  associatedYears: 'Avoid years that are associated with you.',
  capitalization: 'Capitalize more than the first letter.',
  dates: 'Avoid dates and years that are associated with you.',
  l33t: "Avoid predictable letter substitutions like '@' for 'a'.",
  longerKeyboardPattern: 'Use longer keyboard patterns and change typing direction multiple times.',
  noNeed: 'You can create strong passwords without using symbols, numbers, or uppercase letters.',
  pwned: 'If you use this password elsewhere, you should change it.',
  recentYears: 'Avoid recent years.',
  repeated: 'Avoid repeated words and characters.',
  reverseWords: 'Avoid reversed spellings of common words.',
  sequences: 'Avoid common character sequences.',
  useWords: 'Use multiple words, but avoid common phrases.',
};

/** One factory per scoring cap (building the dictionaries takes ~0.1 s: done on first use). */
const factories = new Map<number, ZxcvbnFactory>();

function factory(maxLength: number): ZxcvbnFactory {
  let f = factories.get(maxLength);
  if (!f) {
    f = new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs, maxLength });
    factories.set(maxLength, f);
  }
  return f;
}

/**
 * Scores `password` 0–4. zxcvbn-ts never looks past `maxLength` UTF-16 units (its cost grows
 * quickly with length); callers check the length cap (PW-2) first anyway. `userInputs` are words
 * the password should not be built from.
 */
export function scorePassword(password: string, userInputs: string[], maxLength: number): StrengthVerdict {
  strengthStats.checks++;
  const result = factory(maxLength).check(password, userInputs);
  const keys = result.feedback.suggestions.length > 0 ? result.feedback.suggestions : ['anotherWord'];
  const suggestions = [...new Set(keys)].map((code) => ({ code, message: MESSAGES[code] ?? MESSAGES.anotherWord! }));
  return { score: result.score, suggestions };
}
