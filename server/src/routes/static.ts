/** Development-only static files: `/dist/*` from BUNDLE_DIR, everything else from DEMO_DIR. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { App } from '../context.js';
import { errors } from '../errors.js';
import type { Reply } from '../http.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ts': 'text/plain; charset=utf-8',
};

/** Resolves `urlPath` inside `root`, or null when it would escape it (no traversal). */
/** Content-Security-Policy of every HTML page this server serves (the demo). */
export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const full = path.resolve(root, ...segments);
  const base = path.resolve(root);
  return full === base || full.startsWith(base + path.sep) ? full : null;
}

export async function serveStatic(app: App, urlPath: string): Promise<Reply> {
  const inBundle = urlPath === '/dist' || urlPath.startsWith('/dist/');
  const root = inBundle ? app.config.bundleDir : app.config.demoDir;
  let file = resolveInside(root, inBundle ? urlPath.slice('/dist'.length) : urlPath);
  if (!file) throw errors.notFound('file');
  try {
    let stat = await fs.stat(file);
    if (stat.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = await fs.stat(file);
    }
    if (!stat.isFile()) throw new Error('not a file');
    // Re-check after following symlinks.
    const real = await fs.realpath(file);
    const realRoot = await fs.realpath(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new Error('outside root');
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'Cache-Control': 'no-cache' };
    if (type.startsWith('text/html')) {
      // The demo runs under the strict policy security.md asks the bundle to work with (UI-2, UI-3):
      // no inline script or style, no eval, Trusted Types enforced with Lit's policy; never framed (UI-6).
      headers['Content-Security-Policy'] = DEMO_CSP;
      headers['Referrer-Policy'] = 'no-referrer';
    }
    return { status: 200, raw: { data: await fs.readFile(file), contentType: type }, headers };
  } catch {
    throw errors.notFound('file');
  }
}
