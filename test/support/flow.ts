// Drives <signin-flow> the way a person does: type into the light-DOM inputs and submit the forms.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { SignInFlowElement } from '../../src/signin-flow.js';
import { SignInCompleteEvent, SignInErrorEvent, SignInSignedOutEvent, SignInStatusChangeEvent } from '../../src/controller/events.js';
import type { FlowStep } from '../../src/controller/status.js';
import { SignInController, type SignInControllerOptions } from '../../src/controller/sign-in-controller.js';
import { isSignInApiError, type SignInApiError, type SignInError } from '../../src/core/errors.js';
import { advanceServerClock, clearCookies, createUser, lastMessage, referenceServerUrl, type ServerName, type TestUser } from './reference-server.js';
import { captureWarnings, type RecordedEvent } from './events.js';

/**
 * A flow against one of the reference servers, or `{ url }` (e.g. a port nothing listens on). With
 * `options`, the flow gets a controller built from them before it connects.
 */
export async function mountFlow(
  target: ServerName | { url: string } = 'default',
  options: Omit<SignInControllerOptions, 'frontendApi'> | null = null,
): Promise<SignInFlowElement> {
  const url = typeof target === 'string' ? await referenceServerUrl(target) : target.url;
  const el = await fixture<SignInFlowElement>(
    options
      ? html`<signin-flow .controller=${new SignInController({ ...options, frontendApi: url })}></signin-flow>`
      : html`<signin-flow frontend-api=${url}></signin-flow>`,
  );
  await waitUntil(() => el.controller?.state.loaded, 'flow did not load', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

export const identifierInput = (el: Element) => el.querySelector<HTMLInputElement>('input[autocomplete~="username"]')!;
export const passwordInput = (el: Element) => el.querySelector<HTMLInputElement>('input[autocomplete="current-password"]')!;
export const codeInput = (el: Element) => el.querySelector<HTMLInputElement>('signin-otp input[name="code"]')!;
export const newPasswordInput = (el: Element) => el.querySelector<HTMLInputElement>('input[autocomplete="new-password"]')!;
export const otpOf = (el: Element) => el.querySelector('signin-otp')!;
export const submitButton = (el: Element) => el.querySelector<HTMLButtonElement>('form button[type="submit"], form button:not([type])')!;

/** The text of the code field's error (light DOM, beside the input). */
export const fieldErrorText = (el: Element) => el.querySelector('signin-otp .signin-field-error')!.textContent;

/** A part in the flow's shadow root, or in its `<signin-otp>`'s. */
export function part(el: SignInFlowElement, name: string): HTMLElement | null {
  const selector = `[part~="${name}"]`;
  return el.shadowRoot!.querySelector<HTMLElement>(selector) ?? otpOf(el).shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
}

export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true }));
}

export function submitForm(input: HTMLInputElement): void {
  input.form!.requestSubmit();
}

export async function settle(el: SignInFlowElement): Promise<void> {
  await waitUntil(() => el.controller!.state.activity !== 'pending', 'request did not settle', { timeout: 8000 });
  await el.updateComplete;
  await otpOf(el).updateComplete;
}

export async function untilStep(el: SignInFlowElement, step: FlowStep): Promise<void> {
  await waitUntil(() => el.step === step && el.controller!.state.activity !== 'pending', `step ${step} not reached (at ${el.step})`, {
    timeout: 8000,
  });
  await el.updateComplete;
  await otpOf(el).updateComplete;
}

/** Identifier, then password; resolves once the flow has moved past the password. */
export async function signInWithPassword(el: SignInFlowElement, identifier: string, password: string): Promise<void> {
  type(identifierInput(el), identifier);
  submitForm(identifierInput(el));
  await untilStep(el, 'password');
  type(passwordInput(el), password);
  submitForm(passwordInput(el));
  await settle(el);
}

/** Types a code into `<signin-otp>` and waits for the sign-in to complete. */
export async function enterCodeAndComplete(el: SignInFlowElement, code: string): Promise<SignInCompleteEvent> {
  const complete = oneEvent(el, 'signin-complete');
  type(codeInput(el), code); // a whole 6-digit code submits by itself
  return (await complete) as unknown as SignInCompleteEvent;
}

/** Types a code and waits for the error it earns. */
export async function enterCodeAndFail(el: SignInFlowElement, code: string, submit = false): Promise<SignInErrorEvent> {
  const failed = oneEvent(el, 'signin-error');
  type(codeInput(el), code);
  if (submit) submitForm(codeInput(el));
  const event = (await failed) as unknown as SignInErrorEvent;
  await settle(el);
  return event;
}

/** Clicks a method in the chooser by strategy. */
export async function pickFactor(el: SignInFlowElement, strategy: string): Promise<void> {
  const option = el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="factor-option"][data-strategy="${strategy}"]`);
  if (!option) throw new Error(`no ${strategy} in the method chooser`);
  option.click();
  await settle(el);
}

/**
 * After a server-imposed wait (429 or lockout): moves the server clock past it and returns a new
 * flow on the same cookies, resumed at the same step, as a reload would. (The old element keeps
 * the wait by the browser's clock, which the server clock does not move: FT-12.)
 */
export async function waitOut(el: SignInFlowElement, error: SignInApiError): Promise<SignInFlowElement> {
  const step = el.step;
  await advanceServerClock((error.retryAfter! + 1) * 1000);
  const fresh = await mountFlow({ url: el.frontendApi! });
  await untilStep(fresh, step);
  return fresh;
}

/** An error as `code`, or `code retryAfter` when it imposes a wait: for comparing whole sequences. */
export function describeError(error: SignInError): string {
  return isSignInApiError(error) && error.retryAfter !== undefined ? `${error.code} ${error.retryAfter}` : error.code;
}

/** One line per event with its typed fields, for comparing whole sequences: `signin-status-change null→complete`. */
export function describeEvent({ event }: RecordedEvent): string {
  if (event instanceof SignInStatusChangeEvent) return `${event.type} ${event.previousStatus}→${event.status}`;
  if (event instanceof SignInCompleteEvent || event instanceof SignInSignedOutEvent) return `${event.type} ${event.sessionId}`;
  if (event instanceof SignInErrorEvent) return `${event.type} ${event.error.code}`;
  return event.type;
}

/** A new user without a password at the code step, with the code that was e-mailed over SMTP. */
export async function toEmailCodeStep(): Promise<{ el: SignInFlowElement; user: TestUser; code: string }> {
  const user = await createUser({ withoutPassword: true });
  const el = await mountFlow();
  const before = Date.now();
  await enterIdentifier(el, user.email, 'code');
  const mail = await lastMessage('email', user.email, before);
  return { el, user, code: mail.code! };
}

/** "Use another method", then the method with `strategy`; waits for the step it leads to. */
export async function switchMethod(el: SignInFlowElement, strategy: string, step: FlowStep = 'code'): Promise<void> {
  part(el, 'switch-method-button')!.click();
  await untilStep(el, 'choose-factor');
  await pickFactor(el, strategy);
  await untilStep(el, step);
}

/**
 * Asserts that a query found nothing. (chai's own `.to.be.null` inspects a DOM node it did find
 * to build its message, which can hang the page; this reports a short outerHTML instead.)
 */
export function expectNone(node: Element | null, what: string): void {
  expect(node === null, node ? `${what}: found ${node.outerHTML.slice(0, 160)}` : what).to.equal(true);
}

/** Types an identifier, submits it and waits for the step it leads to. */
export async function enterIdentifier(el: SignInFlowElement, identifier: string, step: FlowStep = 'password'): Promise<void> {
  type(identifierInput(el), identifier);
  submitForm(identifierInput(el));
  await untilStep(el, step);
}

/** Identifier and password in one request, as when a password manager fills both. */
export async function signInOneStep(el: SignInFlowElement, identifier: string, password: string): Promise<SignInCompleteEvent> {
  type(identifierInput(el), identifier);
  type(passwordInput(el), password);
  const complete = oneEvent(el, 'signin-complete');
  submitForm(identifierInput(el));
  const event = (await complete) as unknown as SignInCompleteEvent;
  await el.updateComplete;
  return event;
}

/** Submits a password at the password step and waits for the error it earns. */
export async function enterPasswordAndFail(el: SignInFlowElement, password: string): Promise<SignInErrorEvent> {
  type(passwordInput(el), password);
  const failed = oneEvent(el, 'signin-error');
  submitForm(passwordInput(el));
  const event = (await failed) as unknown as SignInErrorEvent;
  await settle(el);
  return event;
}

/**
 * Every browser test starts as a new visitor (no cookies) and collects console warnings, which a
 * test can assert to be empty (Lit's one-time dev-mode notice excluded).
 */
export function freshVisitorEachTest(): { readonly warnings: string[] } {
  let capture: ReturnType<typeof captureWarnings> | undefined;
  beforeEach(async () => {
    await clearCookies();
    capture = captureWarnings();
  });
  afterEach(() => capture?.restore());
  return {
    get warnings() {
      return capture?.warnings ?? [];
    },
  };
}
