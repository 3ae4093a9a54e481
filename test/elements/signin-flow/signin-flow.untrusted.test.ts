// What <signin-flow> does with hostile or broken Frontend API answers. A name holding markup comes
// from the real reference server (it stores names as given). The rest the reference server never
// sends: an identifier that is not an address, a `javascript:` image URL, a 5xx carrying a stack
// trace (it answers failures with its own generic envelope). For those a scripted fetch
// (test/support/fake-fetch.ts) stands in for a compromised or misconfigured Frontend API.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { SignInFlowElement } from '../../../src/signin-flow.js';
import { SignInController } from '../../../src/controller/sign-in-controller.js';
import { FrontendApi } from '../../../src/core/frontend-api.js';
import { FakeFetch, type FakeReply } from '../../support/fake-fetch.js';
import { clientJSON, envelope, environmentJSON, sessionJSON, signInJSON, userJSON } from '../../support/fapi-fixtures.js';
import { createUser } from '../../support/reference-server.js';
import { expectNone, freshVisitorEachTest, identifierInput, mountFlow, otpOf, part, settle, signInOneStep, submitForm, type } from '../../support/flow.js';

const MARKUP = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const TRACE = [
  "TypeError: Cannot read properties of undefined (reading 'id')",
  '    at attemptFirstFactor (/srv/fapi/src/auth/attempts.ts:42:17)',
  '    at async handle (/srv/fapi/src/server.ts:88:5)',
].join('\n');
const GENERIC = 'Something went wrong on our side. Please try again in a moment.';

/** A flow whose controller talks to `fake` instead of a server. */
async function mountWith(fake: FakeFetch): Promise<SignInFlowElement> {
  const core = new FrontendApi({ frontendApi: 'https://fapi.example.test', fetch: fake.fetch, retryDelayMs: 0, timeoutMs: 2000 });
  const el = await fixture<SignInFlowElement>(html`<signin-flow .controller=${new SignInController({ core })}></signin-flow>`);
  await waitUntil(() => el.controller!.state.loaded, 'flow did not load');
  await el.updateComplete;
  return el;
}

function fakeWithClient(client: unknown): FakeFetch {
  return new FakeFetch().on('GET', '/environment', { json: environmentJSON() }).on('GET', '/client', { json: envelope(client, null) });
}

/** Everything the element shows: its light DOM and both shadow roots. */
function renderedHtml(el: SignInFlowElement): string {
  return el.shadowRoot!.innerHTML + el.innerHTML + otpOf(el).shadowRoot!.innerHTML;
}

function expectNoMarkupFrom(el: SignInFlowElement): void {
  for (const root of [el.shadowRoot!, el, otpOf(el).shadowRoot!]) {
    expectNone(root.querySelector('img, script, [onerror]'), 'no element made from server text');
  }
  expect(renderedHtml(el)).to.not.contain('javascript:');
}

describe('<signin-flow>', () => {
  describe('untrusted server data', () => {
    freshVisitorEachTest();
    const alerts: unknown[] = [];
    const originalAlert = window.alert;
    beforeEach(() => {
      alerts.length = 0;
      window.alert = (message?: unknown) => void alerts.push(message);
    });
    afterEach(() => {
      window.alert = originalAlert;
    });

    it('[UI-4] should show a name holding markup, stored on the reference server, as literal text', async () => {
      const user = await createUser({ firstName: MARKUP });
      const el = await mountFlow();
      await signInOneStep(el, user.email, user.password);
      expect(part(el, 'signed-in')!.querySelector('strong')!.textContent).to.equal(`${MARKUP} User`);
      expectNoMarkupFrom(el);
      expect(alerts).to.deep.equal([]);
    });

    it('[UI-4] should show a name holding markup as text and set no attribute from a javascript: image URL', async () => {
      const user = userJSON({ first_name: MARKUP, last_name: SCRIPT, image_url: 'javascript:alert(3)' });
      const el = await mountWith(fakeWithClient(clientJSON({ sessions: [sessionJSON({ user })], last_active_session_id: 'sess_1' })));
      expect(el.step).to.equal('signed-in');
      expect(part(el, 'signed-in')!.querySelector('strong')!.textContent).to.equal(`${MARKUP} ${SCRIPT}`);
      expectNoMarkupFrom(el);
      expect(alerts).to.deep.equal([]);
    });

    it('[UI-4] should show an identifier holding markup as literal text at the password step', async () => {
      const identifier = `${MARKUP}@example.com`;
      const signIn = signInJSON({ identifier });
      const el = await mountWith(fakeWithClient(clientJSON({ sign_in: signIn })));
      expect(el.step).to.equal('password');
      expect(part(el, 'identity')!.querySelector('span')!.textContent).to.equal(identifier);
      expectNoMarkupFrom(el);
      expect(alerts).to.deep.equal([]);
    });

    const failures: [string, FakeReply][] = [
      ['an error envelope whose message is a stack trace', { status: 500, json: { errors: [{ code: 'internal_error', message: TRACE, long_message: TRACE, meta: {} }] } }],
      ['a plain-text stack trace', { status: 500, text: TRACE, headers: { 'content-type': 'text/plain' } }],
      ['a 503 envelope with a trace and a field', { status: 503, json: { errors: [{ code: 'database_down', message: TRACE, long_message: TRACE, meta: { param_name: 'identifier' } }] } }],
    ];
    for (const [what, reply] of failures) {
      it(`[UI-11] should show a generic message, and no trace, for ${what}`, async () => {
        const fake = fakeWithClient(null).on('POST', '/client/sign_ins', reply);
        const el = await mountWith(fake);
        type(identifierInput(el), 'ada@example.com');
        const failed = oneEvent(el, 'signin-error');
        submitForm(identifierInput(el));
        await failed;
        await settle(el);
        expect(fake.requests.filter((r) => r.path === '/client/sign_ins'), 'one request, not retried').to.have.length(1);
        const shown = part(el, 'error')?.textContent ?? el.querySelector('.signin-field-error:not([hidden])')?.textContent;
        expect(shown).to.equal(GENERIC);
        expect(part(el, 'status')!.textContent).to.equal(GENERIC);
        const rendered = renderedHtml(el);
        for (const line of TRACE.split('\n')) expect(rendered).to.not.contain(line.trim());
        expect(rendered).to.not.contain('/srv/fapi');
        expect(el.step).to.equal('identifier');
        expect(identifierInput(el).disabled).to.be.false;
      });
    }
  });
});
