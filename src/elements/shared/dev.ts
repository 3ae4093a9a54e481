declare const __SIGNIN_DEV__: boolean | undefined;

/** True in development builds and in tests; production builds replace the flag with `false`. */
export const DEV: boolean = typeof __SIGNIN_DEV__ === 'undefined' ? true : __SIGNIN_DEV__;

/** Each code has an entry in the README's "Dev warnings" section. */
const DOCS = 'signin-elements README, Dev warnings';
const warned = new Set<string>();

/** A console warning for page authors, once per code, stripped from production builds. */
export function warn(code: string, message: string): void {
  if (!DEV || warned.has(code)) return;
  warned.add(code);
  console.warn(`[signin-elements] ${message} [${code}] (${DOCS})`);
}
