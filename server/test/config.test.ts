import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, FakeClock, loadConfig, startServer } from '../src/index.js';
import { Delivery } from '../src/delivery/index.js';

const captureError = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
};

const bad = (env: Record<string, string>, variable: string) => {
  assert.throws(
    () => loadConfig(env),
    (err: unknown) => err instanceof ConfigError && err.variable === variable && !err.message.includes('\n'),
    JSON.stringify(env),
  );
};

describe('configuration', () => {
  it('defaults: 127.0.0.1:8787, development, sqlite file, Clerk-parity limits', () => {
    const c = loadConfig({});
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 8787);
    assert.equal(c.mode, 'development');
    assert.equal(c.databaseUrl, 'sqlite:./.data/signin.db');
    assert.deepEqual(c.rateLimit, { windowSeconds: 10, createMax: 5, attemptMax: 3 });
    assert.deepEqual(c.lockout, { freeFailures: 3, baseDelaySeconds: 30, maxDelaySeconds: 3600, threshold: 10, durationSeconds: 3600, disableThreshold: 100 });
    assert.equal(c.session.tokenTtlSeconds, 60);
    assert.equal(c.password.minLength, 8);
    assert.equal(c.password.maxLength, 128);
    assert.equal(c.clientTrust, true, 'OP-14: client trust on by default');
    assert.deepEqual(c.otp, { ttlSeconds: 600, maxAttempts: 5, resendCooldownSeconds: 30, sendWindowSeconds: 3600, sendMaxPerDestination: 10, sendMaxPerIp: 30, sendMaxPerSmsRange: 30, smsRangeDigits: 3 });
    assert.equal(c.delivery.smsAllowedCountryCodes, undefined, 'development: SMS to every country');
    assert.equal(c.totpWindow, 1);
    assert.equal(c.delivery.smtpFrom, 'no-reply@localhost');
  });

  it('reads the code, TOTP, delivery and encryption settings', () => {
    const key = Buffer.alloc(32, 7);
    const c = loadConfig({ CLIENT_TRUST: 'false', TOTP_WINDOW: '0', OTP_RESEND_COOLDOWN_SECONDS: '0', SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'auth@example.test', SMS_WEBHOOK_URL: 'http://127.0.0.1:9/sms', ENCRYPTION_KEY: key.toString('hex') });
    assert.equal(c.clientTrust, false);
    assert.equal(c.totpWindow, 0);
    assert.equal(c.otp.resendCooldownSeconds, 0);
    assert.equal(c.delivery.smtpUrl, 'smtp://127.0.0.1:2525');
    assert.equal(c.delivery.smsWebhookUrl, 'http://127.0.0.1:9/sms');
    assert.equal(loadConfig({ ENCRYPTION_KEY: key.toString('base64') }).encryptionKey, key.toString('base64'));
    // Production with delivery configured is fine.
    loadConfig({ SIGNIN_MODE: 'production', PUBLIC_URL: 'https://a.test', SIGNIN_SECRET_KEY: 'sk_live_' + 'x'.repeat(32), SMTP_URL: 'smtp://mail.test:587' });
  });

  it('reads env vars', () => {
    const c = loadConfig({ PORT: '9000', PUBLIC_URL: 'https://auth.example.test/', ALLOWED_ORIGINS: 'https://app.example.test, http://localhost:8000', TRUSTED_PROXIES: '10.0.0.0/8,::1', PASSWORD_MIN_LENGTH: '12', RATE_LIMIT_CREATE: '7' });
    assert.equal(c.port, 9000);
    assert.equal(c.publicUrl, 'https://auth.example.test');
    assert.deepEqual(c.allowedOrigins, ['https://app.example.test', 'http://localhost:8000']);
    assert.equal(c.password.minLength, 12);
    assert.equal(c.rateLimit.createMax, 7);
  });

  it('bad values stop start-up with a typed one-line ConfigError', () => {
    bad({ PORT: 'abc' }, 'PORT');
    bad({ PORT: '70000' }, 'PORT');
    bad({ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL');
    bad({ PUBLIC_URL: 'ftp://x.test' }, 'PUBLIC_URL');
    bad({ SIGNIN_MODE: 'staging' }, 'SIGNIN_MODE');
    bad({ SIGNIN_MODE: 'production', PUBLIC_URL: 'http://auth.example.test', SIGNIN_SECRET_KEY: 'sk_live_' + 'x'.repeat(32) }, 'PUBLIC_URL');
    bad({ SIGNIN_MODE: 'production', PUBLIC_URL: 'https://auth.example.test' }, 'SIGNIN_SECRET_KEY');
    bad({ SIGNIN_MODE: 'production' }, 'PUBLIC_URL');
    bad({ PASSWORD_MIN_LENGTH: '7' }, 'PASSWORD_MIN_LENGTH');
    bad({ PASSWORD_MAX_LENGTH: '20' }, 'PASSWORD_MAX_LENGTH');
    bad({ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL');
    bad({ ALLOWED_ORIGINS: 'localhost:8000' }, 'ALLOWED_ORIGINS');
    bad({ ALLOWED_ORIGINS: 'https://app.test/path' }, 'ALLOWED_ORIGINS');
    bad({ TRUSTED_PROXIES: 'proxy.local' }, 'TRUSTED_PROXIES');
    bad({ SESSION_MAX_LIFETIME_SECONDS: '0', SESSION_IDLE_TIMEOUT_SECONDS: '0' }, 'SESSION_MAX_LIFETIME_SECONDS');
    bad({ CLIENT_TRUST: 'maybe' }, 'CLIENT_TRUST');
    bad({ SIGNIN_MODE: 'production', PUBLIC_URL: 'https://a.test', SIGNIN_SECRET_KEY: 'sk_live_' + 'x'.repeat(32) }, 'CLIENT_TRUST');
    bad({ TOTP_WINDOW: '2' }, 'TOTP_WINDOW');
    bad({ OTP_TTL_SECONDS: '601' }, 'OTP_TTL_SECONDS');
    bad({ ENCRYPTION_KEY: 'too-short' }, 'ENCRYPTION_KEY');
    bad({ SMTP_URL: 'http://mail.test' }, 'SMTP_URL');
    bad({ SMS_WEBHOOK_URL: 'not a url' }, 'SMS_WEBHOOK_URL');
    bad({ SIGNIN_SECRET_KEY: 'short' }, 'SIGNIN_SECRET_KEY');
    bad({ LOCKOUT_FREE_FAILURES: '10' }, 'LOCKOUT_FREE_FAILURES');
    bad({ SIGNIN_MODE: 'production', PUBLIC_URL: 'https://a.test', SIGNIN_SECRET_KEY: 'sk_live_' + 'x'.repeat(32), SCRYPT_LOG_N: '4' }, 'SCRYPT_LOG_N');
  });

  it('development mode listens only on loopback: another HOST stops start-up (GET /dev/outbox serves codes)', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '::ffff:10.0.0.1', '128.0.0.1']) bad({ HOST: host }, 'HOST');
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) assert.equal(loadConfig({ HOST: host }).host, host);
    assert.match(String(captureError(() => loadConfig({ HOST: '0.0.0.0' }))), /loopback.*\/dev\/outbox/);
    const production = { SIGNIN_MODE: 'production', PUBLIC_URL: 'https://a.test', SIGNIN_SECRET_KEY: 'sk_live_' + 'x'.repeat(32), SMTP_URL: 'smtp://mail.test:587' };
    assert.equal(loadConfig({ ...production, HOST: '0.0.0.0' }).host, '0.0.0.0', 'production may listen anywhere');
    await assert.rejects(startServer({ config: { host: '0.0.0.0' } }), (err: unknown) => err instanceof ConfigError && err.variable === 'HOST');
  });

  it('[OTP-8] SMS_ALLOWED_COUNTRY_CODES: calling-code prefixes or *, required in production with an SMS webhook', () => {
    assert.deepEqual(loadConfig({ SMS_ALLOWED_COUNTRY_CODES: '+1, 44,1787' }).delivery.smsAllowedCountryCodes, ['1', '44', '1787']);
    assert.equal(loadConfig({ SMS_ALLOWED_COUNTRY_CODES: '*' }).delivery.smsAllowedCountryCodes, '*');
    for (const v of ['abc', '+0', '1234567', 'uk']) bad({ SMS_ALLOWED_COUNTRY_CODES: v }, 'SMS_ALLOWED_COUNTRY_CODES');
    const production = { SIGNIN_MODE: 'production', PUBLIC_URL: 'https://a.test', SIGNIN_SECRET_KEY: 'sk_live_' + 'x'.repeat(32), SMS_WEBHOOK_URL: 'https://sms.example.test/hook' };
    bad(production, 'SMS_ALLOWED_COUNTRY_CODES');
    assert.equal(loadConfig({ ...production, SMS_ALLOWED_COUNTRY_CODES: '*' }).delivery.smsAllowedCountryCodes, '*');
    assert.deepEqual(loadConfig({ ...production, SMS_ALLOWED_COUNTRY_CODES: '30' }).delivery.smsAllowedCountryCodes, ['30']);
    const c = loadConfig({ OTP_SEND_MAX_PER_SMS_RANGE: '5', OTP_SMS_RANGE_DIGITS: '4' });
    assert.deepEqual([c.otp.sendMaxPerSmsRange, c.otp.smsRangeDigits], [5, 4]);
    bad({ OTP_SMS_RANGE_DIGITS: '9' }, 'OTP_SMS_RANGE_DIGITS');
  });

  it('the outbox exists (and records) only in development mode', async () => {
    const production = loadConfig({ SIGNIN_MODE: 'production', PUBLIC_URL: 'https://a.test', SIGNIN_SECRET_KEY: 'sk_live_' + 'x'.repeat(32), SMTP_URL: 'smtp://127.0.0.1:9' });
    const prod = new Delivery(production, new FakeClock());
    assert.equal(prod.outbox, null);
    prod.close();
    const dev = new Delivery(loadConfig({}), new FakeClock());
    await dev.send({ channel: 'email', to: 'a@example.com', subject: 's', text: 't', code: '123456' });
    assert.equal(dev.outbox!.list().length, 1);
    dev.close();
  });

  it('startServer validates overrides too, and port 0 fills publicUrl with the real port', async () => {
    await assert.rejects(startServer({ config: { password: { minLength: 6 } } }), ConfigError);
    const s = await startServer({ config: { password: { scryptLogN: 4 } } });
    try {
      assert.ok(s.port > 0);
      assert.equal(s.url, `http://127.0.0.1:${s.port}`);
      assert.equal(s.publicUrl, `http://localhost:${s.port}`);
    } finally {
      await s.close();
    }
  });
});
