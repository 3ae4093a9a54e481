// Debian's Chromium through puppeteer-core (a pinned devDependency), headless,
// with the flags from notes/toolchain.md that keep every connection on loopback.
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../../test/support/chromium-args.mjs';

export function launchBrowser() {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Records what a page reports: CSP and Trusted Types violations (a listener installed before any
 * page script runs), console errors, uncaught exceptions and failed requests.
 * @returns {Promise<{ violations: object[], consoleErrors: string[], pageErrors: string[], failedRequests: string[] }>}
 */
export async function watchPage(page) {
  const report = { violations: [], consoleErrors: [], pageErrors: [], failedRequests: [] };
  await page.exposeFunction('__e2eViolation', (v) => report.violations.push(v));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // @ts-ignore exposed by the test
      window.__e2eViolation({
        directive: e.effectiveDirective,
        blockedURI: e.blockedURI,
        sample: e.sample,
        source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      });
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') report.consoleErrors.push(`${message.text()} ${message.location()?.url ?? ''}`.trim());
  });
  page.on('pageerror', (error) => report.pageErrors.push(String(error)));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText;
    // A reload cancels the demo's inbox poll when it is in flight: that is not a failure.
    if (reason !== 'net::ERR_ABORTED') report.failedRequests.push(`${request.url()} ${reason}`);
  });
  return report;
}
