import type { ZxcvbnResult } from '@zxcvbn-ts/core';

/**
 * The zxcvbn **strength** part of spec §13, as seen from the initial bundle: the result types and
 * a loader for the lazily imported strength module (`password-strength.ts`, its own chunk with
 * zxcvbn-ts and the common dictionary). Nothing here pulls zxcvbn-ts into the initial load.
 */

/** `{ state, keys }` of §13 plus the raw zxcvbn-ts `result`. */
export type PasswordStrength =
  | { state: 'pass'; keys: string[]; result: ZxcvbnResult }
  | { state: 'excellent'; result: ZxcvbnResult }
  | { state: 'fail'; keys: string[]; result: ZxcvbnResult };

/** What the strength chunk exports. */
export interface PasswordStrengthModule {
  /** Scores `password` (0–4) and maps the score against `minStrength` (§13). */
  checkPasswordStrength(password: string, minStrength: number): PasswordStrength;
  /** English sentences for a strength's keys, in order (empty for `excellent`). */
  describePasswordStrength(strength: PasswordStrength): string[];
}

/** Imports the strength module; rejects when its chunk cannot be fetched. */
export type PasswordStrengthImporter = () => Promise<PasswordStrengthModule>;

/** The bundled chunk. (The one-file CDN build replaces this import with a rejection, see rollup.config.mjs.) */
const importStrengthChunk: PasswordStrengthImporter = () => import('./password-strength.js');

/**
 * Loads the strength module on first use, once per loader. A failed import is retried once; after
 * that the loader resolves `null` for good, and validation stays complexity-only (the server
 * still enforces its policy, §13).
 */
export class PasswordStrengthLoader {
  readonly #importer: PasswordStrengthImporter;
  #loading: Promise<PasswordStrengthModule | null> | null = null;

  /** `importer`: for tests, a fake in place of the chunk's `import()`. */
  constructor(importer: PasswordStrengthImporter = importStrengthChunk) {
    this.#importer = importer;
  }

  /** Whether `load()` has been called, i.e. the chunk was requested. */
  get requested(): boolean {
    return this.#loading !== null;
  }

  /** The module, or `null` when it failed to load twice. Never rejects. */
  load(): Promise<PasswordStrengthModule | null> {
    this.#loading ??= this.#importer()
      .catch(() => this.#importer())
      .catch(() => null);
    return this.#loading;
  }
}
