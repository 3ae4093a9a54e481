import { expect } from '@open-wc/testing';
import { isSignInError } from '../../src/core/errors.js';
import { parsePublishableKey, resolveFrontendApiUrl, type FrontendApiUrlOptions } from '../../src/core/frontend-api-url.js';

const key = (prefix: string, text: string, pad = false): string => {
  const b64 = btoa(text);
  return prefix + (pad ? b64 : b64.replace(/=+$/, ''));
};

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isSignInError(error) ? error.code : `not a SignInError: ${String(error)}`;
  }
}

describe('parsePublishableKey', () => {
  const valid: [string, string, string][] = [
    ['pk_live_Y2xlcmsuZXhhbXBsZS50ZXN0JA', 'clerk.example.test', 'production'],
    ['pk_test_ZGVtby1hcHAtNDIuY2xlcmsuYWNjb3VudHMuZGV2JA', 'demo-app-42.clerk.accounts.dev', 'development'],
    [key('pk_test_', '127.0.0.1:4000$'), '127.0.0.1:4000', 'development'],
    [key('pk_test_', 'clerk.example.test$', true), 'clerk.example.test', 'development'],
    [key('pk_live_', 'a.b$', true), 'a.b', 'production'],
  ];
  for (const [input, host, instanceType] of valid) {
    it(`should decode ${input}`, () => {
      expect(parsePublishableKey(input)).to.deep.equal({ frontendApiHost: host, instanceType });
    });
  }

  const invalid: [string, string][] = [
    ['unknown prefix', key('pk_prod_', 'clerk.example.test$')],
    ['secret key', key('sk_test_', 'clerk.example.test$')],
    ['no trailing $', key('pk_test_', 'clerk.example.test')],
    ['two $', key('pk_test_', 'clerk$example.test$')],
    ['host without a dot', key('pk_test_', 'localhost:4000$')],
    ['empty host', key('pk_test_', '$')],
    ['not base64', 'pk_test_%%%%'],
    ['empty', ''],
  ];
  for (const [name, input] of invalid) {
    it(`should reject ${name}`, () => {
      expect(codeOf(() => parsePublishableKey(input))).to.equal('publishable_key_invalid');
    });
  }
});

describe('resolveFrontendApiUrl', () => {
  const location = { origin: 'https://app.example.com' };
  const liveKey = 'pk_live_Y2xlcmsuZXhhbXBsZS50ZXN0JA';
  const cases: [string, FrontendApiUrlOptions, string][] = [
    ['a key host', { publishableKey: liveKey }, 'https://clerk.example.test/v1'],
    ['an absolute proxy URL', { publishableKey: liveKey, proxyUrl: 'https://app.example.com/__clerk' }, 'https://app.example.com/__clerk/v1'],
    ['a proxy URL with a trailing slash', { proxyUrl: 'https://app.example.com/__clerk/', location }, 'https://app.example.com/__clerk/v1'],
    ['a proxy origin with a trailing slash', { proxyUrl: 'http://localhost:8787/', location }, 'http://localhost:8787/v1'],
    ['a proxy origin without a path', { proxyUrl: 'http://localhost:8787', location }, 'http://localhost:8787/v1'],
    ['a relative proxy path', { proxyUrl: '/__clerk', location }, 'https://app.example.com/__clerk/v1'],
    ['a relative proxy path with a trailing slash', { proxyUrl: '/api/fapi/', location }, 'https://app.example.com/api/fapi/v1'],
    ['the root path', { proxyUrl: '/', location }, 'https://app.example.com/v1'],
    ['a proxy URL ignoring query and hash', { proxyUrl: 'https://p.example.com/x?y=1#z', location }, 'https://p.example.com/x/v1'],
    ['a frontendApi host', { frontendApi: 'clerk.example.com' }, 'https://clerk.example.com/v1'],
    ['a frontendApi host with port and slash', { frontendApi: 'clerk.example.com:8443/' }, 'https://clerk.example.com:8443/v1'],
    ['a frontendApi URL', { frontendApi: 'http://localhost:8787' }, 'http://localhost:8787/v1'],
    ['a frontendApi URL with a path', { frontendApi: 'https://auth.example.com/fapi/' }, 'https://auth.example.com/fapi/v1'],
    ['a frontendApi URL already ending in /v1', { frontendApi: 'http://localhost:8787/v1' }, 'http://localhost:8787/v1'],
    ['a frontendApi URL ending in /v1/', { frontendApi: 'http://localhost:8787/v1/' }, 'http://localhost:8787/v1'],
    ['proxyUrl over frontendApi', { frontendApi: 'clerk.example.com', proxyUrl: '/p', location }, 'https://app.example.com/p/v1'],
    ['frontendApi over the key', { publishableKey: liveKey, frontendApi: 'http://localhost:8787' }, 'http://localhost:8787/v1'],
  ];
  for (const [name, options, expected] of cases) {
    it(`should resolve ${name}`, () => {
      expect(resolveFrontendApiUrl(options)).to.equal(expected);
    });
  }

  const failures: [string, FrontendApiUrlOptions, string][] = [
    ['nothing', {}, 'frontend_api_missing'],
    ['an invalid key even with a proxy', { publishableKey: 'pk_test_bad', proxyUrl: '/p', location }, 'publishable_key_invalid'],
    ['a relative proxy without ./', { proxyUrl: 'fapi', location }, 'proxy_url_invalid'],
    ['a protocol-relative proxy', { proxyUrl: '//evil.example/p', location }, 'proxy_url_invalid'],
    ['a non-http proxy', { proxyUrl: 'ftp://x.example/p', location }, 'proxy_url_invalid'],
    ['a relative proxy without a location', { proxyUrl: '/p', location: { origin: 'null' } }, 'proxy_url_invalid'],
    ['a non-http frontendApi', { frontendApi: 'javascript://x.example' }, 'frontend_api_invalid'],
    ['a frontendApi host with a path', { frontendApi: 'clerk.example.com/x' }, 'frontend_api_invalid'],
  ];
  for (const [name, options, code] of failures) {
    it(`should reject ${name} with ${code}`, () => {
      expect(codeOf(() => resolveFrontendApiUrl(options))).to.equal(code);
    });
  }

  it('should resolve a relative proxy against window.location by default', () => {
    expect(resolveFrontendApiUrl({ proxyUrl: '/__clerk' })).to.equal(`${window.location.origin}/__clerk/v1`);
  });
});
