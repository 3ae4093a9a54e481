// A @web/test-runner plugin that runs the real reference server (server/, built to server/dist)
// for the whole browser-test run, and lets test pages drive it through server commands:
//
//   executeServerCommand('reference-server')                      → { url }
//   executeServerCommand('reference-server-create-user', input)   → { id }
//   executeServerCommand('reference-server-advance-clock', { ms }) → { now }
//   executeServerCommand('clear-cookies')                          → true (a "new device")
//
// The server's clock is a FakeClock seeded with the real time, so cooldown and expiry tests
// advance it instead of waiting. Nothing listens beyond 127.0.0.1.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const serverEntry = fileURLToPath(new URL('../../server/dist/src/index.js', import.meta.url));

export function referenceServerPlugin({ pageOrigin, config = {} }) {
  let running;
  let clock;
  /** DevTools sessions per test-runner session; kept open while the page lives. */
  const cdpSessions = new Map();

  async function cdp(session) {
    if (cdpSessions.has(session.id)) return cdpSessions.get(session.id);
    const page = session.browser.getPage(session.id);
    const client =
      session.browser.type === 'playwright'
        ? await page.context().newCDPSession(page)
        : await page.createCDPSession();
    cdpSessions.set(session.id, client);
    return client;
  }

  return {
    name: 'reference-server',
    async serverStart() {
      if (!existsSync(serverEntry)) {
        throw new Error('The reference server is not built. Run `npm run build:server` (npm test does it for you).');
      }
      const server = await import(pathToFileURL(serverEntry).href);
      clock = new server.FakeClock(Date.now());
      running = await server.startServer({
        clock,
        log: false,
        config: {
          host: '127.0.0.1',
          port: 0,
          databaseUrl: 'sqlite::memory:',
          allowedOrigins: [pageOrigin],
          // Every test request comes from 127.0.0.1: per-IP limits are raised so tests do not
          // throttle each other (the server suite covers RL-6). Lockout stays at its defaults.
          rateLimit: { windowSeconds: 10, createMax: 10000, attemptMax: 10000 },
          // A cheap scrypt cost keeps password checks fast; the server suite covers PW-9.
          password: { scryptLogN: 4 },
          ...config,
        },
      });
    },
    async serverStop() {
      await running?.close();
    },
    async executeCommand({ command, payload, session }) {
      switch (command) {
        case 'reference-server':
          return { url: running.publicUrl };
        case 'reference-server-create-user':
          return running.createUser(payload);
        case 'reference-server-advance-clock':
          clock.advance(payload.ms);
          return { now: clock.now() };
        case 'clear-cookies': {
          const client = await cdp(session);
          await client.send('Network.clearBrowserCookies');
          return true;
        }
        default:
          return undefined;
      }
    },
  };
}
