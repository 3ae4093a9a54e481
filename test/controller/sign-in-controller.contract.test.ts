// The controller against the real reference server (see test/core/frontend-api.contract.test.ts).
import { expect } from '@open-wc/testing';
import type { SignInCompleteEvent, SignInErrorEvent, SignInStatusChangeEvent } from '../../src/controller/events.js';
import { SignInController } from '../../src/controller/sign-in-controller.js';
import { clearCookies, createUser, referenceServerUrl } from '../support/reference-server.js';

function record(controller: SignInController): string[] {
  const events: string[] = [];
  controller.addEventListener('signin-status-change', (e) => events.push(`status:${(e as SignInStatusChangeEvent).status}`));
  controller.addEventListener('signin-complete', (e) => events.push(`complete:${(e as SignInCompleteEvent).user.primaryEmailAddress}`));
  controller.addEventListener('signin-error', (e) => events.push(`error:${(e as SignInErrorEvent).error.code}`));
  controller.addEventListener('signin-signed-out', () => events.push('signed-out'));
  return events;
}

describe('SignInController against the reference server', () => {
  const controllers: SignInController[] = [];
  beforeEach(async () => {
    await clearCookies();
  });
  afterEach(() => controllers.splice(0).forEach((c) => c.dispose()));
  const make = async () => {
    const controller = new SignInController({ frontendApi: await referenceServerUrl() });
    controllers.push(controller);
    return controller;
  };

  it('should sign in in two steps, restore the session on a new controller and sign out', async () => {
    const user = await createUser();
    const controller = await make();
    const events = record(controller);
    await controller.load();
    expect(controller.state.step).to.equal('identifier');
    expect(await controller.submitIdentifier(user.email)).to.equal(true);
    expect(controller.state.step).to.equal('password');
    expect(await controller.submitPassword('wrong-password-1')).to.equal(false);
    expect(controller.state).to.include({ step: 'password', activity: 'error' });
    expect(await controller.submitPassword(user.password)).to.equal(true);
    expect(controller.state.step).to.equal('signed-in');
    expect(events).to.deep.equal(['status:needs_first_factor', 'error:form_password_incorrect', 'status:complete', `complete:${user.email}`]);

    const returning = await make();
    await returning.load();
    expect(returning.state.step).to.equal('signed-in');
    expect(returning.state.user?.id).to.equal(user.id);

    expect(await controller.signOut()).to.equal(true);
    expect(controller.state.step).to.equal('identifier');
    expect(await controller.getToken()).to.equal(null);
  });

  it('should sign in in one step', async () => {
    const user = await createUser();
    const controller = await make();
    const events = record(controller);
    await controller.load();
    expect(await controller.signInWithPassword(user.email, user.password)).to.equal(true);
    expect(events).to.deep.equal(['status:complete', `complete:${user.email}`]);
    expect(await controller.getToken()).to.be.a('string');
  });
});
