// A @web/test-runner plugin that runs the real reference server (server/, built to server/dist)
// for the whole browser-test run, with real delivery: e-mail goes over SMTP to a mail server
// this plugin runs on loopback, SMS to an HTTP webhook receiver on loopback. Test pages drive it
// through server commands (see test/support/reference-server.ts for the typed wrappers).
//
// Two reference servers share one fake clock: `default` has client trust off (an instance
// configured without it: password sign-ins complete at once), `trust` runs the server's defaults,
// client trust on. Commands take `{ server: 'trust' }` to address the second one.
//
// Nothing listens beyond 127.0.0.1 and no traffic leaves the machine.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { decodeMail } from './mail.mjs';

const serverEntry = fileURLToPath(new URL('../../server/dist/src/index.js', import.meta.url));

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts. */
async function startMailServer() {
  const messages = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        messages.push({ channel: 'email', to, ...decodeMail(Buffer.concat(chunks).toString('utf8')), at: Date.now() });
        callback();
      });
    },
  });
  await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${smtp.server.address().port}`, messages, close: () => new Promise((r) => smtp.close(r)) };
}

/** An HTTP endpoint on 127.0.0.1 standing in for an SMS provider's webhook. */
async function startSmsReceiver() {
  const messages = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const text = body.body ?? body.text ?? body.message ?? '';
        messages.push({ channel: 'sms', to: [String(body.to)], text, code: /\b(\d{6})\b/.exec(text)?.[1], at: Date.now() });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/sms`, messages, close: () => new Promise((r) => server.close(r)) };
}

export function referenceServerPlugin({ pageOrigin, config = {} }) {
  const servers = {};
  let reference;
  let clock;
  let mail;
  let sms;
  /** DevTools sessions per test-runner session; kept open while the page lives. */
  const cdpSessions = new Map();

  async function cdp(session) {
    if (cdpSessions.has(session.id)) return cdpSessions.get(session.id);
    const page = session.browser.getPage(session.id);
    const client =
      session.browser.type === 'playwright' ? await page.context().newCDPSession(page) : await page.createCDPSession();
    cdpSessions.set(session.id, client);
    return client;
  }

  function start(overrides) {
    return reference.startServer({
      clock,
      log: false,
      config: {
        host: '127.0.0.1',
        port: 0,
        databaseUrl: 'sqlite::memory:',
        allowedOrigins: [pageOrigin],
        // Every test request comes from 127.0.0.1: per-IP limits are raised so tests do not
        // throttle each other (0 = no limit; the server suite covers RL-6 and OTP-8). Lockout and the
        // resend cooldown stay at their defaults: browser tests check how the UI shows them.
        rateLimit: { createMax: 0, attemptMax: 0 },
        otp: { sendMaxPerIp: 0, sendMaxPerDestination: 0 },
        // A cheap scrypt cost keeps password checks fast; the server suite covers PW-9.
        password: { scryptLogN: 4 },
        delivery: { smtpUrl: mail.url, smsWebhookUrl: sms.url },
        ...config,
        ...overrides,
      },
    });
  }

  /** The newest message to `to` on `channel` (addresses compared case-insensitively). */
  function lastMessage(channel, to) {
    const list = channel === 'email' ? mail.messages : sms.messages;
    const wanted = to.toLowerCase();
    return [...list].reverse().find((m) => m.to.includes(wanted)) ?? null;
  }

  return {
    name: 'reference-server',
    async serverStart() {
      if (!existsSync(serverEntry)) {
        throw new Error('The reference server is not built. Run `npm run build:server` (npm test does it for you).');
      }
      reference = await import(pathToFileURL(serverEntry).href);
      clock = new reference.FakeClock(Date.now());
      [mail, sms] = await Promise.all([startMailServer(), startSmsReceiver()]);
      servers.default = await start({ clientTrust: false });
      servers.trust = await start({ clientTrust: true });
    },
    async serverStop() {
      await Promise.all([...Object.values(servers).map((s) => s.close()), mail?.close(), sms?.close()]);
    },
    async executeCommand({ command, payload = {}, session }) {
      const server = servers[payload.server ?? 'default'];
      switch (command) {
        case 'reference-server':
          return { url: server.publicUrl };
        case 'reference-server-create-user':
          return server.createUser(payload.user ?? payload);
        case 'reference-server-add-phone':
          return server.addPhoneNumber(payload.userId, payload.phone, payload.options);
        case 'reference-server-enroll-totp':
          return server.enrollTotp(payload.userId);
        case 'reference-server-backup-codes':
          return { codes: await server.createBackupCodes(payload.userId) };
        case 'reference-server-totp-code':
          return { code: reference.totp(payload.secret, clock.now() + (payload.offsetSteps ?? 0) * 30_000) };
        case 'reference-server-advance-clock':
          clock.advance(payload.ms);
          return { now: clock.now() };
        case 'last-message':
          return lastMessage(payload.channel, payload.to);
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
