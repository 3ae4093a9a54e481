// Source and layer check for the browser bundle (security.md UI-2, UI-3; style.md §1, §9, §13).
// Parses every file under src/ with the TypeScript compiler (syntax only, no type check) and fails
// on:
//   layer         core/controller importing Lit; a layer importing one above it (core → controller
//                 → context → elements); adapters importing anything above core
//   adapter       a static (non-type) import of src/adapters/ from outside it: adapters load with import()
//   wallet-sdk    ethers, @solana/*, @simplewebauthn/* imported outside src/adapters/
//   html-sink     unsafeHTML / unsafeSVG / unsafeMathML, innerHTML, outerHTML, insertAdjacentHTML,
//                 setHTMLUnsafe, parseHTMLUnsafe, createContextualFragment, document.write(ln), eval,
//                 new Function / Function(): each breaks Trusted Types or a strict CSP (UI-2, UI-3)
//   style-binding a `style="${…}"` (or `style=${…}`) attribute binding in a template: a strict CSP
//                 blocks it (UI-2). This includes styleMap: in Lit 3.3 its first render returns a
//                 string that Lit writes with setAttribute('style'), which Chromium refuses under
//                 `style-src 'self'`. Later updates use CSSOM, which CSP allows.
//   server-dep    a dependency of server/package.json in the browser package's "dependencies" (§13)
//
// Usage: node scripts/check-source.mjs [projectRoot]   (default: the current directory)
// Prints one `file:line:column [rule] message` per finding; exits 1 if there is any.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
const LAYERS = ['core', 'controller', 'context', 'elements'];
const LIT = /^(?:lit(?:\/.*)?|lit-html(?:\/.*)?|lit-element(?:\/.*)?|@lit\/.+|@lit-labs\/.+)$/;
const WALLET_SDK = /^(?:ethers(?:\/.*)?|@solana\/.+|@simplewebauthn\/.+)$/;
const UNSAFE_DIRECTIVES = new Set(['unsafeHTML', 'unsafeSVG', 'unsafeMathML']);
const HTML_SINKS = new Set(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'setHTMLUnsafe', 'parseHTMLUnsafe', 'createContextualFragment']);
/**
 * Template text that leaves a `style` attribute open where the substitution goes: `style=${`,
 * `style="${`, `style="color: ${`. Not `.style=${` (a CSSOM property binding) or `data-style=`.
 */
const OPEN_STYLE_ATTRIBUTE = /(?:^|[\s"'])style\s*=\s*(?:"[^"]*|'[^']*)?$/i;

/** Every finding in the project at `root`, and how many source files were read. */
export function checkProject(root) {
  const findings = [];
  const src = resolve(root, 'src');
  if (!existsSync(src)) return { files: 0, findings: [{ file: 'src', line: 1, column: 1, rule: 'setup', message: 'no src/ folder here' }] };
  let files = 0;
  const imported = new Set();
  for (const file of walk(src)) {
    files += 1;
    findings.push(...checkFile(file, src, root, imported));
  }
  findings.push(...checkDependencies(root, imported));
  return { files, findings };
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** `core`, `controller`, `context`, `elements`, `adapters`, or `entry` for files at the top of src/. */
function layerOf(path, src) {
  const parts = relative(src, path).split(sep);
  return parts.length === 1 ? 'entry' : parts[0];
}

/** `@scope/name` or `name` of a bare import specifier; `null` for relative and absolute ones. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Checks one file; adds the packages it imports to `imported`. */
function checkFile(file, src, root, imported) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const layer = layerOf(file, src);
  const findings = [];
  const report = (node, rule, message) => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ file: relative(root, file), line: line + 1, column: character + 1, rule, message });
  };

  const checkImport = (node, specifier, { dynamic, typeOnly }) => {
    const pkg = packageOf(specifier);
    if (pkg && !typeOnly) imported.add(pkg);
    if (LIT.test(specifier) && (layer === 'core' || layer === 'controller' || layer === 'adapters')) {
      report(node, 'layer', `${layer}/ must not import ${specifier}: Lit belongs to context/ and elements/`);
    }
    if (WALLET_SDK.test(specifier) && layer !== 'adapters') {
      report(node, 'wallet-sdk', `${specifier} may be imported only in src/adapters/ (loaded with import())`);
    }
    if (!specifier.startsWith('.')) return;
    const target = resolve(dirname(file), specifier);
    if (!target.startsWith(src + sep)) return;
    const targetLayer = layerOf(target, src);
    if (targetLayer === 'adapters' && layer !== 'adapters' && !dynamic && !typeOnly) {
      report(node, 'adapter', `static import of ${specifier}: adapters are reached only through import()`);
    }
    const above = layer === 'adapters' ? LAYERS.slice(1) : LAYERS.slice(LAYERS.indexOf(layer) + 1);
    if (LAYERS.includes(layer) || layer === 'adapters') {
      if (above.includes(targetLayer) || targetLayer === 'entry') {
        report(node, 'layer', `${layer}/ must not import ${targetLayer === 'entry' ? 'a define file' : `${targetLayer}/`} (${specifier}): dependencies point core → controller → context → elements`);
      }
    }
  };

  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = Boolean(clause?.isTypeOnly || (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      checkImport(node, node.moduleSpecifier.text, { dynamic: false, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      checkImport(node, node.moduleSpecifier.text, { dynamic: false, typeOnly: node.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      checkImport(node, node.moduleReference.expression.text, { dynamic: false, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) checkImport(node, argument.text, { dynamic: true, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      checkImport(node, node.argument.literal.text, { dynamic: false, typeOnly: true });
    }

    if (ts.isIdentifier(node) && UNSAFE_DIRECTIVES.has(node.text)) {
      report(node, 'html-sink', `${node.text} is banned: it pushes plain strings through Lit's Trusted Types policy (UI-3)`);
    }
    const member = memberName(node);
    if (member && HTML_SINKS.has(member)) {
      report(node, 'html-sink', `${member} is banned: build DOM nodes or Lit templates instead (UI-3)`);
    }
    if (member === 'write' || member === 'writeln') {
      const object = node.expression;
      if ((ts.isIdentifier(object) && object.text === 'document') || memberName(object) === 'document') {
        report(node, 'html-sink', `document.${member} is banned (UI-3)`);
      }
    }
    if (ts.isCallExpression(node) && calleeName(node.expression) === 'eval') {
      report(node, 'html-sink', 'eval is banned: a strict CSP blocks it (UI-2)');
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && calleeName(node.expression) === 'Function') {
      report(node, 'html-sink', 'new Function is banned: a strict CSP blocks it (UI-2)');
    }
    if (ts.isTemplateExpression(node)) checkTemplate(node, report);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** The accessed name of `a.name` or `a['name']`, else undefined. */
function memberName(node) {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

/** `eval` for `eval(…)`, `window.eval(…)`, `globalThis['eval'](…)`; likewise `Function`. */
function calleeName(expression) {
  if (ts.isIdentifier(expression)) return expression.text;
  const name = memberName(expression);
  const object = name && expression.expression;
  return object && ts.isIdentifier(object) && ['window', 'globalThis', 'self'].includes(object.text) ? name : undefined;
}

function checkTemplate(node, report) {
  const texts = [node.head, ...node.templateSpans.slice(0, -1).map((span) => span.literal)];
  node.templateSpans.forEach((span, i) => {
    const before = texts[i].text;
    if (OPEN_STYLE_ATTRIBUTE.test(before)) {
      report(
        span.expression,
        'style-binding',
        "a style attribute binding is blocked by style-src without 'unsafe-inline' (styleMap too: its first render sets the attribute); set CSSOM properties or --signin-* tokens instead (UI-2)",
      );
    }
    const sink = /\.(innerHTML|outerHTML)\s*=\s*["']?$/.exec(before);
    if (sink) report(span.expression, 'html-sink', `a .${sink[1]} property binding is banned (UI-3)`);
  });
}

/**
 * Server dependencies must not leak into the browser package's "dependencies". A package that
 * src/ imports itself is the browser's own dependency too (both sides may use one library, e.g.
 * zxcvbn-ts to score passwords), so it is not a leak.
 */
function checkDependencies(root, importedBySrc) {
  const browserPath = resolve(root, 'package.json');
  const serverPath = resolve(root, 'server/package.json');
  if (!existsSync(browserPath) || !existsSync(serverPath)) return [];
  const browserText = readFileSync(browserPath, 'utf8');
  const browser = JSON.parse(browserText).dependencies ?? {};
  const server = JSON.parse(readFileSync(serverPath, 'utf8')).dependencies ?? {};
  const lines = browserText.split('\n');
  const section = lines.findIndex((line) => /^\s*"dependencies"\s*:/.test(line));
  return Object.keys(browser)
    .filter((name) => Object.hasOwn(server, name) && !importedBySrc.has(name))
    .map((name) => {
      const at = lines.findIndex((line, i) => i > section && line.includes(`"${name}"`));
      return {
        file: 'package.json',
        line: (at < 0 ? section : at) + 1,
        column: 1,
        rule: 'server-dep',
        message: `"${name}" is a server/package.json dependency; it must stay out of the browser package's "dependencies" (style.md §13)`,
      };
    });
}

export function format(finding) {
  return `${finding.file}:${finding.line}:${finding.column} [${finding.rule}] ${finding.message}`;
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? '.');
  const { files, findings } = checkProject(root);
  for (const finding of findings) console.error(format(finding));
  if (findings.length) {
    console.error(`\ncheck-source: FAIL ${findings.length} finding(s) in ${files} files (security.md UI-2, UI-3; style.md §1, §9, §13).`);
    process.exit(1);
  }
  console.log(`check-source: OK ${files} files (layers, adapters, HTML sinks, style bindings, server dependencies).`);
}
