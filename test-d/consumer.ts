// Compiled against the built declarations (dist/types) by `npm run typecheck:dist`: what a
// TypeScript user of the package sees. A broken tag map, event map or export fails here.
import 'signin-elements/define.js';
import { SignInController, isSignInError, type SignInControllerState } from 'signin-elements';
import { SignInOtpElement } from 'signin-elements/signin-otp.js';

const flow = document.querySelector('signin-flow')!;
flow.addEventListener('signin-complete', (event) => console.log(event.sessionId.toUpperCase(), event.user.id));
flow.addEventListener('signin-status-change', (event) => console.log(event.status, event.previousStatus));
flow.addEventListener('signin-error', (event) => console.log(isSignInError(event.error) && event.error.code));
document.addEventListener('signin-signed-out', (event) => console.log(event.sessionId));

const otp: SignInOtpElement = document.createElement('signin-otp');
otp.autoSubmit = false;

const controller: SignInController | undefined = flow.controller;
const state: SignInControllerState | undefined = controller?.state;
const step: 'loading' | 'identifier' | 'password' | 'code' | 'choose-factor' | 'new-password' | 'signed-in' | 'unsupported' | undefined = state?.step;
console.log(otp, step, state?.factors.map((factor) => factor.strategy));
void controller?.signInWithPassword('ada@example.com', 'analytical-engine-1843');
