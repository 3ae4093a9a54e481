// Dev-browser mode (spec §4.2, §7, §12.5) is used only by hosted Clerk development instances,
// which these tests cannot reach: a FakeFetch plays hosted Clerk at the key's host.
import { expect } from '@open-wc/testing';
import { ApiClient } from '../../src/core/api-client.js';
import { DevBrowser, cookieSuffix, devBrowserToken, usesDevBrowser } from '../../src/core/dev-browser.js';
import { FrontendApi } from '../../src/core/frontend-api.js';
import { FakeFetch, rejection, type RecordedRequest } from '../support/fake-fetch.js';
import { DEV_INSTANCE_KEY, FakePage, clientJSON, devBrowserJSON, envelope, environmentJSON, errorBody, signInJSON } from '../support/fapi-fixtures.js';

/** SHA-1(DEV_INSTANCE_KEY), URL-safe base64, first 8 characters (computed with Node's crypto). */
const SUFFIX = 'yeiecAVg';
const SUFFIXED = `__clerk_db_jwt_${SUFFIX}`;
const b64 = (host: string): string => btoa(`${host}$`).replace(/=+$/, '');

const describeRequest = (r: RecordedRequest): string => `${r.method} ${r.path}`;
const tokenOf = (r: RecordedRequest): string | null => r.query.get('__clerk_db_jwt');

/** A hosted development instance: answers the boot requests, and 401s tokens it does not know. */
function hostedDevInstance(options: { known?: (token: string | null) => boolean; created?: string } = {}) {
  const fake = new FakeFetch();
  const known = options.known ?? (() => true);
  const unknown = { status: 401, json: errorBody('dev_browser_unauthenticated') };
  fake.on('POST', '/dev_browser', { json: devBrowserJSON(options.created ?? 'dvb_new') });
  fake.on('PATCH', '/environment', (r) => (known(tokenOf(r)) ? { json: environmentJSON() } : unknown));
  fake.on('GET', '/client', (r) => (known(tokenOf(r)) ? { json: envelope(null, null) } : unknown));
  return fake;
}

function devApi(fake: FakeFetch, page: FakePage | null = new FakePage()) {
  return new FrontendApi({ publishableKey: DEV_INSTANCE_KEY, fetch: fake.fetch, retryDelayMs: 0, timeoutMs: 2000, devBrowserPage: page });
}

describe('dev browser', () => {
  describe('mode selection', () => {
    const keys: [string, string, boolean][] = [
      ['a pk_test_ key for *.accounts.dev', DEV_INSTANCE_KEY, true],
      ['a pk_test_ key for *.accountsstage.dev', `pk_test_${b64('foo.clerk.accountsstage.dev')}`, true],
      ['a pk_test_ key for *.lcl.dev', `pk_test_${b64('x.lcl.dev')}`, true],
      ['a pk_test_ key for *.stg.lclclerk.com', `pk_test_${b64('x.stg.lclclerk.com')}`, true],
      ['a pk_live_ key for *.accounts.dev', `pk_live_${b64('demo-app-42.clerk.accounts.dev')}`, false],
      ['a pk_test_ key for our own server', `pk_test_${b64('clerk.example.test')}`, false],
      ['a pk_test_ key whose host only contains accounts.dev', `pk_test_${b64('accounts.dev.example.com')}`, false],
      ['a pk_test_ key for a loopback server', `pk_test_${b64('127.0.0.1:4000')}`, false],
    ];
    for (const [name, key, expected] of keys) {
      it(`should ${expected ? '' : 'not '}use a dev browser for ${name}`, () => {
        expect(usesDevBrowser(key)).to.equal(expected);
        const api = new FrontendApi({ publishableKey: key, fetch: new FakeFetch().fetch, devBrowserPage: null });
        expect(api.identityMode).to.equal(expected ? 'dev-browser' : 'cookie');
      });
    }

    it('should name the app-domain cookie after SHA-1 of the key (§12.5)', async () => {
      expect(await cookieSuffix(DEV_INSTANCE_KEY)).to.equal(SUFFIX);
    });

    const replies: [string, unknown, string | null][] = [
      ['id and token', devBrowserJSON('dvb_9'), 'dvb_9'],
      ['only token (OP-5)', { token: 'dvb_t' }, 'dvb_t'],
      ['an empty id, then token', { id: '', token: 'dvb_t' }, 'dvb_t'],
      ['neither', { object: 'dev_browser' }, null],
      ['no object', null, null],
    ];
    for (const [name, payload, token] of replies) {
      it(`should read the dev browser token from a reply with ${name}`, () => {
        if (token) return expect(devBrowserToken(payload, 200)).to.equal(token);
        expect(() => devBrowserToken(payload, 200)).to.throw().with.property('code', 'unexpected_response');
      });
    }
  });

  describe('boot sequence (§7)', () => {
    it('should create a dev browser without credentials, then send its token on every request', async () => {
      const fake = hostedDevInstance();
      const page = new FakePage();
      const api = devApi(fake, page);
      await api.load();
      expect(fake.requests.map(describeRequest)).to.deep.equal(['POST /dev_browser', 'PATCH /environment', 'GET /client']);
      const [create, environment, client] = fake.requests as [RecordedRequest, RecordedRequest, RecordedRequest];
      expect(create.init.credentials, 'default credentials').to.equal(undefined);
      expect([create.httpMethod, create.form, tokenOf(create)]).to.deep.equal(['POST', null, null]);
      expect(create.query.has('__clerk_api_version')).to.be.true;
      expect(environment.httpMethod).to.equal('POST');
      expect([...environment.query.keys()]).to.deep.equal(['__clerk_api_version', '_clerk_js_version', '_method', '__clerk_db_jwt']);
      expect([tokenOf(environment), tokenOf(client)]).to.deep.equal(['dvb_new', 'dvb_new']);
      expect([environment.init.credentials, client.init.credentials]).to.deep.equal(['include', 'include']);
      expect(api.environment?.displayConfig.applicationName).to.equal('Demo');
      expect(page.cookies()).to.deep.equal({ [SUFFIXED]: 'dvb_new', __clerk_db_jwt: 'dvb_new' });
      expect(page.cookieWrites[0]).to.match(/^__clerk_db_jwt_yeiecAVg=dvb_new; Path=\/; Expires=[^;]+; SameSite=Lax; Secure$/);
    });

    // Bootstrap order: the page URL, then the app-domain cookie (suffixed first), then POST /dev_browser.
    const sources: [string, string, Record<string, string>, string, string][] = [
      ['the page URL, over any cookie', 'https://app.example.test/in?x=1&__clerk_db_jwt=dvb_url#top', { [SUFFIXED]: 'dvb_cookie' }, 'dvb_url', 'https://app.example.test/in?x=1#top'],
      ['the suffixed cookie, over the plain one', 'https://app.example.test/in', { __clerk_db_jwt: 'dvb_plain', [SUFFIXED]: 'dvb_suffixed' }, 'dvb_suffixed', 'https://app.example.test/in'],
      ['the plain cookie', 'https://app.example.test/in', { __clerk_db_jwt: 'dvb_plain' }, 'dvb_plain', 'https://app.example.test/in'],
      ['a new dev browser when there is neither', 'https://app.example.test/in', {}, 'dvb_new', 'https://app.example.test/in'],
    ];
    for (const [name, href, cookies, token, hrefAfter] of sources) {
      it(`should take the token from ${name}`, async () => {
        const fake = hostedDevInstance();
        const page = new FakePage(href, cookies);
        await devApi(fake, page).load();
        expect(fake.requests.filter((r) => r.path !== '/dev_browser').map(tokenOf)).to.deep.equal([token, token]);
        expect(fake.requests.filter((r) => r.path === '/dev_browser')).to.have.length(token === 'dvb_new' ? 1 : 0);
        expect(page.href, 'the token leaves the address bar').to.equal(hrefAfter);
        expect(page.cookies()[SUFFIXED]).to.equal(token);
        expect(page.cookies()['__clerk_db_jwt']).to.equal(token);
      });
    }

    it('should keep the token in memory only without a page', async () => {
      const fake = hostedDevInstance();
      await devApi(fake, null).load();
      expect(fake.requests.map(tokenOf)).to.deep.equal([null, 'dvb_new', 'dvb_new']);
    });

    it('should abort the load with the long message when no dev browser can be created', async () => {
      const fake = new FakeFetch();
      fake.on('POST', '/dev_browser', { status: 400, json: errorBody('url_based_session_syncing_disabled', { message: 'URL-based session syncing is disabled' }) });
      const error = await rejection(devApi(fake).load());
      expect(error.code).to.equal('url_based_session_syncing_disabled');
      expect(error.message).to.equal('URL-based session syncing is disabled (long)');
      expect(fake.requests.map(describeRequest)).to.deep.equal(['POST /dev_browser']);
    });
  });

  describe('token changes', () => {
    it('should take a replacement token from a Clerk-Db-Jwt response header', async () => {
      const fake = hostedDevInstance();
      fake.once('GET', '/client', { json: envelope(null, null), headers: { 'Clerk-Db-Jwt': 'dvb_rotated' } });
      const page = new FakePage();
      const api = devApi(fake, page);
      await api.load();
      fake.on('POST', '/client/sign_ins', { json: envelope(signInJSON(), clientJSON({ sign_in: signInJSON() })) });
      await api.signIn.create({ identifier: 'ada@example.com' });
      expect(tokenOf(fake.last('POST', '/client/sign_ins')!)).to.equal('dvb_rotated');
      expect(page.cookies()).to.deep.equal({ [SUFFIXED]: 'dvb_rotated', __clerk_db_jwt: 'dvb_rotated' });
    });

    it('should discard an unknown token, create a new dev browser once and retry', async () => {
      const fake = hostedDevInstance({ known: (token) => token !== 'dvb_stale' });
      const page = new FakePage('https://app.example.test/', { [SUFFIXED]: 'dvb_stale' });
      const api = devApi(fake, page);
      await api.load();
      const sent = fake.requests.map((r) => `${describeRequest(r)} ${tokenOf(r)}`);
      expect(sent.filter((line) => line.startsWith('POST /dev_browser'))).to.have.length(1);
      expect(sent.filter((line) => !line.startsWith('POST /dev_browser')).sort()).to.deep.equal([
        'GET /client dvb_new', 'GET /client dvb_stale', 'PATCH /environment dvb_new', 'PATCH /environment dvb_stale',
      ]);
      expect(page.cookies()).to.deep.equal({ [SUFFIXED]: 'dvb_new', __clerk_db_jwt: 'dvb_new' });
      expect(api.environment).to.not.equal(null);
    });

    it('should give up after one retry when the new token is refused too', async () => {
      const fake = hostedDevInstance({ known: () => false });
      const error = await rejection(devApi(fake, new FakePage('https://app.example.test/', { __clerk_db_jwt: 'dvb_stale' })).load());
      expect(error.code).to.equal('dev_browser_unauthenticated');
      expect(fake.requests.filter((r) => r.path === '/client').map(tokenOf)).to.deep.equal(['dvb_stale', 'dvb_new']);
    });

    it('should let a token already in the caller query win', async () => {
      const fake = new FakeFetch().on('GET', '/client', { json: envelope(null, null) });
      const devBrowser = new DevBrowser({ publishableKey: DEV_INSTANCE_KEY, page: new FakePage('https://app.example.test/', { __clerk_db_jwt: 'dvb_cookie' }) });
      const api = new ApiClient({ baseUrl: 'https://demo-app-42.clerk.accounts.dev/v1', fetch: fake.fetch, devBrowser });
      await api.request({ method: 'GET', path: '/client', query: { __clerk_db_jwt: 'dvb_caller' } });
      expect(fake.requests[0]!.query.getAll('__clerk_db_jwt')).to.deep.equal(['dvb_caller']);
    });
  });

  describe('cookie mode is unchanged', () => {
    it('should read the environment with GET and never mention a dev browser for other keys', async () => {
      const fake = new FakeFetch();
      fake.on('GET', '/environment', { json: environmentJSON() }).on('GET', '/client', { json: envelope(null, null) });
      const page = new FakePage('https://app.example.test/?__clerk_db_jwt=dvb_url', { __clerk_db_jwt: 'dvb_cookie' });
      const api = new FrontendApi({ publishableKey: `pk_test_${b64('clerk.example.test')}`, fetch: fake.fetch, devBrowserPage: page });
      await api.load();
      expect(fake.requests.map(describeRequest)).to.deep.equal(['GET /environment', 'GET /client']);
      expect(fake.requests.map(tokenOf)).to.deep.equal([null, null]);
      expect(page.cookieWrites).to.deep.equal([]);
      expect(page.href).to.equal('https://app.example.test/?__clerk_db_jwt=dvb_url');
    });
  });
});
