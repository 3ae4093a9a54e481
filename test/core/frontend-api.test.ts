import { expect } from '@open-wc/testing';
import { SignInApiError, SignInError } from '../../src/core/errors.js';
import { FrontendApi } from '../../src/core/frontend-api.js';
import { tabState } from '../../src/core/tab-state.js';
import type { ClientJSON } from '../../src/core/wire.js';
import { FakeFetch, deferred, rejection } from '../support/fake-fetch.js';
import {
  clientJSON,
  completeSignInJSON,
  environmentJSON,
  envelope,
  errorBody,
  makeJwt,
  sessionJSON,
  signInJSON,
  signedInClientJSON,
} from '../support/fapi-fixtures.js';

function setup() {
  const fake = new FakeFetch();
  const api = new FrontendApi({ frontendApi: 'https://fapi.example.test', fetch: fake.fetch, retryDelayMs: 0, timeoutMs: 2000 });
  return { fake, api };
}

function serve(fake: FakeFetch, client: ClientJSON | null) {
  fake.on('GET', '/environment', { json: environmentJSON() });
  fake.on('GET', '/client', { json: envelope(client, null) });
}

describe('FrontendApi', () => {
  describe('construction', () => {
    it('should resolve the base URL', () => {
      expect(setup().api.baseUrl).to.equal('https://fapi.example.test/v1');
    });

    it('should reject an invalid publishable key', () => {
      expect(() => new FrontendApi({ publishableKey: 'pk_test_bm9wZQ' })).to.throw(SignInError).with.property('code', 'publishable_key_invalid');
    });
  });

  describe('load', () => {
    it('should fetch environment and client in parallel', async () => {
      const { fake, api } = setup();
      const environment = deferred();
      const client = deferred();
      fake.on('GET', '/environment', environment.handler).on('GET', '/client', client.handler);
      const loading = api.load();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(fake.requests.map((r) => r.path)).to.deep.equal(['/environment', '/client']);
      environment.resolve({ json: environmentJSON() });
      client.resolve({ json: envelope(null, null) });
      await loading;
      expect(api.environment?.displayConfig.applicationName).to.equal('Demo');
    });

    it('should restore the last active session', async () => {
      const { fake, api } = setup();
      serve(fake, signedInClientJSON());
      await api.load();
      expect(api.session?.id).to.equal('sess_1');
      expect(api.user?.id).to.equal('user_1');
      expect(api.client?.id).to.equal('client_1');
    });

    it('should not restore an ended session', async () => {
      const { fake, api } = setup();
      serve(fake, clientJSON({ sessions: [sessionJSON({ status: 'ended' })], last_active_session_id: 'sess_1' }));
      await api.load();
      expect(api.session).to.equal(null);
    });

    it('should read response null as no client and an empty sign-in', async () => {
      const { fake, api } = setup();
      serve(fake, null);
      await api.load();
      expect(api.client).to.equal(null);
      expect([api.signIn.id, api.signIn.status]).to.deep.equal([undefined, null]);
    });

    it('should restore an unfinished sign-in', async () => {
      const { fake, api } = setup();
      serve(fake, clientJSON({ sign_in: signInJSON() }));
      await api.load();
      expect([api.signIn.id, api.signIn.status]).to.deep.equal(['sia_1', 'needs_first_factor']);
    });

    it('should survive a failed environment but not a failed client', async () => {
      const { fake, api } = setup();
      fake.on('GET', '/environment', { status: 500, text: 'down' }).on('GET', '/client', { json: envelope(clientJSON(), null) });
      await api.load();
      expect(api.environment).to.equal(null);
      expect(api.client?.id).to.equal('client_1');

      const second = setup();
      second.fake.on('GET', '/environment', { json: {} }).on('GET', '/client', { status: 400, json: errorBody('client_state_invalid') });
      expect((await rejection(second.api.load())).code).to.equal('client_state_invalid');
    });

    it('should notify subscribers and stop after unsubscribe', async () => {
      const { fake, api } = setup();
      serve(fake, signedInClientJSON());
      let calls = 0;
      const off = api.subscribe(() => (calls += 1));
      await api.load();
      expect(calls).to.equal(1);
      off();
      await api.load();
      expect(calls).to.equal(1);
    });
  });

  describe('sign-in requests', () => {
    it('should create, update the current sign-in in place and apply the client', async () => {
      const { fake, api } = setup();
      const current = api.signIn;
      fake.on('POST', '/client/sign_ins', { json: envelope(signInJSON(), clientJSON({ sign_in: signInJSON() })) });
      const result = await current.create({ identifier: 'ada@example.com' });
      expect(result).to.equal(current);
      expect(api.signIn).to.equal(current);
      expect([current.id, current.status]).to.deep.equal(['sia_1', 'needs_first_factor']);
      expect(api.client?.signInId).to.equal('sia_1');
      expect(fake.requests[0]!.form!.toString()).to.equal('identifier=ada%40example.com');
    });

    it('should prefer the response over an abbreviated client.sign_in', async () => {
      const { fake, api } = setup();
      fake.on('POST', '/client/sign_ins', { json: envelope(signInJSON(), clientJSON({ sign_in: { id: 'sia_1' } as never })) });
      await api.signIn.create({ identifier: 'ada@example.com' });
      expect(api.signIn.status).to.equal('needs_first_factor');
    });

    it('should send an attempt to the sign-in path with a snake_case form', async () => {
      const { fake, api } = setup();
      serve(fake, clientJSON({ sign_in: signInJSON() }));
      await api.load();
      const signIn = api.signIn;
      fake.on('POST', '/client/sign_ins/sia_1/attempt_first_factor', { json: envelope(completeSignInJSON(), signedInClientJSON()) });
      fake.on('POST', '/client/sign_ins/sia_1/reset_password', { json: envelope(completeSignInJSON(), signedInClientJSON()) });
      await signIn.attemptFirstFactor({ strategy: 'password', password: 'pw' });
      await signIn.resetPassword({ password: 'new-pw', signOutOfOtherSessions: true });
      expect(fake.last('POST', '/client/sign_ins/sia_1/attempt_first_factor')!.form!.toString()).to.equal('strategy=password&password=pw');
      expect(fake.last('POST', '/client/sign_ins/sia_1/reset_password')!.form!.toString()).to.equal('password=new-pw&sign_out_of_other_sessions=true');
      expect(signIn.status).to.equal('complete');
      expect(api.signIn).to.equal(signIn);
    });

    it('should apply meta.client from a 4xx error body', async () => {
      const { fake, api } = setup();
      const kept = signInJSON({ id: 'sia_2' });
      fake.on('POST', '/client/sign_ins', { status: 422, json: errorBody('form_password_incorrect', { meta: { param_name: 'password' }, client: clientJSON({ sign_in: kept }) }) });
      const before = api.signIn;
      const error = await rejection(before.create({ strategy: 'password', identifier: 'ada@example.com', password: 'wrong' }));
      expect(error).to.be.instanceOf(SignInApiError);
      expect(error.meta.paramName).to.equal('password');
      expect(api.signIn).not.to.equal(before);
      expect([api.signIn.id, api.signIn.status]).to.deep.equal(['sia_2', 'needs_first_factor']);
      expect(before.id).to.equal(undefined);
    });

    it('should update the current sign-in in place from a piggybacked client with the same id', async () => {
      const { fake, api } = setup();
      serve(fake, clientJSON({ sign_in: signInJSON() }));
      await api.load();
      const signIn = api.signIn;
      fake.on('GET', '/client/sign_ins/sia_1', { json: envelope(signInJSON({ status: 'needs_second_factor' }), clientJSON({ sign_in: signInJSON({ status: 'needs_second_factor' }) })) });
      await signIn.reload();
      expect(api.signIn).to.equal(signIn);
      expect(signIn.status).to.equal('needs_second_factor');
    });

    it('should drop a stale response that resolves after a newer one', async () => {
      const { fake, api } = setup();
      const first = deferred();
      const second = deferred();
      fake.once('POST', '/client/sign_ins', first.handler).once('POST', '/client/sign_ins', second.handler);
      const target = api.signIn;
      const older = target.create({ identifier: 'old@example.com' });
      const newer = target.create({ identifier: 'new@example.com' });
      const newJSON = signInJSON({ id: 'sia_new', identifier: 'new@example.com' });
      const oldJSON = signInJSON({ id: 'sia_old', identifier: 'old@example.com' });
      second.resolve({ json: envelope(newJSON, clientJSON({ id: 'client_new', sign_in: newJSON })) });
      expect(await newer).to.equal(target);
      first.resolve({ json: envelope(oldJSON, clientJSON({ id: 'client_old', sign_in: oldJSON })) });
      const stale = await older;
      expect(stale).not.to.equal(target);
      expect(stale.id).to.equal('sia_old');
      expect(api.signIn).to.equal(target);
      expect([target.id, target.identifier]).to.deep.equal(['sia_new', 'new@example.com']);
      expect(api.client?.id).to.equal('client_new');
    });

    it('should not let a stale error body overwrite newer state', async () => {
      const { fake, api } = setup();
      const first = deferred();
      fake.once('POST', '/client/sign_ins', first.handler);
      fake.once('POST', '/client/sign_ins', { json: envelope(signInJSON({ id: 'sia_new' }), clientJSON({ id: 'client_new', sign_in: signInJSON({ id: 'sia_new' }) })) });
      const older = rejection(api.signIn.create({ identifier: 'a@example.com' }));
      await api.signIn.create({ identifier: 'b@example.com' });
      first.resolve({ status: 422, json: errorBody('form_identifier_not_found', { client: clientJSON({ id: 'client_old', sign_in: null }) }) });
      expect((await older).code).to.equal('form_identifier_not_found');
      expect(api.client?.id).to.equal('client_new');
      expect(api.signIn.id).to.equal('sia_new');
    });
  });

  describe('sessions and tokens', () => {
    async function signedIn(tokenTtl = 60) {
      const { fake, api } = setup();
      const client = signedInClientJSON();
      client.sessions = [sessionJSON({ last_active_token: { object: 'token', jwt: makeJwt(tokenTtl) } })];
      fake.on('POST', '/client/sign_ins', { json: envelope(completeSignInJSON(), client) });
      fake.on('POST', '/client/sessions/sess_1/touch', { json: envelope(client.sessions[0], client) });
      await api.signIn.create({ strategy: 'password', identifier: 'ada@example.com', password: 'pw' });
      await api.setActive({ session: 'sess_1' });
      return { fake, api };
    }

    it('should refuse a session that is not in client.sessions', async () => {
      const { fake, api } = setup();
      const error = await rejection(api.setActive({ session: 'sess_x' }));
      expect(error.code).to.equal('session_not_found');
      expect(fake.requests).to.have.length(0);
    });

    it('should touch the session with intent=select_session', async () => {
      const { fake, api } = await signedIn();
      const touch = fake.last('POST', '/client/sessions/sess_1/touch')!;
      expect(touch.form!.toString()).to.equal('active_organization_id=&intent=select_session');
      expect(touch.query.has('_clerk_session_id')).to.equal(false);
      expect(api.session?.id).to.equal('sess_1');
    });

    it('should serve the seeded last_active_token without a request', async () => {
      const { fake, api } = await signedIn(60);
      const count = fake.requests.length;
      const token = await api.getToken();
      expect(token).to.equal(api.session!.lastActiveToken);
      expect(fake.requests).to.have.length(count);
    });

    it('should fetch a token when the cached one is about to expire, then cache it by exp', async () => {
      const { fake, api } = await signedIn(5);
      const fresh = makeJwt(60, { sid: 'sess_1' });
      fake.on('POST', '/client/sessions/sess_1/tokens', { json: { object: 'token', jwt: fresh } });
      expect(await api.getToken()).to.equal(fresh);
      expect(await api.getToken()).to.equal(fresh);
      const tokenRequests = fake.requests.filter((r) => r.path === '/client/sessions/sess_1/tokens');
      expect(tokenRequests).to.have.length(1);
      expect(tokenRequests[0]!.form!.toString()).to.match(/^organization_id=&tab_state=(focused|visible|hidden)$/);
      expect(tokenRequests[0]!.form!.get('tab_state')).to.equal(tabState(document));
    });

    it('should bypass the cache with skipCache', async () => {
      const { fake, api } = await signedIn(60);
      const fresh = makeJwt(60);
      fake.on('POST', '/client/sessions/sess_1/tokens', { json: { object: 'token', jwt: fresh } });
      expect(await api.getToken({ skipCache: true })).to.equal(fresh);
      expect(fake.last('POST', '/client/sessions/sess_1/tokens')!.query.get('debug')).to.equal('skip_cache');
    });

    it('should return null when signed out', async () => {
      const { fake, api } = setup();
      expect(await api.getToken()).to.equal(null);
      expect(fake.requests).to.have.length(0);
    });

    it('should reload the client on 401 and return null when the session is gone', async () => {
      const { fake, api } = await signedIn(1);
      fake.on('POST', '/client/sessions/sess_1/tokens', { status: 401, json: errorBody('authentication_invalid') });
      fake.on('GET', '/client', { json: envelope(clientJSON({ sessions: [sessionJSON({ status: 'ended' })] }), null) });
      expect(await api.getToken()).to.equal(null);
      expect(api.session).to.equal(null);
      expect(fake.requests.at(-1)!.path).to.equal('/client');
    });

    it('should rethrow a 401 when the session survives the reload', async () => {
      const { fake, api } = await signedIn(1);
      fake.on('POST', '/client/sessions/sess_1/tokens', { status: 401, json: errorBody('authentication_invalid') });
      fake.on('GET', '/client', { json: envelope(signedInClientJSON(), null) });
      expect((await rejection(api.getToken())).code).to.equal('authentication_invalid');
    });

    // §8.2: any other 401 on a client request re-reads /client (signing out locally when the session is gone), then raises.
    const unauthorized: [string, { status: number; code: string }, 'ended' | 'active' | null, boolean][] = [
      ['a 401 whose session is gone', { status: 401, code: 'authentication_invalid' }, 'ended', true],
      ['a 401 whose session survives', { status: 401, code: 'authentication_invalid' }, 'active', true],
      ['a 401 from a client that no longer exists', { status: 401, code: 'authentication_invalid' }, null, true],
      ['a 401 requires_captcha (captcha flow, no reload)', { status: 401, code: 'requires_captcha' }, 'active', false],
      ['a 403 (not an authentication failure)', { status: 403, code: 'resource_forbidden' }, 'active', false],
    ];
    for (const [name, failure, reloaded, reloads] of unauthorized) {
      it(`should ${reloads ? '' : 'not '}re-read the client after ${name} on a sign-in request`, async () => {
        const { fake, api } = await signedIn();
        fake.once('POST', '/client/sign_ins', { status: failure.status, json: errorBody(failure.code) });
        const client = reloaded === null ? null : clientJSON({ sessions: [sessionJSON({ status: reloaded })], last_active_session_id: 'sess_1' });
        fake.on('GET', '/client', { json: envelope(client, null) });
        const count = fake.requests.length;
        const error = await rejection(api.signIn.create({ identifier: 'ada@example.com' }));
        expect(error.code).to.equal(failure.code);
        expect(fake.requests.slice(count).map((r) => `${r.method} ${r.path}`)).to.deep.equal(
          reloads ? ['POST /client/sign_ins', 'GET /client'] : ['POST /client/sign_ins'],
        );
        expect(api.session?.id ?? null).to.equal(reloads && reloaded !== 'active' ? null : 'sess_1');
      });
    }

    it('should add _clerk_session_id to non-client paths while signed in', async () => {
      const { fake, api } = await signedIn();
      fake.on('GET', '/environment', { json: {} }).on('GET', '/client', { json: envelope(signedInClientJSON(), null) });
      await api.load();
      expect(fake.last('GET', '/environment')!.query.get('_clerk_session_id')).to.equal('sess_1');
      expect(fake.last('GET', '/client')!.query.has('_clerk_session_id')).to.equal(false);
    });

    it('should sign out with a tunnelled DELETE and clear the session and tokens', async () => {
      const { fake, api } = await signedIn();
      fake.on('DELETE', '/client/sessions', { json: envelope(clientJSON({ sessions: [sessionJSON({ status: 'ended' })] }), null) });
      await api.signOut();
      const request = fake.last('DELETE', '/client/sessions')!;
      expect(request.httpMethod).to.equal('POST');
      expect(request.query.get('_method')).to.equal('DELETE');
      expect(api.session).to.equal(null);
      expect(api.client?.session('sess_1')?.status).to.equal('ended');
      expect(await api.getToken()).to.equal(null);
    });

    it('should sign out locally with setActive({ session: null })', async () => {
      const { fake, api } = await signedIn();
      const count = fake.requests.length;
      await api.setActive({ session: null });
      expect(api.session).to.equal(null);
      expect(fake.requests).to.have.length(count);
    });
  });
});
