import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signin-cli-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, SCRYPT_LOG_N: '4' };
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], extraEnv: Record<string, string> = {}) => spawnSync(process.execPath, [CLI, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 20_000 });

describe('CLI', () => {
  it('users create / get / delete against a sqlite file', () => {
    const created = run(['users', 'create', '--email', 'cli@example.com', '--password', 'cli-unique-passphrase', '--username', 'cliuser', '--phone', '+15555550142']);
    assert.equal(created.status, 0, created.stderr);
    const user = JSON.parse(created.stdout);
    assert.match(user.id, /^user_/);
    assert.equal(user.username, 'cliuser');
    const got = run(['users', 'get', user.id]);
    assert.equal(got.status, 0);
    assert.equal(JSON.parse(got.stdout).email_addresses[0].email_address, 'cli@example.com');
    const dup = run(['users', 'create', '--email', 'CLI@example.com']);
    assert.equal(dup.status, 1);
    assert.match(dup.stderr, /form_identifier_exists/);
    const weak = run(['users', 'create', '--email', 'weak@example.com', '--password', 'password1']);
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /form_password_pwned/);
    const notStrong = run(['users', 'create', '--email', 'weak@example.com', '--password', 'monkeybusiness'], { PASSWORD_MIN_STRENGTH: '2' });
    assert.equal(notStrong.status, 1);
    assert.match(notStrong.stderr, /form_password_not_strong_enough/);
    assert.equal(run(['users', 'create', '--email', 'weak@example.com', '--password', 'monkeybusiness']).status, 0, 'off unless configured');
    const totp = run(['users', 'totp', user.id]);
    assert.equal(totp.status, 0, totp.stderr);
    assert.match(JSON.parse(totp.stdout).uri, /^otpauth:\/\/totp\//);
    const codes = run(['users', 'backup-codes', user.id]);
    assert.equal(JSON.parse(codes.stdout).codes.length, 10);
    const phone = run(['users', 'add-phone', user.id, '+15555550143', '--second-factor']);
    assert.equal(phone.status, 0, phone.stderr);
    const withPhone = JSON.parse(phone.stdout);
    assert.equal(withPhone.phone_numbers.find((p: any) => p.phone_number === '+15555550143').reserved_for_second_factor, true);
    assert.equal(withPhone.totp_enabled, true);
    assert.equal(withPhone.backup_code_enabled, true);
    assert.equal(run(['users', 'delete', user.id]).status, 0);
    assert.equal(run(['users', 'get', user.id]).status, 1);
  });

  it('bad configuration → one-line message and non-zero exit', () => {
    const res = run(['serve'], { PORT: 'eighty' });
    assert.equal(res.status, 1);
    assert.equal(res.stderr.trim().split('\n').length, 1);
    assert.match(res.stderr, /configuration error: PORT/);
    const prod = run(['serve'], { SIGNIN_MODE: 'production', PUBLIC_URL: 'http://x.test', SIGNIN_SECRET_KEY: 'sk_live_' + 'x'.repeat(30) });
    assert.equal(prod.status, 1);
    assert.match(prod.stderr, /PUBLIC_URL/);
    const usage = run(['bogus']);
    assert.equal(usage.status, 2);
  });

  it('serve --dev seeds demo users, prints credentials and answers', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--dev'], { env: { ...env, PORT: '0' } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.resume();
    try {
      const deadline = Date.now() + 15_000;
      while (!/outbox \(codes/.test(err) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.match(err, /ada@example\.com .*password: \S+/);
      assert.match(err, /TOTP secret: [A-Z2-7]{32}/);
      assert.match(err, /otpauth:\/\/totp\//);
      assert.match(err, /backup codes .*: ([a-z0-9]{10} ?){10}/);
      assert.match(err, /alan@example\.com/);
      assert.match(err, /sk_test_/);
      const url = /listening on (\S+)/.exec(err)![1]!;
      const res = await fetch(`${url}/v1/environment`);
      assert.equal(res.status, 200);
      const passwordSettings = ((await res.json()) as any).user_settings.password_settings;
      assert.deepEqual([passwordSettings.show_zxcvbn, passwordSettings.min_zxcvbn_strength], [true, 2], 'the demo shows the strength meter');
      assert.match(err, /password strength check \(PASSWORD_MIN_STRENGTH\): zxcvbn score ≥ 2/);
      assert.ok(fs.existsSync(path.join(dir, 'signing-key.pem')), 'dev key generated in the data dir');
      assert.ok(fs.existsSync(path.join(dir, 'encryption-key')), 'dev encryption key generated in the data dir');
      const demo = (await (await fetch(`${url}/dev/demo-users`)).json()) as any[];
      assert.equal(demo[1].identifier, 'grace@example.com');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
