// Tests for scripts/check-source.mjs against the fixture projects in scripts/fixtures/check-source/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { checkProject, format } from './check-source.mjs';

const fixture = (name) => fileURLToPath(new URL(`./fixtures/check-source/${name}`, import.meta.url));
const SCRIPT = fileURLToPath(new URL('./check-source.mjs', import.meta.url));

/** Every finding the dirty fixture holds, as `file:line [rule]`: one or more per rule. */
const EXPECTED = [
  'package.json:5 [server-dep]', // better-sqlite3; otplib is only a devDependency there
  'src/adapters/wallet/reaches-up.ts:1 [layer]', // lit
  'src/adapters/wallet/reaches-up.ts:2 [layer]', // controller/
  'src/controller/uses-context.ts:1 [layer]', // @lit/context
  'src/controller/uses-context.ts:2 [layer]', // elements/ (type-only still points the wrong way)
  'src/core/imports-controller.ts:1 [layer]',
  'src/core/uses-lit.ts:1 [layer]', // lit
  'src/core/uses-lit.ts:2 [layer]', // export type … from '@lit/reactive-element'
  'src/elements/signin-x/sinks.ts:2 [html-sink]', // import { unsafeHTML }
  'src/elements/signin-x/sinks.ts:5 [html-sink]', // innerHTML =
  'src/elements/signin-x/sinks.ts:6 [html-sink]', // outerHTML
  'src/elements/signin-x/sinks.ts:7 [html-sink]', // insertAdjacentHTML
  'src/elements/signin-x/sinks.ts:8 [html-sink]', // ['innerHTML']
  'src/elements/signin-x/sinks.ts:9 [html-sink]', // document.write
  'src/elements/signin-x/sinks.ts:10 [html-sink]', // eval
  'src/elements/signin-x/sinks.ts:11 [html-sink]', // new Function
  'src/elements/signin-x/sinks.ts:12 [html-sink]', // .innerHTML=${…}
  'src/elements/signin-x/sinks.ts:13 [html-sink]', // unsafeHTML(…)
  'src/elements/signin-x/static-adapter.ts:1 [adapter]', // import
  'src/elements/signin-x/static-adapter.ts:2 [adapter]', // export … from
  'src/elements/signin-x/style-binding.ts:4 [style-binding]', // style="${…}"
  'src/elements/signin-x/style-binding.ts:5 [style-binding]', // style='color: ${…}'
  'src/elements/signin-x/style-binding.ts:6 [style-binding]', // style=${styleMap(…)}
  'src/elements/signin-x/wallet-sdk.ts:1 [wallet-sdk]', // ethers
  'src/elements/signin-x/wallet-sdk.ts:2 [wallet-sdk]', // import type … '@simplewebauthn/browser'
  'src/elements/signin-x/wallet-sdk.ts:5 [wallet-sdk]', // import('@solana/web3.js')
];

describe('scripts/check-source.mjs [UI-2][UI-3]', () => {
  it('[UI-2][UI-3] finds every planted violation, each at its file and line, and nothing else', () => {
    const { findings } = checkProject(fixture('dirty'));
    const found = findings.map((f) => `${f.file}:${f.line} [${f.rule}]`).sort();
    assert.deepEqual(found, [...EXPECTED].sort());
  });

  it('passes a project that uses the allowed neighbours of each rule', () => {
    const { files, findings } = checkProject(fixture('clean'));
    assert.deepEqual(findings.map(format), []);
    assert.equal(files, 7);
  });

  it('fails from the command line with file:line:column messages, and passes clean code', () => {
    const dirty = spawnSync(process.execPath, [SCRIPT, fixture('dirty')], { encoding: 'utf8' });
    assert.equal(dirty.status, 1);
    assert.match(dirty.stderr, /^src\/elements\/signin-x\/sinks\.ts:5:3 \[html-sink\] innerHTML is banned/m);
    assert.match(dirty.stderr, /^package\.json:5:1 \[server-dep\] "better-sqlite3"/m);
    assert.match(dirty.stderr, new RegExp(`FAIL ${EXPECTED.length} finding`));
    const clean = spawnSync(process.execPath, [SCRIPT, fixture('clean')], { encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(clean.stdout, /check-source: OK 7 files/);
  });
});
