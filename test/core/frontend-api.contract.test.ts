// Contract test: the core client (no Lit, no elements) against the real reference server on a
// loopback port. If the server and the client drift apart on the wire, this file fails.
import { expect } from '@open-wc/testing';
import { FrontendApi } from '../../src/core/frontend-api.js';
import { isSignInApiError, type SignInApiError } from '../../src/core/errors.js';
import { clearCookies, createUser, lastMessage, referenceServerUrl } from '../support/reference-server.js';

function decodePart(part: string): Record<string, unknown> {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))));
}

/** Verifies an RS256 session token with the server's published JWKS, as a backend would. */
async function verifyWithJwks(baseUrl: string, jwt: string): Promise<boolean> {
  const [header, payload, signature] = jwt.split('.');
  const { kid } = decodePart(header) as { kid: string };
  const jwks = (await (await fetch(`${baseUrl}/.well-known/jwks.json`)).json()) as { keys: (JsonWebKey & { kid: string })[] };
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) return false;
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  const sig = Uint8Array.from(atob(signature.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  return crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, sig, new TextEncoder().encode(`${header}.${payload}`));
}

async function expectApiError(promise: Promise<unknown>): Promise<SignInApiError> {
  try {
    await promise;
  } catch (error) {
    expect(isSignInApiError(error), String(error)).to.be.true;
    return error as SignInApiError;
  }
  throw new Error('expected the request to fail');
}

describe('core contract with the reference server', () => {
  let url: string;

  beforeEach(async () => {
    await clearCookies();
    url = await referenceServerUrl();
  });

  it('should load the environment and an empty client', async () => {
    const api = new FrontendApi({ frontendApi: url });
    await api.load();
    expect(api.baseUrl).to.equal(`${url}/v1`);
    expect(api.environment).to.not.be.null;
    expect(api.environment!.userSettings.passwordSettings?.minLength).to.be.at.least(8);
    expect(api.session).to.be.null;
    expect(api.signIn.id).to.be.undefined;
  });

  it('should sign in in two steps, activate the session and mint a token the JWKS verifies', async () => {
    const user = await createUser();
    const api = new FrontendApi({ frontendApi: url });
    await api.load();
    const signIn = await api.signIn.create({ identifier: user.email.toUpperCase() });
    expect(signIn.id).to.match(/^sia_/);
    expect(signIn.status).to.equal('needs_first_factor');
    expect(signIn.supportedFirstFactors.map((f) => f.strategy)).to.include('password');
    expect(api.client!.signInId).to.equal(signIn.id);

    const done = await signIn.attemptFirstFactor({ strategy: 'password', password: user.password });
    expect(done.status).to.equal('complete');
    expect(done.createdSessionId).to.match(/^sess_/);
    expect(done.firstFactorVerification.status).to.equal('verified');
    // Atomic completion: the same response already listed the active session (spec §10.3).
    const session = api.client!.sessions.find((s) => s.id === done.createdSessionId);
    expect(session?.status).to.equal('active');
    expect(session?.createdAt).to.be.instanceOf(Date);

    await api.setActive({ session: done.createdSessionId });
    expect(api.session?.id).to.equal(done.createdSessionId);
    expect(api.user?.id).to.equal(user.id);
    const jwt = (await api.getToken({ skipCache: true }))!;
    const claims = decodePart(jwt.split('.')[1]);
    expect(claims.sid).to.equal(done.createdSessionId);
    expect(claims.sub).to.equal(user.id);
    expect(claims.azp).to.equal(location.origin);
    expect(await verifyWithJwks(url, jwt)).to.be.true;
  });

  it('should map a wrong password to form_password_incorrect and keep the sign-in (OP-7)', async () => {
    const user = await createUser();
    const api = new FrontendApi({ frontendApi: url });
    await api.load();
    const error = await expectApiError(api.signIn.create({ strategy: 'password', identifier: user.email, password: 'definitely-wrong-1' }));
    expect(error.code).to.equal('form_password_incorrect');
    expect(error.status).to.equal(422);
    expect(error.meta.paramName).to.equal('password');
    expect(error.longMessage).to.be.a('string').and.not.empty;
    // meta.client was applied: the sign-in exists and still needs its first factor.
    expect(api.client!.signInId).to.be.a('string');
    expect(api.signIn.status).to.equal('needs_first_factor');
  });

  it('should map an unknown identifier to form_identifier_not_found', async () => {
    const api = new FrontendApi({ frontendApi: url });
    const error = await expectApiError(api.signIn.create({ identifier: `nobody-${crypto.randomUUID()}@example.com` }));
    expect(error.code).to.equal('form_identifier_not_found');
    expect(error.meta.paramName).to.equal('identifier');
  });

  it('[OTP-4] should prepare an email code in create and complete with it (the mail read over SMTP)', async () => {
    const user = await createUser({ withoutPassword: true });
    const api = new FrontendApi({ frontendApi: url });
    await api.load();
    const before = Date.now();
    const signIn = await api.signIn.create({ strategy: 'email_code', identifier: user.email });
    expect(signIn.status).to.equal('needs_first_factor');
    expect(signIn.firstFactorVerification.strategy).to.equal('email_code');
    expect(signIn.firstFactorVerification.status).to.equal('unverified');
    expect(signIn.firstFactorVerification.expireAt!.getTime()).to.be.greaterThan(Date.now());
    const factor = signIn.supportedFirstFactors.find((f) => f.strategy === 'email_code')!;
    expect(factor.emailAddressId).to.match(/^idn_/);
    expect(factor.safeIdentifier).to.not.equal(user.email);
    const { code } = await lastMessage('email', user.email, before);
    const done = await signIn.attemptFirstFactor({ strategy: 'email_code', code: code! });
    expect(done.status).to.equal('complete');
    expect(api.client!.sessions.map((s) => s.id)).to.include(done.createdSessionId);
  });

  it('[PW-12] should reset a password in one attempt when the new password comes with the code', async () => {
    const user = await createUser();
    const api = new FrontendApi({ frontendApi: url });
    const signIn = await api.signIn.create({ identifier: user.email });
    const factor = signIn.supportedFirstFactors.find((f) => f.strategy === 'reset_password_email_code')!;
    const before = Date.now();
    await signIn.prepareFirstFactor({ strategy: 'reset_password_email_code', emailAddressId: factor.emailAddressId! });
    const { code } = await lastMessage('email', user.email, before);
    const done = await signIn.attemptFirstFactor({ strategy: 'reset_password_email_code', code: code!, password: 'Another-Long-Passphrase-77' });
    expect(done.status).to.equal('complete');
    expect(done.firstFactorVerification.strategy).to.equal('reset_password_email_code');
  });

  it('[FLOW-1] should refuse reset_password outside needs_new_password with client_state_invalid', async () => {
    const user = await createUser();
    const api = new FrontendApi({ frontendApi: url });
    const signIn = await api.signIn.create({ identifier: user.email });
    const error = await expectApiError(signIn.resetPassword({ password: 'a-brand-new-passphrase-9', signOutOfOtherSessions: true }));
    expect(error.code).to.equal('client_state_invalid');
    expect(error.status).to.equal(400);
  });

  it('[SES-5] should sign out: no token, and the old session cannot mint one', async () => {
    const user = await createUser();
    const api = new FrontendApi({ frontendApi: url });
    await api.load();
    const done = await api.signIn.create({ strategy: 'password', identifier: user.username, password: user.password });
    await api.setActive({ session: done.createdSessionId });
    const sessionId = api.session!.id;
    await api.signOut();
    expect(api.session).to.be.null;
    expect(await api.getToken()).to.be.null;
    const response = await fetch(`${url}/v1/client/sessions/${sessionId}/tokens`, { method: 'POST', credentials: 'include' });
    expect(response.status).to.equal(401);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0].code).to.equal('authentication_invalid');
  });

  it('[FLOW-2] should refuse an older sign-in once a new one replaced it', async () => {
    const user = await createUser();
    const api = new FrontendApi({ frontendApi: url });
    const first = await api.signIn.create({ identifier: user.email });
    const firstId = first.id;
    await api.signIn.create({ identifier: user.username });
    const response = await fetch(`${url}/v1/client/sign_ins/${firstId}/attempt_first_factor`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `strategy=password&password=${encodeURIComponent(user.password)}`,
    });
    expect(response.status).to.be.oneOf([403, 404]);
  });
});
