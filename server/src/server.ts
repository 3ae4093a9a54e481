/** HTTP dispatch: tunnelling, CORS, the SES-6 origin check, routing, the error envelope. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { App, RequestContext } from './context.js';
import { reloadClient } from './auth/clients.js';
import { DependencyUnavailableError } from './dependencies.js';
import { ApiError, errorBody, errors } from './errors.js';
import { parseBody, parseCookies, readBody, send, type Reply } from './http.js';
import { clientJson } from './serialize.js';
import { backendRoutes } from './routes/backend.js';
import { backendFactorRoutes } from './routes/backend-factors.js';
import { devRoutes } from './routes/dev.js';
import { clientRoutes } from './routes/client.js';
import { environmentRoutes } from './routes/environment.js';
import { healthRoutes } from './routes/health.js';
import { jwksRoutes } from './routes/jwks.js';
import type { Route } from './routes/route.js';
import { sessionRoutes } from './routes/sessions.js';
import { signInRoutes } from './routes/sign-ins.js';
import { serveStatic } from './routes/static.js';

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

const ROUTES: Compiled[] = [...environmentRoutes, ...clientRoutes, ...signInRoutes, ...sessionRoutes, ...jwksRoutes, ...backendRoutes, ...backendFactorRoutes, ...devRoutes, ...healthRoutes].map(
  (route) => {
    const names: string[] = [];
    const pattern = route.path.replace(/[.]/g, '\\.').replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, names, regex: new RegExp(`^${pattern}/?$`) };
  },
);

const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

function match(method: string, path: string): { route: Route; params: Record<string, string> } | null {
  for (const c of ROUTES) {
    if (c.route.method !== method) continue;
    const m = c.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => (params[n] = m[i + 1]!));
    return { route: c.route, params };
  }
  return null;
}

function corsHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Retry-After, Clerk-Db-Jwt, X-Country',
  };
}

/** The request target as a URL, or null when it cannot be parsed (e.g. `//[` or `http://%zz`). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://internal');
  } catch {
    return null;
  }
}

/**
 * The request handler. Nothing a request carries can reject its promise: every failure becomes a
 * JSON error reply, and a failure while replying closes that one connection (the process lives on).
 */
export function createHandler(app: App, ready: Promise<void>) {
  const handle = dispatcher(app, ready);
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      try {
        app.log.error('request failed while replying', { error: err instanceof Error ? err.message : String(err) });
        if (!res.headersSent) {
          send(res, { status: 500, body: errorBody([errors.internal().toEntry()]) }, { Connection: 'close' });
          return;
        }
      } catch {
        /* fall through: drop the connection */
      }
      res.destroy();
    });
  };
}

/**
 * A handler's failure as the error it answers: an ApiError as it is; a failed dependency (store,
 * limiter, lockout) 503 `service_unavailable` with Retry-After (FT-9, FT-19); anything else 500
 * `internal_error`. Only the log gets the underlying message, never the client.
 */
function toApiError(app: App, err: unknown, method: string, path: string): ApiError {
  if (err instanceof ApiError) return err;
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
  if (err instanceof DependencyUnavailableError) {
    const code = (err.cause as { code?: unknown } | undefined)?.code;
    app.log.error('dependency unavailable', { path, method, dependency: err.dependency, error: message(err.cause), ...(typeof code === 'string' ? { error_kind: code } : {}) });
    return errors.serviceUnavailable();
  }
  app.log.error('unhandled error', { path, method, error: message(err) });
  return errors.internal();
}

function dispatcher(app: App, ready: Promise<void>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await ready;
    const url = parseTarget(req.url);
    const path = url?.pathname ?? '';
    const real = (req.method ?? 'GET').toUpperCase();
    const tunnelled = url?.searchParams.get('_method');
    const method = real === 'POST' && tunnelled ? tunnelled.toUpperCase() : real;
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const originAllowed = origin !== undefined && app.allowedOrigins.has(origin);
    const isBackend = path.startsWith('/backend/');
    const headers: Record<string, string | string[]> = { Vary: 'Origin' };
    if (originAllowed && !isBackend) Object.assign(headers, corsHeaders(origin));
    const ctx: RequestContext = {
      app,
      method,
      path,
      params: {},
      query: url?.searchParams ?? new URLSearchParams(),
      body: {},
      ip: app.ipResolver.resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']),
      origin: originAllowed ? origin : undefined,
      cookies: parseCookies(req.headers.cookie),
      headers: req.headers,
      client: undefined,
      setCookies: [],
      responseHeaders: {},
    };
    let reply: Reply;
    let piggyback = false;
    try {
      if (!url) throw errors.requestTargetInvalid();
      if (real === 'OPTIONS') {
        if (origin !== undefined && !originAllowed) throw errors.originInvalid();
        reply = { status: 204, headers: { 'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' } };
      } else {
        if (path === '/v1' || path.startsWith('/v1/')) {
          // SES-6: a foreign Origin is refused outright; a state-changing request without one needs Sec-Fetch-Site: same-origin.
          if (origin !== undefined && !originAllowed) throw errors.originInvalid();
          if (origin === undefined && method !== 'GET' && req.headers['sec-fetch-site'] !== 'same-origin') throw errors.originInvalid();
        }
        const found = METHODS.has(method) ? match(method, path) : null;
        if (!found) {
          if (app.config.devTools && method === 'GET' && !path.startsWith('/v1') && !isBackend) reply = await serveStatic(app, path);
          else throw errors.notFound('route');
        } else {
          piggyback = !!found.route.piggyback;
          ctx.params = found.params;
          if (real !== 'GET' && real !== 'HEAD') ctx.body = parseBody(await readBody(req, app.config.maxBodyBytes), req.headers['content-type']);
          reply = await found.route.handler(ctx);
        }
      }
    } catch (err) {
      const apiErr = toApiError(app, err, method, path);
      const meta: Record<string, unknown> = {};
      if (piggyback && (apiErr.status < 500 || apiErr.code === 'delivery_failed')) {
        try {
          const client = await reloadClient(ctx);
          if (client) meta.client = await clientJson(ctx, client);
        } catch {
          /* best effort */
        }
      }
      reply = { status: apiErr.status, body: errorBody([apiErr.toEntry()], meta, randomBytes(8).toString('hex')), headers: apiErr.headers };
      if (apiErr.status === 413) headers.Connection = 'close';
    }
    if (ctx.setCookies.length) headers['Set-Cookie'] = ctx.setCookies;
    Object.assign(headers, ctx.responseHeaders);
    if (res.headersSent) return;
    send(res, reply, headers);
  };
}
