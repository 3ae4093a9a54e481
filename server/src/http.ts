import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from './errors.js';

/** Decoded request body: form fields become string or string[] (repeated keys); JSON is kept as is. */
export type Body = Record<string, unknown>;

/** Reads at most `limit` bytes; larger bodies are drained (not buffered) and rejected with 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let size = 0;
    let tooLarge = declared > limit;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(errors.bodyTooLarge(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function parseForm(text: string): Body {
  const out: Body = Object.create(null) as Body;
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

/** Parses form-urlencoded (also text/plain and missing type, as browsers send them) or JSON. */
export function parseBody(raw: Buffer, contentType: string | undefined): Body {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    if (text.trim() === '') return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw errors.bodyInvalid('The request body is not valid JSON.');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw errors.bodyInvalid('The JSON body must be an object.');
    return value as Body;
  }
  if (type === '' || type === 'application/x-www-form-urlencoded' || type === 'text/plain') return parseForm(text);
  throw errors.unsupportedMediaType();
}

/** A field the client sent; never an inherited Object.prototype member. */
const field = (body: Body, name: string): unknown => (Object.hasOwn(body, name) ? body[name] : undefined);

/** Reads an optional string field. Empty string means "none" (§3.5). Arrays and non-strings → 422. */
export function optString(body: Body, name: string, maxLength = 1024): string | undefined {
  const v = field(body, name);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw errors.paramFormat(name, `${name} must be a string.`);
  if (v.length > maxLength) throw errors.paramFormat(name, `${name} is too long.`);
  return v;
}

export function reqString(body: Body, name: string, maxLength = 1024): string {
  const v = optString(body, name, maxLength);
  if (v === undefined) throw errors.paramNil(name);
  return v;
}

export function optBool(body: Body, name: string): boolean | undefined {
  const v = field(body, name);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw errors.paramFormat(name, `${name} must be true or false.`);
}

/** Reads a list field: repeated form keys, a JSON array, or a single value. */
export function optStringList(body: Body, name: string, maxItems = 20, maxLength = 320): string[] {
  const v = field(body, name);
  if (v === undefined || v === null || v === '') return [];
  const items = Array.isArray(v) ? v : [v];
  if (items.length > maxItems) throw errors.paramFormat(name, `${name} has too many entries.`);
  return items.map((item) => {
    if (typeof item !== 'string') throw errors.paramFormat(name, `${name} must contain strings.`);
    if (item.length > maxLength) throw errors.paramFormat(name, `${name} entry is too long.`);
    return item;
  });
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (!out.has(name)) out.set(name, part.slice(i + 1).trim());
  }
  return out;
}

export interface CookieSpec {
  name: string;
  value: string;
  maxAgeSeconds: number;
  secure: boolean;
}

/** HttpOnly, Path=/, SameSite=Lax, no Domain (SES-3); Secure over https. */
export function serializeCookie(c: CookieSpec): string {
  const parts = [`${c.name}=${c.value}`, 'Path=/', `Max-Age=${c.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
  if (c.secure) parts.push('Secure');
  return parts.join('; ');
}

export interface Reply {
  status: number;
  /** JSON-serialised unless `raw` is set; omitted for 204. */
  body?: unknown;
  raw?: { data: Buffer | string; contentType: string };
  headers?: Record<string, string>;
}

export function send(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string | string[]>): void {
  const headers: Record<string, string | string[]> = { 'X-Content-Type-Options': 'nosniff', ...extraHeaders, ...reply.headers };
  if (reply.status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  let data: Buffer | string;
  if (reply.raw) {
    data = reply.raw.data;
    headers['Content-Type'] = reply.raw.contentType;
  } else {
    data = JSON.stringify(reply.body ?? {});
    headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Cache-Control'] ??= 'no-store';
  }
  headers['Content-Length'] = String(Buffer.byteLength(data));
  res.writeHead(reply.status, headers);
  res.end(data);
}
