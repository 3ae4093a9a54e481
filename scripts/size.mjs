// Prints raw / gzip / brotli sizes of what a page downloads first (an entry plus everything it
// imports statically) and of each lazily loaded chunk. Fails past the initial-load budget.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { sri } from './sri.mjs';

const DIST = 'dist';
const BUDGET_GZIP = 30 * 1024;
const ENTRIES = ['define.js', 'index.js', 'cdn/signin-elements.js'];
/**
 * Code that must load only on first use, each in its own chunk: zxcvbn-ts (spec §13, style.md §9)
 * and the rarely used new-password step of <signin-flow> (preloaded once a reset code is sent).
 */
const REQUIRED_LAZY = ['password-strength', 'signin-flow.new-password-step'];

if (!existsSync(join(DIST, 'define.js'))) {
  console.error('size: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC_IMPORT = /import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

function importsOf(file, pattern) {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(pattern)].map((m) => resolve(dirname(file), m[1]));
}

/** The entry and every module reachable from it through static imports. */
function staticClosure(entry) {
  const seen = new Set();
  const stack = [resolve(entry)];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...importsOf(file, STATIC_IMPORT));
  }
  return seen;
}

function measure(files) {
  const buffer = Buffer.concat([...files].map((f) => readFileSync(f)));
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kib = (n) => `${(n / 1024).toFixed(1).padStart(7)} KiB`;
const row = (name, s) => console.log(`${name.padEnd(52)}${kib(s.raw)}${kib(s.gzip)}${kib(s.brotli)}`);

console.log(`${'initial load (entry + static imports)'.padEnd(52)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`);
const initial = new Map();
for (const entry of ENTRIES) {
  const path = join(DIST, entry);
  if (!existsSync(path)) continue;
  const closure = staticClosure(path);
  initial.set(entry, { closure, size: measure(closure) });
  row(entry, initial.get(entry).size);
}

const defineClosure = initial.get('define.js').closure;
const lazy = new Set();
for (const file of defineClosure) for (const target of importsOf(file, DYNAMIC_IMPORT)) lazy.add(target);
const chunks = existsSync(join(DIST, 'chunks')) ? readdirSync(join(DIST, 'chunks')).filter((f) => f.endsWith('.js')) : [];
console.log('\nlazy chunks (loaded on first use)');
if (!lazy.size) console.log('  (none in this build)');
for (const file of lazy) {
  const own = [...staticClosure(file)].filter((f) => !defineClosure.has(f));
  row(relative(DIST, file), measure(own));
}
console.log(`\n${chunks.length} chunk file(s) in dist/chunks`);
for (const name of REQUIRED_LAZY) {
  if (![...lazy].some((file) => basename(file).startsWith(`${name}-`) && !defineClosure.has(file))) {
    console.error(`size: FAIL no lazy ${name} chunk: it must be reached only through import().`);
    process.exit(1);
  }
}

// UI-10: the integrity value the build wrote must still match the bundle it describes.
const CDN = join(DIST, 'cdn/signin-elements.js');
const integrity = sri(readFileSync(CDN));
const written = existsSync(`${CDN}.sri`) ? readFileSync(`${CDN}.sri`, 'utf8').trim() : '(missing)';
console.log(`\n<script type="module" src="…/${CDN}" integrity="${integrity}" crossorigin="anonymous"></script>`);
if (written !== integrity) {
  console.error(`size: FAIL ${CDN}.sri is ${written}, but the bundle hashes to ${integrity}; run \`npm run build\`.`);
  process.exit(1);
}

// The budget holds for both ways in: the module build, and the one-file CDN bundle, where the lazy
// steps are inlined (inlineDynamicImports) and so part of its initial load.
const size = initial.get('define.js').size;
const cdnSize = initial.get('cdn/signin-elements.js').size;
for (const [what, { gzip }] of [['initial load', size], ['CDN bundle', cdnSize]]) {
  if (gzip > BUDGET_GZIP) {
    console.error(`\nsize: FAIL ${what} is ${kib(gzip).trim()} gzip, over the ${kib(BUDGET_GZIP).trim()} budget.`);
    process.exit(1);
  }
}
console.log(`\nsize: OK initial load ${kib(size.gzip).trim()} gzip, CDN bundle ${kib(cdnSize.gzip).trim()} (budget ${kib(BUDGET_GZIP).trim()}).`);
