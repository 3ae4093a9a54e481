import { expect } from '@open-wc/testing';
import { ApiClient, CLIENT_VERSION, FAPI_API_VERSION, type ApiRequest } from '../../src/core/api-client.js';
import { clientFromError } from '../../src/core/api-response.js';
import {
  SignInAbortError,
  SignInApiError,
  SignInError,
  SignInNetworkError,
  SignInTimeoutError,
  isSignInApiError,
} from '../../src/core/errors.js';
import { FakeFetch, HANG, NETWORK_ERROR, type FakeResult } from '../support/fake-fetch.js';
import { clientJSON, errorBody, signInJSON } from '../support/fapi-fixtures.js';

const BASE = 'https://fapi.example.test/v1';

function setup(options: { timeoutMs?: number; sessionId?: string | null } = {}) {
  const fake = new FakeFetch();
  const api = new ApiClient({
    baseUrl: BASE,
    fetch: fake.fetch,
    timeoutMs: options.timeoutMs ?? 2000,
    retryDelayMs: 0,
    sessionId: () => options.sessionId ?? null,
  });
  return { fake, api };
}

async function failure(promise: Promise<unknown>): Promise<SignInError> {
  try {
    await promise;
  } catch (error) {
    return error as SignInError;
  }
  throw new Error('expected a rejection');
}

describe('ApiClient', () => {
  describe('requests', () => {
    it('should put query parameters in spec order and tunnel non-GET/POST methods', async () => {
      const { fake, api } = setup({ sessionId: 'sess_1' });
      fake.on('DELETE', '/client/sessions', { json: { response: clientJSON(), client: null } });
      await api.request({ method: 'DELETE', path: '/client/sessions', query: { debug: 'skip_cache' } });
      const [request] = fake.requests;
      expect(request!.httpMethod).to.equal('POST');
      expect([...request!.query.keys()]).to.deep.equal(['debug', '__clerk_api_version', '_clerk_js_version', '_method']);
      expect(request!.query.get('__clerk_api_version')).to.equal(FAPI_API_VERSION);
      expect(request!.query.get('_clerk_js_version')).to.equal(CLIENT_VERSION);
      expect(request!.query.get('_method')).to.equal('DELETE');
      expect(request!.form).to.equal(null);
    });

    it('should send the package version as _clerk_js_version (OP-8), written in at build time', async () => {
      const { version } = (await (await fetch('/package.json')).json()) as { version: string };
      expect(CLIENT_VERSION).to.equal(`signin-elements/${version}`);
      const { fake, api } = setup();
      fake.on('GET', '/client', { json: { response: null, client: null } });
      await api.request({ method: 'GET', path: '/client' });
      expect(fake.requests[0]!.query.get('_clerk_js_version')).to.equal(`signin-elements/${version}`);
    });

    it('should add _clerk_session_id only outside /client paths', async () => {
      const { fake, api } = setup({ sessionId: 'sess_9' });
      fake.on('GET', '/environment', { json: {} }).on('GET', '/client', { json: { response: null, client: null } });
      await api.request({ method: 'GET', path: '/environment' });
      await api.request({ method: 'GET', path: '/client' });
      expect(fake.requests[0]!.query.get('_clerk_session_id')).to.equal('sess_9');
      expect([...fake.requests[0]!.query.keys()].at(-1)).to.equal('_clerk_session_id');
      expect(fake.requests[1]!.query.has('_clerk_session_id')).to.equal(false);
    });

    it('should send form bodies with credentials and no custom headers', async () => {
      const { fake, api } = setup();
      fake.on('POST', '/client/sign_ins', { json: { response: signInJSON(), client: clientJSON() } });
      await api.request({ method: 'POST', path: '/client/sign_ins', body: { identifier: 'ada@example.com', strategy: undefined } });
      const [request] = fake.requests;
      expect(request!.init.credentials).to.equal('include');
      expect(request!.init.headers).to.equal(undefined);
      expect(request!.init.body).to.be.instanceOf(URLSearchParams);
      expect(request!.form!.toString()).to.equal('identifier=ada%40example.com');
      expect(request!.url.origin + request!.url.pathname).to.equal(`${BASE}/client/sign_ins`);
    });

    it('should send no body on GET', async () => {
      const { fake, api } = setup();
      fake.on('GET', '/client', { json: { response: null, client: null } });
      await api.request({ method: 'GET', path: '/client', body: { ignored: 'x' } });
      expect(fake.requests[0]!.init.body).to.equal(undefined);
      expect(fake.requests[0]!.httpMethod).to.equal('GET');
    });
  });

  describe('envelope', () => {
    const cases: [string, unknown, unknown, unknown][] = [
      ['response and client', { response: { id: 'sia_1' }, client: { id: 'client_1' } }, { id: 'sia_1' }, { id: 'client_1' }],
      ['client from meta.client', { response: { id: 'sia_1' }, meta: { client: { id: 'client_2' } } }, { id: 'sia_1' }, { id: 'client_2' }],
      ['an un-enveloped body', { object: 'token', jwt: 'a.b.c' }, { object: 'token', jwt: 'a.b.c' }, null],
      ['response null (GET /client signed out)', { response: null, client: null }, null, null],
      ['a client preferred over meta.client', { response: 1, client: { id: 'a' }, meta: { client: { id: 'b' } } }, 1, { id: 'a' }],
    ];
    for (const [name, body, payload, client] of cases) {
      it(`should unwrap ${name}`, async () => {
        const { fake, api } = setup();
        fake.on('POST', '/x', { json: body });
        const result = await api.request({ method: 'POST', path: '/x' });
        expect(result.status).to.equal(200);
        expect(result.payload).to.deep.equal(payload);
        expect(result.client).to.deep.equal(client);
      });
    }

    it('should accept 204 without a body', async () => {
      const { fake, api } = setup();
      fake.on('POST', '/x', { status: 204 });
      const result = await api.request({ method: 'POST', path: '/x' });
      expect(result).to.include({ status: 204, payload: null, client: null });
    });
  });

  describe('errors', () => {
    type Row = {
      name: string;
      reply: FakeResult;
      kind: new (...args: never[]) => SignInError;
      code: string;
      status?: number;
      paramName?: string;
      retryAfter?: number;
      longMessage?: string;
    };
    const rows: Row[] = [
      { name: '422 form_password_incorrect', reply: { status: 422, json: errorBody('form_password_incorrect', { meta: { param_name: 'password' } }) }, kind: SignInApiError, code: 'form_password_incorrect', status: 422, paramName: 'password', longMessage: 'form_password_incorrect happened (long)' },
      { name: '422 form_identifier_not_found', reply: { status: 422, json: errorBody('form_identifier_not_found', { meta: { param_name: 'identifier' } }) }, kind: SignInApiError, code: 'form_identifier_not_found', status: 422, paramName: 'identifier' },
      { name: '429 with Retry-After', reply: { status: 429, json: errorBody('too_many_requests'), headers: { 'Retry-After': '17' } }, kind: SignInApiError, code: 'too_many_requests', status: 429, retryAfter: 17 },
      // Proxies and CDNs rate-limit with no error envelope: still a recognisable, waitable error.
      { name: '429 with an HTML body and Retry-After', reply: { status: 429, text: '<html>Too Many Requests</html>', headers: { 'Retry-After': '30' } }, kind: SignInApiError, code: 'too_many_requests', status: 429, retryAfter: 30, longMessage: 'Too many requests. Wait a moment, then try again.' },
      { name: '429 with an empty body and Retry-After', reply: { status: 429, text: '', headers: { 'Retry-After': '5' } }, kind: SignInApiError, code: 'too_many_requests', status: 429, retryAfter: 5 },
      { name: '429 with JSON but no errors[]', reply: { status: 429, json: { message: 'slow down' }, headers: { 'Retry-After': '12' } }, kind: SignInApiError, code: 'too_many_requests', status: 429, retryAfter: 12 },
      { name: '429 without a body or Retry-After', reply: { status: 429, text: '' }, kind: SignInApiError, code: 'too_many_requests', status: 429 },
      { name: '403 user_locked', reply: { status: 403, json: errorBody('user_locked', { meta: { lockout_expires_in_seconds: 1800 } }) }, kind: SignInApiError, code: 'user_locked', status: 403, retryAfter: 1800 },
      { name: '403 user_locked with Retry-After', reply: { status: 403, json: errorBody('user_locked', { meta: { lockout_expires_in_seconds: 1800 } }), headers: { 'Retry-After': '60' } }, kind: SignInApiError, code: 'user_locked', status: 403, retryAfter: 60 },
      { name: '404 resource_not_found', reply: { status: 404, json: errorBody('resource_not_found') }, kind: SignInApiError, code: 'resource_not_found', status: 404 },
      { name: '401 authentication_invalid', reply: { status: 401, json: errorBody('authentication_invalid') }, kind: SignInApiError, code: 'authentication_invalid', status: 401 },
      { name: '500 non-JSON', reply: { status: 500, text: '<html>Bad gateway</html>' }, kind: SignInApiError, code: 'server_error', status: 500 },
      { name: '503 with a JSON envelope', reply: { status: 503, json: errorBody('maintenance') }, kind: SignInApiError, code: 'maintenance', status: 503 },
      { name: '400 non-JSON', reply: { status: 400, text: 'nope' }, kind: SignInApiError, code: 'unexpected_response', status: 400 },
      { name: '404 JSON without errors[]', reply: { status: 404, json: { message: 'not here' } }, kind: SignInApiError, code: 'unexpected_response', status: 404 },
      { name: '200 non-JSON', reply: { status: 200, text: '<html></html>' }, kind: SignInApiError, code: 'unexpected_response', status: 200 },
      { name: '200 empty body', reply: { status: 200, text: '' }, kind: SignInApiError, code: 'unexpected_response', status: 200 },
      { name: 'network failure', reply: NETWORK_ERROR, kind: SignInNetworkError, code: 'network_error' },
    ];
    for (const row of rows) {
      it(`should map ${row.name} to ${row.kind.name} ${row.code}`, async () => {
        const { fake, api } = setup();
        fake.on('POST', '/client/sign_ins', row.reply);
        const error = await failure(api.request({ method: 'POST', path: '/client/sign_ins' }));
        expect(error).to.be.instanceOf(row.kind);
        expect(error.constructor).to.equal(row.kind);
        expect(error.code).to.equal(row.code);
        expect(error.status).to.equal(row.status);
        if (row.paramName) expect(error.meta.paramName).to.equal(row.paramName);
        if (row.longMessage) expect(error.longMessage).to.equal(row.longMessage);
        if (isSignInApiError(error)) expect(error.retryAfter).to.equal(row.retryAfter);
      });
    }

    it('should camelCase every errors[] entry and keep the trace id', async () => {
      const { fake, api } = setup();
      const body = { errors: [{ code: 'a', message: 'A', long_message: 'Long A', meta: { param_name: 'code', session_id: 'sess_1' } }, { code: 'b', message: 'B' }], clerk_trace_id: 't1' };
      fake.on('POST', '/x', { status: 422, json: body });
      const error = (await failure(api.request({ method: 'POST', path: '/x' }))) as SignInApiError;
      expect(error.errors).to.deep.equal([
        { code: 'a', message: 'A', longMessage: 'Long A', meta: { paramName: 'code', sessionId: 'sess_1' } },
        { code: 'b', message: 'B', longMessage: 'B', meta: {} },
      ]);
      expect(error.message).to.equal('Long A');
      expect(error.traceId).to.equal('t1');
    });

    it('should parse an HTTP-date Retry-After into seconds', async () => {
      const { fake, api } = setup();
      fake.on('POST', '/x', { status: 429, json: errorBody('too_many_requests'), headers: { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() } });
      const error = (await failure(api.request({ method: 'POST', path: '/x' }))) as SignInApiError;
      expect(error.retryAfter).to.be.within(28, 31);
    });

    it('should expose a client piggybacked on an error body', async () => {
      const { fake, api } = setup();
      fake.on('POST', '/x', { status: 422, json: errorBody('form_password_incorrect', { client: clientJSON({ id: 'client_7' }) }) });
      const error = await failure(api.request({ method: 'POST', path: '/x' }));
      expect(clientFromError(error)?.id).to.equal('client_7');
      expect(clientFromError(new Error('x'))).to.equal(null);
    });

    it('should time out with SignInTimeoutError', async () => {
      const { fake, api } = setup({ timeoutMs: 30 });
      fake.on('POST', '/x', HANG);
      const error = await failure(api.request({ method: 'POST', path: '/x' }));
      expect(error).to.be.instanceOf(SignInTimeoutError);
      expect(error.code).to.equal('request_timeout');
    });

    it('should reject with SignInAbortError when the caller aborts', async () => {
      const { fake, api } = setup();
      fake.on('POST', '/x', HANG);
      const abort = new AbortController();
      const pending = failure(api.request({ method: 'POST', path: '/x', signal: abort.signal }));
      await Promise.resolve();
      abort.abort();
      const error = await pending;
      expect(error).to.be.instanceOf(SignInAbortError);
      expect(error.code).to.equal('request_aborted');
    });

    it('should not send at all when the signal is already aborted', async () => {
      const { fake, api } = setup();
      const error = await failure(api.request({ method: 'POST', path: '/x', signal: AbortSignal.abort() }));
      expect(error).to.be.instanceOf(SignInAbortError);
      expect(fake.requests).to.have.length(0);
    });
  });

  describe('retries', () => {
    it('should retry a GET after network failures with _clerk_retry_attempt', async () => {
      const { fake, api } = setup();
      fake.once('GET', '/client', NETWORK_ERROR).once('GET', '/client', NETWORK_ERROR).on('GET', '/client', { json: { response: null, client: null } });
      const result = await api.request({ method: 'GET', path: '/client' });
      expect(result.status).to.equal(200);
      expect(fake.requests.map((r) => r.query.get('_clerk_retry_attempt'))).to.deep.equal([null, '1', '2']);
    });

    it('should give up after 3 retries', async () => {
      const { fake, api } = setup();
      fake.on('GET', '/client', NETWORK_ERROR);
      const error = await failure(api.request({ method: 'GET', path: '/client' }));
      expect(error).to.be.instanceOf(SignInNetworkError);
      expect(fake.requests).to.have.length(4);
    });

    const noRetry: [string, ApiRequest['method'], FakeResult][] = [
      ['a POST network failure', 'POST', NETWORK_ERROR],
      ['a GET 500', 'GET', { status: 500, json: errorBody('internal') }],
      ['a GET 429', 'GET', { status: 429, json: errorBody('too_many_requests') }],
    ];
    for (const [name, method, reply] of noRetry) {
      it(`should not retry ${name}`, async () => {
        const { fake, api } = setup();
        fake.on(method, '/client', reply);
        await failure(api.request({ method, path: '/client' }));
        expect(fake.requests).to.have.length(1);
      });
    }
  });
});
