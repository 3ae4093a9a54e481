// UI-10: the CDN bundle behind a <script type="module" integrity> tag. A page on a loopback
// server loads dist/cdn/signin-elements.js with the integrity value the build wrote; the same tag
// in front of a modified bundle must be refused by the browser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { sri } from '../scripts/sri.mjs';
import { launchBrowser, watchPage } from './support/browser.mjs';

const BUNDLE = new URL('../dist/cdn/signin-elements.js', import.meta.url);

describe('[UI-10] Subresource Integrity of the CDN bundle', () => {
  const bundle = readFileSync(BUNDLE);
  const integrity = readFileSync(new URL(`${BUNDLE.href}.sri`), 'utf8').trim();
  // One statement more at the end: it still runs, and it marks that it did.
  const modified = Buffer.concat([bundle, Buffer.from('\nglobalThis.modifiedBundleRan = true;\n')]);
  let server;
  let origin;
  let browser;

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url, 'http://page');
      if (url.pathname.endsWith('.js')) {
        const body = url.pathname === '/modified/signin-elements.js' ? modified : bundle;
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body);
        return;
      }
      // The published snippet: <script type="module" src=… integrity=… crossorigin>.
      const src = url.searchParams.get('bundle') === 'modified' ? '/modified/signin-elements.js' : '/cdn/signin-elements.js';
      const attributes = url.searchParams.has('no-integrity') ? '' : ` integrity="${integrity}" crossorigin="anonymous"`;
      const html = `<!doctype html><title>SRI</title><script type="module" src="${src}"${attributes}></script><signin-flow></signin-flow>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Opens the page (module scripts run before `load`) and reports what the bundle did. */
  async function open(query) {
    const page = await browser.newPage();
    const report = await watchPage(page);
    await page.goto(`${origin}/?${query}`, { waitUntil: 'load' });
    const result = await page.evaluate(() => ({
      defined: ['signin-flow', 'signin-otp'].filter((tag) => customElements.get(tag)),
      rendered: Boolean(document.querySelector('signin-flow').shadowRoot),
      modifiedRan: globalThis.modifiedBundleRan === true,
    }));
    await page.close();
    return { ...result, report };
  }

  it('[UI-10] the build wrote the SHA-384 of the bundle it shipped', () => {
    assert.match(integrity, /^sha384-[A-Za-z0-9+/]{64}$/);
    assert.equal(integrity, sri(bundle));
  });

  it('[UI-10] with the right integrity value the bundle runs and defines its elements', async () => {
    const result = await open('bundle=cdn');
    assert.deepEqual(result.defined, ['signin-flow', 'signin-otp']);
    assert.equal(result.rendered, true);
    assert.deepEqual(result.report.consoleErrors, []);
  });

  it('[UI-10] a modified bundle behind the same snippet is refused', async () => {
    const result = await open('bundle=modified');
    assert.deepEqual(result.defined, []);
    assert.equal(result.modifiedRan, false);
    assert.equal(result.rendered, false);
    assert.ok(
      result.report.consoleErrors.some((text) => /integrity/i.test(text)),
      `Chromium names the integrity check: ${result.report.consoleErrors.join(' | ')}`,
    );
  });

  it('the modified bundle does run without the integrity attribute (control)', async () => {
    const result = await open('bundle=modified&no-integrity');
    assert.equal(result.modifiedRan, true);
    assert.deepEqual(result.defined, ['signin-flow', 'signin-otp']);
  });
});
