// CI check: custom-elements.json is what the analyzer makes from the code now, every element
// documents what the house style requires, and the README names every public attribute, event,
// CSS part and custom property.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const problems = [];
const dir = mkdtempSync(join(tmpdir(), 'cem-'));
try {
  // The analyzer joins --outdir to the working directory, so pass it relative.
  const outdir = relative(process.cwd(), dir);
  execFileSync('npx', ['--no-install', 'cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', outdir], { stdio: 'pipe' });
  const fresh = readFileSync(join(dir, 'custom-elements.json'), 'utf8');
  let committed = '';
  try {
    committed = readFileSync('custom-elements.json', 'utf8');
  } catch {
    problems.push('custom-elements.json is missing: run `npm run manifest`.');
  }
  if (committed && committed !== fresh) problems.push('custom-elements.json is stale: run `npm run manifest` and commit it.');

  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  if (pkg.customElements !== 'custom-elements.json') {
    problems.push(`package.json "customElements" is ${JSON.stringify(pkg.customElements)}, not "custom-elements.json".`);
  }

  const manifest = JSON.parse(fresh);
  const readme = readFileSync('README.md', 'utf8');
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
  if (!elements.length) problems.push('the manifest lists no custom elements.');
  for (const el of elements) {
    const where = `<${el.tagName ?? el.name}>`;
    if (!el.tagName) problems.push(`${el.name} has no @tag.`);
    if (!el.summary) problems.push(`${where} has no @summary.`);
    if (!el.cssParts?.length) problems.push(`${where} documents no @csspart.`);
    if (!readme.includes(`<${el.tagName}`)) problems.push(`README does not mention ${where}.`);
    const names = [
      ...(el.attributes ?? []).map((a) => a.name),
      ...(el.events ?? []).map((e) => e.name),
      ...(el.cssParts ?? []).map((p) => p.name),
      ...(el.cssProperties ?? []).map((p) => p.name),
    ];
    for (const name of names) if (!readme.includes(`\`${name}\``)) problems.push(`README does not document \`${name}\` of ${where}.`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`manifest check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('manifest check: OK (custom-elements.json current, elements documented, README complete).');
