// Browser tests run in Debian's Chromium against the real reference server, which this config
// starts in-process on 127.0.0.1 (a random port) for the whole run. The page is served from
// http://localhost:8000 and calls the server at http://localhost:<port>: same site, so the
// SameSite=Lax client cookie flows exactly as it would on a real deployment.
import { readFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS } from './test/support/chromium-args.mjs';
import { referenceServerPlugin } from './test/support/reference-server-plugin.mjs';

// The package version, as rollup writes it in (sent as `_clerk_js_version`, spec §3.3).
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

// WTR_PORT lets two runs share a machine; CI uses the default.
const PORT = Number(process.env.WTR_PORT ?? 8000);

export default {
  rootDir: '.',
  port: PORT,
  hostname: 'localhost',
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 4 * 60 * 1000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022', define: { __SIGNIN_VERSION__: JSON.stringify(version) } }),
    referenceServerPlugin({ pageOrigin: `http://localhost:${PORT}` }),
  ],
};
