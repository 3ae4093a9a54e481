import { expect } from '@open-wc/testing';
import { Client } from '../../../src/core/resources/client.js';
import { Environment } from '../../../src/core/resources/environment.js';
import { Session } from '../../../src/core/resources/session.js';
import { SignIn, type SignInHost } from '../../../src/core/resources/sign-in.js';
import { Verification } from '../../../src/core/resources/verification.js';
import { T0, clientJSON, environmentJSON, sessionJSON, signInJSON, signedInClientJSON } from '../../support/fapi-fixtures.js';

const host: SignInHost = {
  environment: null,
  sendSignIn: () => Promise.reject(new Error('not used')),
};

describe('resources', () => {
  describe('SignIn.fromJSON', () => {
    it('should camelCase fields and factors', () => {
      const signIn = SignIn.fromJSON(signInJSON(), host);
      expect(signIn.id).to.equal('sia_1');
      expect(signIn.status).to.equal('needs_first_factor');
      expect(signIn.identifier).to.equal('ada@example.com');
      expect(signIn.supportedIdentifiers).to.deep.equal(['email_address', 'username']);
      expect(signIn.supportedFirstFactors).to.deep.equal([
        { strategy: 'password' },
        { strategy: 'email_code', safeIdentifier: 'a***@example.com', emailAddressId: 'idn_e1', primary: true },
      ]);
      expect(signIn.supportedSecondFactors).to.deep.equal([]);
      expect(signIn.userData).to.deep.equal({ firstName: 'Ada', lastName: 'Lovelace', imageUrl: null, hasImage: false });
      expect(signIn.clientTrustState).to.equal('known');
      expect(signIn.createdSessionId).to.equal(null);
    });

    it('should build the empty sign-in from null', () => {
      const signIn = SignIn.fromJSON(null, host);
      expect(signIn.id).to.equal(undefined);
      expect(signIn.status).to.equal(null);
      expect(signIn.supportedFirstFactors).to.deep.equal([]);
      expect(signIn.firstFactorVerification.status).to.equal(null);
      expect(signIn.firstFactorVerification.strategy).to.equal(null);
    });

    it('should read sign_in and sign_in_attempt objects alike', () => {
      const a = SignIn.fromJSON(signInJSON({ object: 'sign_in' }), host);
      const b = SignIn.fromJSON(signInJSON({ object: 'sign_in_attempt' }), host);
      expect([a.status, a.id]).to.deep.equal([b.status, b.id]);
    });

    it('should read an unknown status as null but keep the id', () => {
      const signIn = SignIn.fromJSON(signInJSON({ status: 'needs_protect_check' }), host);
      expect([signIn.id, signIn.status]).to.deep.equal(['sia_1', null]);
    });

    it('should turn verification timestamps into Dates and camelCase its error', () => {
      const signIn = SignIn.fromJSON(
        signInJSON({
          first_factor_verification: {
            status: 'failed', strategy: 'email_code', attempts: 3, expire_at: T0,
            error: { code: 'verification_failed', message: 'Too many', long_message: 'Too many attempts', meta: { param_name: 'code' } },
          },
        }),
        host,
      );
      const verification = signIn.firstFactorVerification;
      expect(verification.expireAt).to.be.instanceOf(Date);
      expect(verification.expireAt!.getTime()).to.equal(T0);
      expect(verification.attempts).to.equal(3);
      expect(verification.error).to.deep.equal({ code: 'verification_failed', message: 'Too many', longMessage: 'Too many attempts', meta: { paramName: 'code' } });
    });

    it('should validate passwords against the host environment', () => {
      const withPolicy: SignInHost = { ...host, environment: Environment.fromJSON(environmentJSON()) };
      expect(SignIn.fromJSON(null, withPolicy).validatePassword('short')).to.equal(false);
      expect(SignIn.fromJSON(null, withPolicy).validatePassword('long enough')).to.equal(true);
      expect(SignIn.fromJSON(null, host).validatePassword('short')).to.equal(undefined);
    });

    it('should reject methods that need an id before create', async () => {
      const error = await SignIn.fromJSON(null, host).attemptFirstFactor({ strategy: 'password', password: 'x' }).catch((e: unknown) => e);
      expect((error as { code: string }).code).to.equal('sign_in_not_started');
    });
  });

  describe('Verification.fromJSON', () => {
    it('should default missing fields', () => {
      const verification = Verification.fromJSON({ status: 'unverified', strategy: 'email_code' });
      expect(verification).to.include({ status: 'unverified', strategy: 'email_code', attempts: null, expireAt: null, error: null, nonce: null });
    });
  });

  describe('Client and Session', () => {
    it('should convert ms timestamps to Dates', () => {
      const client = Client.fromJSON(clientJSON({ cookie_expires_at: T0 + 5 }));
      expect(client.createdAt!.getTime()).to.equal(T0);
      expect(client.cookieExpiresAt!.getTime()).to.equal(T0 + 5);
      const session = Session.fromJSON(sessionJSON());
      expect(session.expireAt!.getTime()).to.equal(T0 + 86_400_000);
      expect(session.lastActiveAt).to.be.instanceOf(Date);
      expect(session.user!.createdAt!.getTime()).to.equal(T0);
    });

    it('should read sessions, the sign-in id and the last active session', () => {
      const client = Client.fromJSON(signedInClientJSON());
      expect(client.signInId).to.equal('sia_1');
      expect(client.lastActiveSessionId).to.equal('sess_1');
      expect(client.session('sess_1')?.signedIn).to.equal(true);
      expect(client.session('sess_x')).to.equal(null);
    });

    const statuses: [string, string, boolean][] = [
      ['active', 'active', true],
      ['pending', 'pending', true],
      ['ended', 'ended', false],
      ['revoked', 'revoked', false],
      ['an unknown status', 'ended', false],
    ];
    for (const [status, read, signedIn] of statuses) {
      it(`should treat a session ${status} as ${signedIn ? '' : 'not '}signed in`, () => {
        const session = Session.fromJSON(sessionJSON({ status: status === 'an unknown status' ? 'weird' : status }));
        expect([session.status, session.signedIn]).to.deep.equal([read, signedIn]);
      });
    }

    it('should expose the user primary email address and last active token', () => {
      const session = Session.fromJSON(sessionJSON());
      expect(session.user?.primaryEmailAddress?.emailAddress).to.equal('ada@example.com');
      expect(session.lastActiveToken).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(session.publicUserData?.userId).to.equal('user_1');
    });
  });

  describe('Environment.fromJSON', () => {
    it('should default an empty environment', () => {
      const environment = Environment.fromJSON({});
      expect(environment.userSettings.passwordSettings).to.equal(null);
      expect(environment.displayConfig.applicationName).to.equal(null);
      expect(environment.authConfig).to.deep.equal({ singleSessionMode: false, sessionMinter: false });
    });

    it('should treat empty password_settings as present with defaults', () => {
      const environment = Environment.fromJSON({ user_settings: { password_settings: {} } });
      expect(environment.userSettings.passwordSettings).to.include({ minLength: 8, maxLength: 72 });
    });

    it('should camelCase attributes', () => {
      const environment = Environment.fromJSON(environmentJSON());
      expect(environment.displayConfig.applicationName).to.equal('Demo');
      expect(environment.userSettings.attributes['email_address']).to.deep.equal({
        enabled: true, required: false, usedForFirstFactor: true, firstFactors: ['email_code'], usedForSecondFactor: false, secondFactors: [],
      });
    });
  });
});
