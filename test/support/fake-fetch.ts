import { isSignInError, type SignInError } from '../../src/core/errors.js';

/**
 * A scripted `fetch` for core and controller tests: routes by effective method (after `_method`
 * tunnelling) and path below `/v1`, records every request with its decoded form body, honours
 * `AbortSignal`, and lets a test hold a response back to resolve it out of order.
 */

export interface RecordedRequest {
  /** The real HTTP method (`GET`/`POST`). */
  readonly httpMethod: string;
  /** `_method` when tunnelled, else the HTTP method. */
  readonly method: string;
  readonly url: URL;
  /** Path below `/v1`, e.g. `/client/sign_ins`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The form body, or `null` when none was sent. */
  readonly form: URLSearchParams | null;
  readonly init: RequestInit;
}

export interface FakeReply {
  status?: number;
  /** Serialised with `JSON.stringify`. */
  json?: unknown;
  /** Raw body text (wins over `json`). */
  text?: string;
  headers?: Record<string, string>;
}

/** A network-level failure (`fetch` rejects with a TypeError). */
export const NETWORK_ERROR = Symbol('network-error');
/** Never answers (until the request is aborted). */
export const HANG = Symbol('hang');

export type FakeResult = FakeReply | typeof NETWORK_ERROR | typeof HANG;
export type FakeHandler = FakeResult | ((request: RecordedRequest) => FakeResult | Promise<FakeResult>);

interface Route {
  readonly method: string;
  readonly path: string | RegExp;
  readonly handler: FakeHandler;
  remaining: number;
}

/** A response a test releases by hand. */
export interface Deferred {
  readonly handler: FakeHandler;
  resolve(result: FakeResult): void;
}

export function deferred(): Deferred {
  let resolve!: (result: FakeResult) => void;
  const promise = new Promise<FakeResult>((r) => (resolve = r));
  return { handler: () => promise, resolve };
}

function toForm(body: RequestInit['body']): URLSearchParams | null {
  if (body === undefined || body === null) return null;
  if (body instanceof URLSearchParams) return new URLSearchParams(body);
  if (typeof body === 'string') return new URLSearchParams(body);
  throw new Error(`fake fetch: unexpected body type ${Object.prototype.toString.call(body)}`);
}

export class FakeFetch {
  readonly requests: RecordedRequest[] = [];
  readonly #routes: Route[] = [];

  /** Answers `method path` (`path` exact, or a RegExp) `times` times (default: always). */
  on(method: string, path: string | RegExp, handler: FakeHandler, times = Infinity): this {
    this.#routes.push({ method, path, handler, remaining: times });
    return this;
  }

  /** Like `on`, for exactly one request; one-shot routes are matched before permanent ones. */
  once(method: string, path: string | RegExp, handler: FakeHandler): this {
    return this.on(method, path, handler, 1);
  }

  /** The decoded form of the last request to `method path`. */
  last(method: string, path: string): RecordedRequest | undefined {
    return [...this.requests].reverse().find((r) => r.method === method && r.path === path);
  }

  readonly fetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const httpMethod = (init.method ?? 'GET').toUpperCase();
    const method = url.searchParams.get('_method') ?? httpMethod;
    const path = url.pathname.replace(/^.*?\/v1(?=\/|$)/, '');
    const request: RecordedRequest = { httpMethod, method, url, path, query: url.searchParams, form: toForm(init.body), init };
    this.requests.push(request);
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      void this.#answer(request).then((result) => {
        if (signal?.aborted || result === HANG) return;
        if (result === NETWORK_ERROR) return reject(new TypeError('Failed to fetch'));
        const status = result.status ?? 200;
        const body = result.text ?? (result.json === undefined ? null : JSON.stringify(result.json));
        const headers = { ...(result.json !== undefined && result.text === undefined ? { 'content-type': 'application/json' } : {}), ...result.headers };
        resolve(new Response(status === 204 ? null : body, { status, headers }));
      }, reject);
    });
  };

  async #answer(request: RecordedRequest): Promise<FakeResult> {
    const matches = (route: Route): boolean =>
      route.remaining > 0 &&
      route.method === request.method &&
      (typeof route.path === 'string' ? route.path === request.path : route.path.test(request.path));
    const route = this.#routes.find((r) => matches(r) && r.remaining !== Infinity) ?? this.#routes.find(matches);
    if (!route) {
      return { status: 599, json: { errors: [{ code: 'fake_unrouted', message: `no fake route for ${request.method} ${request.path}`, long_message: `no fake route for ${request.method} ${request.path}` }] } };
    }
    route.remaining -= 1;
    return typeof route.handler === 'function' ? route.handler(request) : route.handler;
  }
}

/** The `SignInError` that `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<SignInError> {
  try {
    await promise;
  } catch (error) {
    if (isSignInError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
