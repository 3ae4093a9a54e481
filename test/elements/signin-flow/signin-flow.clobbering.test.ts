// UI-9 DOM clobbering: the host page holds decoys whose ids and names shadow globals and the
// names the element uses for its own form and fields (`document.currentScript`, `document.cookie`,
// `window.Clerk`, `identifier`, `password`, `code`, `clerk-captcha`, …). They are planted before
// the element's module is even evaluated (the flow helpers, which import src/define.js, are
// loaded afterwards), so lookups made at definition, connection, render and submit time all see
// them. Every decoy is instrumented: reads and writes of its value, its attributes, its children,
// focus and submission are recorded, and a MutationObserver watches it. The element must mount
// its own form, sign in against the real reference server and leave every decoy untouched.
import { expect, waitUntil } from '@open-wc/testing';
import type { SignInFlowElement } from '../../../src/signin-flow.js';
import { createUser, lastMessage } from '../../support/reference-server.js';

const DECOYS = `
  <form id="clerk-captcha" name="signin" action="/decoy-submitted">
    <input id="identifier" name="identifier" autocomplete="username" value="decoy@evil.example">
    <input id="password" name="password" type="password" autocomplete="current-password" value="decoy-password">
    <input id="code" name="code" autocomplete="one-time-code" value="999999">
    <button id="continue" type="submit">Decoy</button>
  </form>
  <form name="currentScript"></form>
  <img name="controller" alt="">
  <img name="cookie" alt="">
  <img name="frontendApi" alt="">
  <a id="signin" href="/decoy-link">decoy</a>
  <a id="signin-flow" href="/decoy-link">decoy</a>
  <a id="Clerk" href="/decoy-link">decoy</a>
  <a id="__clerk_frontend_api" href="https://evil.example">decoy</a>
  <a id="__clerk_publishable_key" href="https://evil.example">decoy</a>
  <div id="clerk-components"></div>
`;

/** What touched a decoy: `identifier.value get`, `clerk-captcha submit event`, … */
const touches: string[] = [];
const mutations: MutationRecord[] = [];

// Nothing of the element is loaded yet (the control test checks).
const definedBeforeDecoys = customElements.get('signin-flow') !== undefined;
const container = document.createElement('div');
container.id = 'decoys';
container.innerHTML = DECOYS;
document.body.append(container);
const decoys = [...container.querySelectorAll<HTMLElement>('*')];
const describeDecoy = (el: Element) => el.id || el.getAttribute('name') || el.localName;

const valueOf = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
const decoyInputs = decoys.filter((el): el is HTMLInputElement => el instanceof HTMLInputElement);
const originalValues = decoyInputs.map((input) => valueOf.get!.call(input) as string);
const originalHtml = container.innerHTML;

for (const el of decoys) {
  const name = describeDecoy(el);
  for (const method of ['getAttribute', 'setAttribute', 'removeAttribute', 'append', 'appendChild', 'replaceChildren', 'insertBefore', 'querySelector', 'querySelectorAll', 'focus', 'click', 'attachShadow'] as const) {
    const original = (el as unknown as Record<string, (...args: unknown[]) => unknown>)[method]!;
    Object.defineProperty(el, method, {
      value(this: Element, ...args: unknown[]) {
        touches.push(`${name}.${method}`);
        return original.apply(this, args);
      },
    });
  }
  for (const event of ['focusin', 'input', 'change', 'submit', 'reset', 'click']) {
    el.addEventListener(event, (e) => {
      if (e.target !== el) return;
      touches.push(`${name} ${event} event`);
      if (event === 'submit') e.preventDefault();
    });
  }
}
for (const input of decoyInputs) {
  Object.defineProperty(input, 'value', {
    get() {
      touches.push(`${describeDecoy(input)}.value get`);
      return valueOf.get!.call(input);
    },
    set(value: string) {
      touches.push(`${describeDecoy(input)}.value set`);
      valueOf.set!.call(input, value);
    },
  });
}
for (const form of decoys.filter((el): el is HTMLFormElement => el instanceof HTMLFormElement)) {
  for (const method of ['submit', 'requestSubmit', 'reset'] as const) {
    Object.defineProperty(form, method, {
      value() {
        touches.push(`${describeDecoy(form)}.${method}`);
      },
    });
  }
}
new MutationObserver((records) => mutations.push(...records)).observe(container, {
  subtree: true,
  childList: true,
  attributes: true,
  characterData: true,
});

// Only now the element's code: src/define.js is imported by the flow helpers.
const { enterCodeAndComplete, freshVisitorEachTest, identifierInput, mountFlow, passwordInput, signInWithPassword, untilStep } = await import(
  '../../support/flow.js'
);

/** Every decoy as it was planted: same values (read without the instrumented getter), same markup, nothing touched. */
async function expectDecoysUntouched(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve)); // let the MutationObserver deliver
  expect(touches, 'decoy members used').to.deep.equal([]);
  expect(mutations.map((record) => `${record.type} on ${describeDecoy(record.target as Element)}`), 'decoy mutations').to.deep.equal([]);
  expect(decoyInputs.map((input) => valueOf.get!.call(input))).to.deep.equal(originalValues);
  expect(container.innerHTML === originalHtml, 'decoy markup unchanged').to.equal(true);
  expect(document.activeElement && container.contains(document.activeElement), 'no decoy has focus').to.equal(false);
}

/** The element's own form and fields: children of the element, never the page's decoys. */
function expectOwnForm(el: SignInFlowElement): void {
  const form = el.querySelector(':scope > form');
  expect(form instanceof HTMLFormElement && !container.contains(form), 'the element stamped its own form').to.equal(true);
  for (const input of [identifierInput(el), passwordInput(el)]) {
    expect(input.form === form && !decoyInputs.includes(input), `${input.name} is the element's own`).to.equal(true);
  }
}

describe('<signin-flow>', () => {
  describe('[UI-9] DOM clobbering decoys on the host page', () => {
    freshVisitorEachTest();

    it('[UI-9] control: the decoys do clobber the names they target', () => {
      const doc = document as unknown as Record<string, unknown>;
      const win = window as unknown as Record<string, unknown>;
      expect(doc.currentScript instanceof HTMLFormElement, 'document.currentScript is the decoy form').to.equal(true);
      expect(doc.cookie instanceof HTMLImageElement, 'document.cookie is the decoy image').to.equal(true);
      expect(doc.controller instanceof HTMLImageElement, 'document.controller').to.equal(true);
      expect(doc.signin instanceof HTMLFormElement, 'document.signin is the decoy form').to.equal(true);
      expect(win.Clerk instanceof HTMLAnchorElement, 'window.Clerk').to.equal(true);
      expect(win.identifier, 'window.identifier').to.equal(decoyInputs[0]);
      expect(document.getElementById('clerk-captcha')?.localName).to.equal('form');
      expect(definedBeforeDecoys, 'the decoys were planted before <signin-flow> was defined').to.equal(false);
      expect(touches, 'the control itself touched nothing').to.deep.equal([]);
    });

    it('[UI-9] mounts its own form and signs in with a password without reading or writing a decoy', async () => {
      const user = await createUser();
      const el = await mountFlow();
      expectOwnForm(el);
      await expectDecoysUntouched();
      await signInWithPassword(el, user.email, user.password);
      await untilStep(el, 'signed-in');
      expect(el.controller!.state.session?.id).to.match(/^sess_/);
      expect(await el.controller!.getToken()).to.match(/^eyJ/);
      await el.controller!.signOut();
      await untilStep(el, 'identifier');
      expectOwnForm(el);
      await expectDecoysUntouched();
    });

    it('[UI-9][FLOW-4] mounts its own code field and completes client trust with the emailed code, decoys untouched', async () => {
      const user = await createUser({ server: 'trust' });
      const el = await mountFlow('trust');
      const before = Date.now();
      await signInWithPassword(el, user.email, user.password);
      await untilStep(el, 'code');
      const code = el.querySelector<HTMLInputElement>('signin-otp input[name="code"]');
      expect(code !== null && el.contains(code) && !decoyInputs.includes(code), 'the code field is the element’s own').to.equal(true);
      const mail = await lastMessage('email', user.email, before);
      await enterCodeAndComplete(el, mail.code!);
      await waitUntil(() => el.step === 'signed-in', 'not signed in');
      await expectDecoysUntouched();
    });
  });
});
