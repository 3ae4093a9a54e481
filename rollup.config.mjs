// Two builds from one source tree:
// - dist/      ES modules: index (side-effect free), define, one define file per tag; what loads
//              with import() (adapters, password strength, <signin-flow>'s new-password step)
//              becomes chunks under dist/chunks/.
// - dist/cdn/  one self-contained ES module for a <script type="module"> tag or a CDN URL, and its
//              SHA-384 Subresource Integrity value in signin-elements.js.sri. Lazy steps are inlined
//              there; the password-strength chunk is left out (see withoutPasswordStrength).
import { readFileSync, readdirSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { minifyCssPlugin } from './scripts/minify-css.mjs';
import { sriFile } from './scripts/sri.mjs';

const tagEntries = Object.fromEntries(
  readdirSync('src')
    .filter((name) => /^signin-[a-z-]+\.ts$/.test(name))
    .map((name) => [name.replace(/\.ts$/, ''), `src/${name}`]),
);

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

/**
 * Replaces build-time constants in our sources: the dev flag, so terser drops dev-only warnings
 * from production builds, and the package version, sent as `_clerk_js_version` (spec §3.3, OP-8).
 */
function buildConstants(values) {
  return {
    name: 'signin-build-constants',
    transform(code, id) {
      const names = Object.keys(values).filter((name) => code.includes(name));
      if (!id.includes('/src/') || names.length === 0) return null;
      return { code: names.reduce((out, name) => out.replaceAll(name, values[name]), code), map: null };
    },
  };
}

/**
 * The one-file CDN build leaves out the zxcvbn strength chunk (about 230 KiB gzip, spec §13): inlined
 * it would multiply the bundle, and as a separate file it would run without the bundle's SRI check
 * (UI-10). Its import becomes a rejection, so `validatePassword` degrades to complexity only there;
 * the server still enforces its policy.
 */
function withoutPasswordStrength() {
  const chunkImport = "import('./password-strength.js')";
  return {
    name: 'signin-cdn-without-password-strength',
    transform(code, id) {
      if (!id.endsWith('/src/core/strategies/password-strength-loader.ts')) return null;
      if (!code.includes(chunkImport)) this.error(`${chunkImport} not found in ${id}`);
      const rejection = "Promise.reject(new Error('The CDN bundle has no password strength check.'))";
      return { code: code.replace(chunkImport, rejection), map: null };
    },
  };
}

const plugins = (extra = []) => [
  ...extra,
  buildConstants({ __SIGNIN_DEV__: 'false', __SIGNIN_VERSION__: JSON.stringify(version) }),
  minifyCssPlugin(),
  nodeResolve({ browser: true }),
  typescript({ tsconfig: './tsconfig.build.json', declaration: false, declarationDir: undefined, emitDeclarationOnly: false, noEmit: false }),
  terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
];

/** Whether `id` is reached from an entry through static imports only (not behind an import()). */
function isEagerlyShared(id, getModuleInfo) {
  const seen = new Set();
  const visit = (moduleId) => {
    if (seen.has(moduleId)) return false;
    seen.add(moduleId);
    const info = getModuleInfo(moduleId);
    if (!info) return false;
    if (info.isEntry) return true;
    return info.importers.some(visit);
  };
  return !getModuleInfo(id)?.isEntry && visit(id);
}

const onwarn = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

export default [
  {
    input: { index: 'src/index.ts', define: 'src/define.ts', ...tagEntries },
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // Everything the entries share travels as one chunk: each file is compressed on its own over
      // HTTP, so four small shared chunks cost more than one. Lazy chunks (import()) stay apart.
      manualChunks: (id, { getModuleInfo }) => (isEagerlyShared(id, getModuleInfo) ? 'signin-elements' : undefined),
      sourcemap: true,
    },
    plugins: plugins(),
    onwarn,
  },
  {
    input: 'src/define.ts',
    output: {
      file: 'dist/cdn/signin-elements.js',
      format: 'es',
      inlineDynamicImports: true,
      sourcemap: true,
    },
    // dist/cdn/signin-elements.js.sri: the `integrity` value for a <script> tag (UI-10).
    plugins: [...plugins([withoutPasswordStrength()]), sriFile()],
    onwarn,
  },
];
