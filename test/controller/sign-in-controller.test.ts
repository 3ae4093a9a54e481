import { expect } from '@open-wc/testing';
import {
  SignInCompleteEvent,
  SignInErrorEvent,
  SignInSignedOutEvent,
  SignInStatusChangeEvent,
} from '../../src/controller/events.js';
import { SignInController } from '../../src/controller/sign-in-controller.js';
import { FrontendApi } from '../../src/core/frontend-api.js';
import { FakeFetch, deferred } from '../support/fake-fetch.js';
import {
  clientJSON,
  completeSignInJSON,
  environmentJSON,
  envelope,
  errorBody,
  signInJSON,
  signedInClientJSON,
} from '../support/fapi-fixtures.js';

const EVENTS = ['signin-status-change', 'signin-complete', 'signin-error', 'signin-signed-out'];

function describeEvent(event: Event): string {
  if (event instanceof SignInStatusChangeEvent) return `status:${event.previousStatus}->${event.status}`;
  if (event instanceof SignInCompleteEvent) return `complete:${event.sessionId}:${event.user.id}`;
  if (event instanceof SignInErrorEvent) return `error:${event.error.code}`;
  if (event instanceof SignInSignedOutEvent) return `signed-out:${event.sessionId}`;
  return `unknown:${event.type}`;
}

function setup(client: unknown = null) {
  const fake = new FakeFetch();
  fake.on('GET', '/environment', { json: environmentJSON() });
  fake.on('GET', '/client', { json: envelope(client, null) });
  const core = new FrontendApi({ frontendApi: 'https://fapi.example.test', fetch: fake.fetch, retryDelayMs: 0, timeoutMs: 2000 });
  const controller = new SignInController({ core });
  const events: string[] = [];
  for (const name of EVENTS) controller.addEventListener(name, (event) => events.push(describeEvent(event)));
  return { fake, controller, events };
}

const touch = { json: envelope(null, signedInClientJSON()) };
const needsPassword = (id = 'sia_1') => ({ json: envelope(signInJSON({ id }), clientJSON({ sign_in: signInJSON({ id }) })) });
const complete = { json: envelope(completeSignInJSON(), signedInClientJSON()) };

describe('SignInController', () => {
  let controllers: SignInController[] = [];
  afterEach(() => {
    for (const controller of controllers) controller.dispose();
    controllers = [];
  });
  const make = (client: unknown = null) => {
    const made = setup(client);
    controllers.push(made.controller);
    return made;
  };

  describe('load', () => {
    it('should start in the loading step and move to identifier', async () => {
      const { controller, events } = make();
      expect(controller.state).to.include({ loaded: false, step: 'loading', activity: 'idle', status: null });
      await controller.load();
      expect(controller.state).to.include({ loaded: true, step: 'identifier', activity: 'idle' });
      expect(controller.state.environment?.displayConfig.applicationName).to.equal('Demo');
      expect(events).to.deep.equal([]);
    });

    it('should show signed-in when a session is active', async () => {
      const { controller } = make(signedInClientJSON());
      await controller.load();
      expect(controller.state.step).to.equal('signed-in');
      expect(controller.state.session?.id).to.equal('sess_1');
      expect(controller.state.user).to.deep.equal({
        id: 'user_1', firstName: 'Ada', lastName: 'Lovelace', username: 'ada',
        primaryEmailAddress: 'ada@example.com', primaryPhoneNumber: null, imageUrl: 'https://img.example.test/ada.png',
      });
    });

    it('should resume an unfinished sign-in', async () => {
      const { controller, events } = make(clientJSON({ sign_in: signInJSON() }));
      await controller.load();
      expect(controller.state).to.include({ step: 'password', status: 'needs_first_factor', identifier: 'ada@example.com' });
      expect(events).to.deep.equal(['status:null->needs_first_factor']);
    });

    it('should report a failed load and still finish loading', async () => {
      const { fake, controller, events } = make();
      fake.once('GET', '/client', { status: 400, json: errorBody('client_state_invalid') });
      await controller.load();
      expect(controller.state).to.include({ loaded: true, activity: 'error', step: 'identifier' });
      expect(controller.state.error?.code).to.equal('client_state_invalid');
      expect(events).to.deep.equal(['error:client_state_invalid']);
    });

    it('should turn an invalid configuration into an error, not a throw', async () => {
      const controller = new SignInController({ publishableKey: 'pk_test_bm9wZQ' });
      controllers.push(controller);
      const errors: string[] = [];
      controller.addEventListener('signin-error', (event) => errors.push((event as SignInErrorEvent).error.code));
      await controller.load();
      expect(await controller.submitIdentifier('a@example.com')).to.equal(false);
      expect(errors).to.deep.equal(['publishable_key_invalid', 'publishable_key_invalid']);
    });
  });

  describe('password sign-in', () => {
    it('should sign in in two steps with events in order', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', needsPassword());
      fake.on('POST', '/client/sign_ins/sia_1/attempt_first_factor', complete);
      fake.on('POST', '/client/sessions/sess_1/touch', touch);
      const steps: string[] = [];
      controller.subscribe((state) => steps.push(`${state.step}/${state.activity}`));

      expect(await controller.submitIdentifier('ada@example.com')).to.equal(true);
      expect(controller.state).to.include({ step: 'password', status: 'needs_first_factor', identifier: 'ada@example.com', activity: 'idle' });
      expect(fake.last('POST', '/client/sign_ins')!.form!.toString()).to.equal('identifier=ada%40example.com');

      expect(await controller.submitPassword('correct horse')).to.equal(true);
      const attempt = fake.last('POST', '/client/sign_ins/sia_1/attempt_first_factor')!;
      expect(Object.fromEntries(attempt.form!)).to.deep.equal({ strategy: 'password', password: 'correct horse' });
      expect(controller.state).to.include({ step: 'signed-in', status: 'complete', activity: 'idle' });
      expect(controller.state.session?.id).to.equal('sess_1');
      expect(events).to.deep.equal(['status:null->needs_first_factor', 'status:needs_first_factor->complete', 'complete:sess_1:user_1']);
      expect(steps[0]).to.equal('identifier/pending');
      expect(steps.at(-1)).to.equal('signed-in/idle');
      expect(fake.requests.map((r) => r.path)).to.deep.equal([
        '/environment', '/client', '/client/sign_ins', '/client/sign_ins/sia_1/attempt_first_factor', '/client/sessions/sess_1/touch',
      ]);
    });

    it('should sign in in one step', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', complete);
      fake.on('POST', '/client/sessions/sess_1/touch', touch);
      expect(await controller.signInWithPassword('ada@example.com', 'pw')).to.equal(true);
      expect(Object.fromEntries(fake.last('POST', '/client/sign_ins')!.form!)).to.deep.equal({ strategy: 'password', identifier: 'ada@example.com', password: 'pw' });
      expect(events).to.deep.equal(['status:null->complete', 'complete:sess_1:user_1']);
      expect(controller.state.step).to.equal('signed-in');
      expect(await controller.getToken()).to.equal(controller.state.session!.lastActiveToken);
    });

    it('should keep the password step on a wrong password', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', needsPassword());
      fake.on('POST', '/client/sign_ins/sia_1/attempt_first_factor', {
        status: 422,
        json: errorBody('form_password_incorrect', { meta: { param_name: 'password' }, client: clientJSON({ sign_in: signInJSON() }) }),
      });
      await controller.submitIdentifier('ada@example.com');
      expect(await controller.submitPassword('wrong')).to.equal(false);
      expect(controller.state).to.include({ step: 'password', activity: 'error', status: 'needs_first_factor', retryAt: null });
      expect(controller.state.error?.code).to.equal('form_password_incorrect');
      expect(controller.state.error?.meta.paramName).to.equal('password');
      expect(events).to.deep.equal(['status:null->needs_first_factor', 'error:form_password_incorrect']);
    });

    it('should follow the sign-in a failed one-step create left behind', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', {
        status: 422,
        json: errorBody('form_password_incorrect', { meta: { param_name: 'password' }, client: clientJSON({ sign_in: signInJSON({ id: 'sia_9' }) }) }),
      });
      expect(await controller.signInWithPassword('ada@example.com', 'wrong')).to.equal(false);
      expect(controller.state).to.include({ step: 'password', status: 'needs_first_factor', activity: 'error' });
      expect(controller.state.signIn?.id).to.equal('sia_9');
      expect(events).to.deep.equal(['status:null->needs_first_factor', 'error:form_password_incorrect']);
    });

    it('should stay on identifier for an unknown identifier', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', { status: 422, json: errorBody('form_identifier_not_found', { meta: { param_name: 'identifier' } }) });
      expect(await controller.submitIdentifier('nobody@example.com')).to.equal(false);
      expect(controller.state).to.include({ step: 'identifier', activity: 'error', status: null, identifier: 'nobody@example.com' });
      expect(events).to.deep.equal(['error:form_identifier_not_found']);
    });

    // Entering a status picks the factor people expect, and sends its code when the server delivers one.
    const entries: [string, Partial<Parameters<typeof signInJSON>[0]>, string, string | null, string | null][] = [
      // name, sign-in returned by create, expected step, expected factor, expected prepare request (path + strategy)
      ['a password account', { supported_first_factors: [{ strategy: 'email_code', email_address_id: 'idn_1' }, { strategy: 'password' }] }, 'password', 'password', null],
      ['a code-only account', { supported_first_factors: [{ strategy: 'email_code', email_address_id: 'idn_1' }] }, 'code', 'email_code', 'prepare_first_factor email_code'],
      ['a phone-only account', { supported_first_factors: [{ strategy: 'phone_code', phone_number_id: 'idn_2' }] }, 'code', 'phone_code', 'prepare_first_factor phone_code'],
      ['MFA with TOTP', { status: 'needs_second_factor', supported_second_factors: [{ strategy: 'phone_code', phone_number_id: 'idn_2' }, { strategy: 'totp' }] }, 'code', 'totp', null],
      ['MFA with SMS only', { status: 'needs_second_factor', supported_second_factors: [{ strategy: 'phone_code', phone_number_id: 'idn_2', default: true }] }, 'code', 'phone_code', 'prepare_second_factor phone_code'],
      ['client trust', { status: 'needs_client_trust', supported_second_factors: [{ strategy: 'email_code', email_address_id: 'idn_1' }] }, 'code', 'email_code', 'prepare_second_factor email_code'],
      ['a needs_new_password sign-in', { status: 'needs_new_password' }, 'new-password', null, null],
      ['only unhandled factors', { supported_first_factors: [{ strategy: 'passkey' }] }, 'unsupported', null, null],
    ];
    for (const [name, overrides, step, factor, prepare] of entries) {
      it(`should enter ${step} with ${factor ?? 'no factor'} for ${name}`, async () => {
        const { fake, controller } = make();
        await controller.load();
        const json = signInJSON(overrides);
        fake.once('POST', '/client/sign_ins', { json: envelope(json, clientJSON({ sign_in: json })) });
        fake.on('POST', /\/prepare_(first|second)_factor$/, { json: envelope(json, clientJSON({ sign_in: json })) });
        expect(await controller.submitIdentifier('ada@example.com')).to.be.true;
        expect(controller.state.step).to.equal(step);
        expect(controller.state.factor?.strategy ?? null).to.equal(factor);
        const prepared = fake.requests.filter((r) => /prepare_/.test(r.path));
        if (prepare === null) {
          expect(prepared).to.have.length(0);
        } else {
          expect(prepared).to.have.length(1);
          const [action, strategy] = prepare.split(' ');
          expect(prepared[0].path.endsWith(action)).to.be.true;
          expect(prepared[0].form?.get('strategy')).to.equal(strategy);
        }
      });
    }

    it('[OTP-6] should delay resending, not submitting, when the server refuses an early resend', async () => {
      const { fake, controller } = make();
      await controller.load();
      const json = signInJSON({ supported_first_factors: [{ strategy: 'email_code', email_address_id: 'idn_1' }] });
      fake.once('POST', '/client/sign_ins', { json: envelope(json, clientJSON({ sign_in: json })) });
      fake.once('POST', /prepare_first_factor$/, { json: envelope(json, clientJSON({ sign_in: json })) });
      await controller.submitIdentifier('ada@example.com');
      fake.once('POST', /prepare_first_factor$/, { status: 429, json: errorBody('too_many_requests'), headers: { 'Retry-After': '25' } });
      const before = Date.now();
      expect(await controller.resendCode()).to.be.false;
      expect(controller.state.resendAt).to.be.within(before + 25_000, Date.now() + 25_000);
      expect(controller.state.retryAt, 'the code can still be submitted').to.equal(null);
      expect(controller.state.step).to.equal('code');
    });

    it('[PW-10] should reset the password and end other sessions unless told otherwise', async () => {
      const { fake, controller } = make();
      await controller.load();
      const json = signInJSON({ status: 'needs_new_password' });
      fake.once('POST', '/client/sign_ins', { json: envelope(json, clientJSON({ sign_in: json })) });
      await controller.submitIdentifier('ada@example.com');
      fake.on('POST', /reset_password$/, { json: envelope(json, clientJSON({ sign_in: json })) });
      await controller.submitNewPassword('a-new-long-passphrase');
      await controller.submitNewPassword('a-new-long-passphrase', { signOutOfOtherSessions: false });
      const sent = fake.requests.filter((r) => r.path.endsWith('/reset_password')).map((r) => r.form?.get('sign_out_of_other_sessions'));
      expect(sent).to.deep.equal(['true', 'false']);
    });

    it('should report a missing reset factor instead of sending anything', async () => {
      const { fake, controller } = make();
      await controller.load();
      const json = signInJSON({ supported_first_factors: [{ strategy: 'password' }] });
      fake.once('POST', '/client/sign_ins', { json: envelope(json, clientJSON({ sign_in: json })) });
      await controller.submitIdentifier('ada@example.com');
      const count = fake.requests.length;
      expect(await controller.forgotPassword()).to.be.false;
      expect(controller.state.error?.code).to.equal('reset_password_unavailable');
      expect(fake.requests.length).to.equal(count);
    });

    it('should set retryAt from a 429 Retry-After', async () => {
      const { fake, controller } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', { status: 429, json: errorBody('too_many_requests'), headers: { 'Retry-After': '30' } });
      const before = Date.now();
      await controller.submitIdentifier('ada@example.com');
      expect(controller.state.retryAt).to.be.within(before + 30_000, Date.now() + 30_000);
      expect(controller.state.error?.code).to.equal('too_many_requests');
    });

    it('should set retryAt from a user_locked lockout', async () => {
      const { fake, controller } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', { status: 403, json: errorBody('user_locked', { meta: { lockout_expires_in_seconds: 600 } }) });
      const before = Date.now();
      await controller.signInWithPassword('ada@example.com', 'pw');
      expect(controller.state.retryAt).to.be.within(before + 600_000, Date.now() + 600_000);
    });

    it('should report a network failure with a wrapped error', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', () => Promise.reject(new Error('boom')));
      expect(await controller.submitIdentifier('ada@example.com')).to.equal(false);
      expect(events).to.deep.equal(['error:network_error']);
      expect(controller.state.error?.cause).to.be.instanceOf(Error);
    });
  });

  // FT-12: the controller honours Retry-After itself: while the server's wait runs, nothing is sent to that endpoint.
  describe('[FT-12] server-imposed waits', () => {
    const limited = (seconds: string) => ({ status: 429, json: errorBody('too_many_requests'), headers: { 'Retry-After': seconds } });
    const locked = { status: 403, json: errorBody('user_locked', { meta: { lockout_expires_in_seconds: 600 } }) };
    const codeOnly = signInJSON({ supported_first_factors: [{ strategy: 'email_code', email_address_id: 'idn_1' }] });
    const answer = (json: ReturnType<typeof signInJSON>) => ({ json: envelope(json, clientJSON({ sign_in: json })) });
    type Made = ReturnType<typeof make>;
    const atPassword = async ({ fake, controller }: Made) => {
      fake.once('POST', '/client/sign_ins', needsPassword());
      await controller.submitIdentifier('ada@example.com');
    };
    const atCode = async ({ fake, controller }: Made) => {
      fake.once('POST', '/client/sign_ins', answer(codeOnly));
      fake.once('POST', '/client/sign_ins/sia_1/prepare_first_factor', answer(codeOnly));
      await controller.submitIdentifier('ada@example.com');
    };
    const atNewPassword = async ({ fake, controller }: Made) => {
      fake.once('POST', '/client/sign_ins', answer(signInJSON({ status: 'needs_new_password' })));
      await controller.submitIdentifier('ada@example.com');
    };
    const ATTEMPT = '/client/sign_ins/sia_1/attempt_first_factor';
    const PREPARE = '/client/sign_ins/sia_1/prepare_first_factor';

    type Row = {
      name: string;
      arrange: (made: Made) => Promise<void>;
      path: string;
      reply: { status: number; json: unknown; headers?: Record<string, string> };
      first: (controller: SignInController) => Promise<boolean>;
      again: (controller: SignInController) => Promise<boolean>;
      field: 'retryAt' | 'resendAt';
    };
    const refused: Row[] = [
      { name: 'a 429 on create, then a one-step create', arrange: async () => {}, path: '/client/sign_ins', reply: limited('30'), first: (c) => c.submitIdentifier('ada@example.com'), again: (c) => c.signInWithPassword('bob@example.com', 'pw'), field: 'retryAt' },
      { name: 'a 429 on a password attempt, then another', arrange: atPassword, path: ATTEMPT, reply: limited('30'), first: (c) => c.submitPassword('pw'), again: (c) => c.submitPassword('pw2'), field: 'retryAt' },
      { name: 'a user_locked lockout, then another password', arrange: atPassword, path: ATTEMPT, reply: locked, first: (c) => c.submitPassword('pw'), again: (c) => c.submitPassword('pw2'), field: 'retryAt' },
      { name: 'a 429 on a code attempt, then another code', arrange: atCode, path: ATTEMPT, reply: limited('30'), first: (c) => c.submitCode('111111'), again: (c) => c.submitCode('222222'), field: 'retryAt' },
      { name: 'a 429 on reset_password, then another password', arrange: atNewPassword, path: '/client/sign_ins/sia_1/reset_password', reply: limited('30'), first: (c) => c.submitNewPassword('a-long-passphrase'), again: (c) => c.submitNewPassword('another-passphrase'), field: 'retryAt' },
      { name: 'a 429 on a resend, then another resend', arrange: atCode, path: PREPARE, reply: limited('30'), first: (c) => c.resendCode(), again: (c) => c.resendCode(), field: 'resendAt' },
    ];
    for (const row of refused) {
      it(`should refuse locally after ${row.name}, with the same error and no request`, async () => {
        const made = make();
        const { fake, controller, events } = made;
        await controller.load();
        await row.arrange(made);
        fake.on('POST', row.path, row.reply);
        expect(await row.first(controller)).to.be.false;
        const { error } = controller.state;
        const until = controller.state[row.field];
        expect(until).to.be.greaterThan(Date.now());
        const sent = fake.requests.length;
        const errorsBefore = events.filter((e) => e.startsWith('error:')).length;

        expect(await row.again(controller)).to.be.false;
        expect(fake.requests, 'no request while the wait runs').to.have.length(sent);
        expect(controller.state.error).to.equal(error);
        expect(controller.state[row.field], 'the wait is not extended').to.equal(until);
        expect(controller.state.activity).to.equal('error');
        expect(events.filter((e) => e.startsWith('error:'))).to.have.length(errorsBefore + 1);
      });
    }

    const sent: Row[] = [
      { name: 'a 429 with Retry-After: 0', arrange: atPassword, path: ATTEMPT, reply: limited('0'), first: (c) => c.submitPassword('pw'), again: (c) => c.submitPassword('pw2'), field: 'retryAt' },
      { name: 'a 429 without Retry-After', arrange: atPassword, path: ATTEMPT, reply: { status: 429, json: errorBody('too_many_requests') }, first: (c) => c.submitPassword('pw'), again: (c) => c.submitPassword('pw2'), field: 'retryAt' },
      { name: "another account's lockout", arrange: async () => {}, path: '/client/sign_ins', reply: locked, first: (c) => c.signInWithPassword('ada@example.com', 'pw'), again: (c) => c.signInWithPassword('bob@example.com', 'pw'), field: 'retryAt' },
      { name: 'a 429 on code attempts, for a resend', arrange: atCode, path: ATTEMPT, reply: limited('30'), first: (c) => c.submitCode('111111'), again: (c) => c.resendCode(), field: 'retryAt' },
    ];
    for (const row of sent) {
      it(`should still send after ${row.name}`, async () => {
        const made = make();
        const { fake, controller } = made;
        await controller.load();
        await row.arrange(made);
        fake.on('POST', row.path, row.reply);
        fake.on('POST', PREPARE, answer(codeOnly));
        await row.first(controller);
        const count = fake.requests.length;
        await row.again(controller);
        expect(fake.requests).to.have.length(count + 1);
      });
    }

    it('should keep retryAt on the identifier step after restart while create is limited', async () => {
      const { fake, controller } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', limited('30'));
      await controller.submitIdentifier('ada@example.com');
      const until = controller.state.retryAt;
      controller.restart();
      expect(controller.state).to.include({ step: 'identifier', retryAt: until, error: null });
    });

    // A refused code send delays sending, not verifying: the code already sent still works.
    const sends: [string, (made: Made) => Promise<boolean>][] = [
      ['switching back to a code method', async ({ fake, controller }) => {
        const both = signInJSON({ supported_first_factors: [{ strategy: 'password' }, { strategy: 'email_code', email_address_id: 'idn_1' }] });
        fake.once('POST', '/client/sign_ins', answer(both));
        fake.once('POST', PREPARE, answer(both));
        await controller.submitIdentifier('ada@example.com');
        await controller.selectFactor(controller.state.factors.find((f) => f.strategy === 'email_code')!);
        await controller.selectFactor(controller.state.factors.find((f) => f.strategy === 'password')!);
        fake.once('POST', PREPARE, limited('25'));
        return controller.selectFactor(controller.state.factors.find((f) => f.strategy === 'email_code')!);
      }],
      ['the automatic send after a status change', async ({ fake, controller }) => {
        fake.once('POST', '/client/sign_ins', answer(codeOnly));
        fake.once('POST', PREPARE, limited('25'));
        return controller.submitIdentifier('ada@example.com');
      }],
    ];
    for (const [name, act] of sends) {
      it(`[OTP-6] should set the resend wait, not the submit wait, when ${name} is refused`, async () => {
        const made = make();
        const { fake, controller } = made;
        await controller.load();
        const before = Date.now();
        expect(await act(made)).to.be.false;
        expect(controller.state).to.include({ step: 'code', activity: 'error', retryAt: null });
        expect(controller.state.factor?.strategy).to.equal('email_code');
        expect(controller.state.error?.code).to.equal('too_many_requests');
        expect(controller.state.resendAt).to.be.within(before + 25_000, Date.now() + 25_000);
        fake.once('POST', ATTEMPT, complete);
        fake.on('POST', '/client/sessions/sess_1/touch', touch);
        expect(await controller.submitCode('123456'), 'the code already sent can be verified').to.be.true;
        expect(fake.last('POST', ATTEMPT)!.form!.get('code')).to.equal('123456');
      });
    }
  });

  describe('concurrency', () => {
    it('should abort a superseded action without an error event', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      const first = deferred();
      fake.once('POST', '/client/sign_ins', first.handler);
      fake.once('POST', '/client/sign_ins', needsPassword('sia_2'));
      const superseded = controller.submitIdentifier('first@example.com');
      const latest = controller.submitIdentifier('second@example.com');
      expect(await latest).to.equal(true);
      expect(await superseded).to.equal(false);
      first.resolve(needsPassword('sia_1'));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(fake.requests.filter((r) => r.path === '/client/sign_ins')[0]!.init.signal!.aborted).to.equal(true);
      expect(events).to.deep.equal(['status:null->needs_first_factor']);
      expect(controller.state).to.include({ activity: 'idle', identifier: 'second@example.com', error: null });
      expect(controller.state.signIn?.id).to.equal('sia_2');
    });

    it('should drop a late result after restart and go back to identifier', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      fake.once('POST', '/client/sign_ins', needsPassword());
      await controller.submitIdentifier('ada@example.com');
      const attempt = deferred();
      fake.on('POST', '/client/sign_ins/sia_1/attempt_first_factor', attempt.handler);
      const pending = controller.submitPassword('pw');
      controller.restart();
      attempt.resolve(complete);
      expect(await pending).to.equal(false);
      expect(controller.state).to.include({ step: 'identifier', status: null, activity: 'idle', identifier: 'ada@example.com', signIn: null });
      expect(events).to.deep.equal(['status:null->needs_first_factor', 'status:needs_first_factor->null']);
    });

    it('should fire complete once per sign-in', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', complete);
      fake.on('POST', '/client/sessions/sess_1/touch', touch);
      await controller.signInWithPassword('ada@example.com', 'pw');
      await controller.signInWithPassword('ada@example.com', 'pw');
      expect(events.filter((e) => e.startsWith('complete'))).to.deep.equal(['complete:sess_1:user_1']);
    });

    it('should not dispatch anything after dispose', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      const pending = deferred();
      fake.on('POST', '/client/sign_ins', pending.handler);
      const result = controller.submitIdentifier('ada@example.com');
      controller.dispose();
      pending.resolve(needsPassword());
      expect(await result).to.equal(false);
      expect(events).to.deep.equal([]);
    });
  });

  describe('sign-out and tokens', () => {
    it('should sign out, reset the status and dispatch signed-out', async () => {
      const { fake, controller, events } = make();
      await controller.load();
      fake.on('POST', '/client/sign_ins', complete);
      fake.on('POST', '/client/sessions/sess_1/touch', touch);
      fake.on('DELETE', '/client/sessions', { json: envelope(clientJSON(), null) });
      await controller.signInWithPassword('ada@example.com', 'pw');
      expect(await controller.signOut()).to.equal(true);
      expect(controller.state).to.include({ step: 'identifier', status: null, session: null, user: null, activity: 'idle' });
      expect(events).to.deep.equal(['status:null->complete', 'complete:sess_1:user_1', 'status:complete->null', 'signed-out:sess_1']);
      expect(await controller.getToken()).to.equal(null);
    });

    it('should report a failed sign-out and stay signed in', async () => {
      const { fake, controller, events } = make(signedInClientJSON());
      await controller.load();
      fake.on('DELETE', '/client/sessions', { status: 500, text: 'down' });
      expect(await controller.signOut()).to.equal(false);
      expect(controller.state).to.include({ step: 'signed-in', activity: 'error' });
      expect(events).to.deep.equal(['error:server_error']);
    });
  });
});
