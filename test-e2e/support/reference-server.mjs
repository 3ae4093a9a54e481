// Starts the built reference server the way a person does (`signin-server serve --dev`), on a
// random loopback port with an in-memory database, and stops it again.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../server/dist/src/cli.js', import.meta.url));
const LISTENING = /signin-server listening on http:\/\/127\.0\.0\.1:(\d+)/;
// Printed after the demo users are seeded: from then on GET /dev/demo-users lists them.
const READY = /outbox \(codes in development\)/;

/**
 * Runs the CLI in its own process. Resolves once it listens and has seeded its demo users.
 * @param {Record<string, string>} [env] extra environment (e.g. rate limits)
 * @returns {Promise<{ url: string, origin: string, port: number, output: () => string, stop: () => Promise<void> }>}
 */
export async function startReferenceServer(env = {}) {
  if (!existsSync(CLI)) throw new Error('The reference server is not built. Run `npm run build:server` first.');
  const child = spawn(process.execPath, [CLI, 'serve', '--dev'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATABASE_URL: 'sqlite::memory:', SIGNIN_MODE: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = LISTENING.exec(output);
      if (match && READY.test(output)) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => reject(new Error(`signin-server exited with ${code} before listening:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    // The page uses localhost: a secure context, and the server's default public URL.
    origin: `http://localhost:${port}`,
    port,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
