// The zxcvbn strength policy end to end (spec §7, §8.3, §13): <signin-flow> against the real
// reference server started with PASSWORD_MIN_STRENGTH=2 (the `strength` server of
// reference-server-plugin.mjs), through "Forgot password?" → emailed code → new password.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { SignInErrorEvent } from '../../../src/controller/events.js';
import { isSignInApiError, type SignInApiError } from '../../../src/core/errors.js';
import type { SignInFlowElement } from '../../../src/signin-flow.js';
import { createUser, lastMessage } from '../../support/reference-server.js';
import { codeInput, enterIdentifier, freshVisitorEachTest, mountFlow, newPasswordInput, part, submitForm, type, untilStep } from '../../support/flow.js';

const strengthBox = (el: Element) => el.querySelector<HTMLElement>('.signin-password-strength')!;
const liveText = (el: Element) => strengthBox(el).querySelector('[role="status"]')!.textContent;
const fieldError = (el: Element) => newPasswordInput(el).closest('.signin-field')!.querySelector('.signin-field-error')!.textContent;
/** reset_password requests the page has sent (Resource Timing, cleared at the start of each test). */
const resetRequests = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('/reset_password')).length;

/** Submits `password` and waits for its refusal: after `requests` reset_password requests in all. */
async function submitAndExpectRefusal(el: SignInFlowElement, password: string, requests: number): Promise<void> {
  type(newPasswordInput(el), password);
  submitForm(newPasswordInput(el));
  const refused = () => newPasswordInput(el).getAttribute('aria-invalid') === 'true' && el.controller!.state.activity !== 'pending';
  await waitUntil(() => resetRequests() === requests && refused(), `"${password}" was not refused`, { timeout: 8000 });
  await el.updateComplete;
}

describe('<signin-flow> with the server strength policy (PASSWORD_MIN_STRENGTH=2)', function () {
  // The first strength check loads zxcvbn-ts and its dictionary unbundled from the dev server (seconds).
  (this as { timeout(ms: number): void }).timeout(30_000);
  freshVisitorEachTest();
  beforeEach(() => performance.clearResourceTimings());

  it('[PW-10] should show the meter, refuse a weak password in the browser, a context-word one at the server, and complete with a strong one', async () => {
    const user = await createUser({ server: 'strength' }); // a strong password
    const el = await mountFlow('strength');
    const passwordSettings = el.controller!.state.environment?.userSettings.passwordSettings;
    expect([passwordSettings?.showZxcvbn, passwordSettings?.minZxcvbnStrength]).to.deep.equal([true, 2]);

    await enterIdentifier(el, user.email);
    const before = Date.now();
    part(el, 'forgot-password-button')!.click();
    await untilStep(el, 'code');
    type(codeInput(el), (await lastMessage('email', user.email, before)).code!);
    await untilStep(el, 'new-password');
    expect(strengthBox(el).hidden, 'the environment turned the meter on').to.equal(false);

    // Weak: the browser's own zxcvbn check refuses it; nothing is sent.
    type(newPasswordInput(el), 'monkeybusiness');
    await waitUntil(() => liveText(el) === 'Password strength: too weak.', `strength read "${liveText(el)}"`, { timeout: 20_000 });
    const meter = strengthBox(el).querySelector('meter')!;
    expect([meter.hidden, meter.value]).to.deep.equal([false, 1]);
    await submitAndExpectRefusal(el, 'monkeybusiness', 0);
    expect(fieldError(el)).to.equal('Your password is not strong enough. Add more words that are less common.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resetRequests(), 'refused before sending').to.equal(0);

    // The account's own email address: strong to the browser, which knows no user inputs; the
    // server scores it with them (PW-7) and answers 422 form_password_not_strong_enough.
    const serverError = oneEvent(el, 'signin-error');
    await submitAndExpectRefusal(el, user.email, 1);
    const { error } = (await serverError) as unknown as SignInErrorEvent;
    expect(isSignInApiError(error) && [error.status, error.code, error.errors[0]!.meta.paramName]).to.deep.equal([422, 'form_password_not_strong_enough', 'password']);
    const { suggestions } = (error as SignInApiError).errors[0]!.meta.zxcvbn as { suggestions: { code: string; message: string }[] };
    expect(suggestions.length).to.be.greaterThan(0);
    expect(el.controller!.state.status).to.equal('needs_new_password');
    expect(fieldError(el)).to.equal(['Your password is not strong enough.', ...suggestions.map((x) => x.message)].join(' '));

    const strong = `Quiet-Harbour-${crypto.randomUUID().slice(0, 6)}-Lantern`;
    type(newPasswordInput(el), strong);
    await waitUntil(() => liveText(el) === 'Password strength: strong.', `strength read "${liveText(el)}"`, { timeout: 10_000 });
    const complete = oneEvent(el, 'signin-complete');
    submitForm(newPasswordInput(el));
    await complete;
    expect(el.controller!.state.status).to.equal('complete');
  });
});
