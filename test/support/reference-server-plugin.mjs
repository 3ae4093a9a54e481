// A @web/test-runner plugin that runs the real reference server (server/, built to server/dist)
// for the whole browser-test run, with real delivery: e-mail goes over SMTP to a mail server
// this plugin runs on loopback, SMS to an HTTP webhook receiver on loopback. Test pages drive it
// through server commands (see test/support/reference-server.ts for the typed wrappers).
//
// Three reference servers share one fake clock: `default` has client trust off (an instance
// configured without it: password sign-ins complete at once), `trust` runs the server's defaults,
// client trust on, and `strength` is `default` with PASSWORD_MIN_STRENGTH=2 (zxcvbn policy, §13).
// Commands take `{ server: 'trust' }` (or `'strength'`) to address another than `default`.
//
// Nothing listens beyond 127.0.0.1 and no traffic leaves the machine.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { decodeMail } from './mail.mjs';

const serverEntry = fileURLToPath(new URL('../../server/dist/src/index.js', import.meta.url));

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts (or rejects all while `failing`). */
async function startMailServer() {
  const messages = [];
  const receiver = { failing: false };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, session, callback) {
      if (!receiver.failing) return callback();
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    },
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
  return Object.assign(receiver, { url: `smtp://127.0.0.1:${smtp.server.address().port}`, messages, close: () => new Promise((r) => smtp.close(r)) });
}

/** An HTTP endpoint on 127.0.0.1 standing in for an SMS provider's webhook (answering 503 while `failing`). */
async function startSmsReceiver() {
  const messages = [];
  const receiver = { failing: false };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (receiver.failing) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"provider unavailable"}');
        return;
      }
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
  return Object.assign(receiver, { url: `http://127.0.0.1:${server.address().port}/sms`, messages, close: () => new Promise((r) => server.close(r)) });
}

export function referenceServerPlugin({ pageOrigin, config = {} }) {
  const servers = {};
  let reference;
  let clock;
  let mail;
  let sms;
  /** DevTools sessions per test-runner session; kept open while the page lives. */
  const cdpSessions = new Map();
  /** Every authentication event the servers logged (LOG-1), oldest first, with the server's name. */
  const serverEvents = [];
  /** Requests paused by `hold-requests`, per test-runner session. */
  const heldRequests = new Map();

  async function cdp(session) {
    if (cdpSessions.has(session.id)) return cdpSessions.get(session.id);
    const page = session.browser.getPage(session.id);
    const client =
      session.browser.type === 'playwright' ? await page.context().newCDPSession(page) : await page.createCDPSession();
    cdpSessions.set(session.id, client);
    const held = [];
    heldRequests.set(session.id, held);
    client.on('Fetch.requestPaused', (event) => held.push(event));
    return client;
  }

  /** Lets every paused request go on, stops pausing, and says which requests were held. */
  async function releaseRequests(session) {
    const client = await cdp(session);
    const queue = heldRequests.get(session.id);
    const released = [];
    const continueAll = () =>
      Promise.all(
        queue.splice(0).map((r) => {
          released.push({ url: r.request.url, method: r.request.method });
          // A request the page aborted meanwhile is gone: nothing to continue.
          return client.send('Fetch.continueRequest', { requestId: r.requestId }).catch(() => undefined);
        }),
      );
    await continueAll();
    await client.send('Fetch.disable');
    await continueAll();
    return released;
  }

  function start(name, overrides, env = {}) {
    return reference.startServer({
      env,
      clock,
      // Captured, not printed: tests count what the server evaluated (see `server-events`).
      log: true,
      logWrite: (line) => {
        const entry = JSON.parse(line);
        if (entry.event) serverEvents.push({ server: name, ...entry });
      },
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
      servers.default = await start('default', { clientTrust: false });
      servers.trust = await start('trust', { clientTrust: true });
      servers.strength = await start('strength', { clientTrust: false }, { PASSWORD_MIN_STRENGTH: '2' });
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
          // Wrapped: a bare null would read as "no plugin handled this command".
          return { message: lastMessage(payload.channel, payload.to) };
        case 'server-events':
          // The events one user caused, as { event, strategy, error } (other fields stay here).
          return serverEvents
            .filter((e) => e.server === (payload.server ?? 'default') && e.user_id === payload.userId)
            .map((e) => ({ event: e.event, strategy: e.strategy, error: e.error }));
        case 'fail-delivery':
          // FT-10: the provider refuses (SMTP 550 / webhook 503) until told otherwise.
          (payload.channel === 'email' ? mail : sms).failing = payload.fail !== false;
          return true;
        case 'insert-text': {
          // What the browser does when text is pasted or dropped into the focused input (or an IME
          // commits it): one insertion of the whole text, with its beforeinput and input events.
          const client = await cdp(session);
          await client.send('Input.insertText', { text: payload.text });
          return true;
        }
        case 'hold-requests': {
          // Pauses matching requests in the browser's network stack until `release-requests`, so a
          // test can act while a request is in flight and count what the page sent.
          const client = await cdp(session);
          await client.send('Fetch.enable', { patterns: [{ urlPattern: payload.urlPattern, requestStage: 'Request' }] });
          return true;
        }
        case 'held-requests':
          await cdp(session);
          return heldRequests.get(session.id).map((r) => ({ url: r.request.url, method: r.request.method }));
        case 'release-requests':
          return releaseRequests(session);
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
