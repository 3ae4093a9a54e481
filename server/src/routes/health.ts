/**
 * `GET /health` (FT-19): the store answers a cheap query, and no request has recently seen the
 * rate limiter, lockout, send or probe limits fail. 200 `ok` or 503 `degraded` (with Retry-After);
 * only check names and states, never an error message.
 */
import type { DependencyName } from '../dependencies.js';
import { SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from '../errors.js';
import type { Reply } from '../http.js';
import type { Route } from './route.js';

type Status = 'ok' | 'degraded';

/** Checked from what requests saw (in-process state: nothing to query). */
const OBSERVED: DependencyName[] = ['rate_limit', 'lockout', 'send_throttle', 'probe_limit'];

export const healthRoutes: Route[] = [
  {
    method: 'GET',
    path: '/health',
    handler: async ({ app }): Promise<Reply> => {
      const checks: Partial<Record<DependencyName, { status: Status }>> = {};
      let store: Status = 'ok';
      try {
        await app.store.ping();
      } catch (err) {
        store = 'degraded';
        const cause = err instanceof Error ? (err.cause ?? err) : err;
        app.log.error('health check failed', { check: 'store', error: cause instanceof Error ? cause.message : String(cause) });
      }
      checks.store = { status: store };
      for (const name of OBSERVED) checks[name] = { status: app.health.degraded(name) ? 'degraded' : 'ok' };
      const ok = Object.values(checks).every((c) => c.status === 'ok');
      return {
        status: ok ? 200 : 503,
        body: { status: ok ? 'ok' : 'degraded', checks },
        headers: ok ? undefined : { 'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) },
      };
    },
  },
];
