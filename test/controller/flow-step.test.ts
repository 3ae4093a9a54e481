import { expect } from '@open-wc/testing';
import { deriveFlowStep, type FlowStepInput } from '../../src/controller/flow-step.js';
import type { FlowStep } from '../../src/controller/status.js';

const base: FlowStepInput = { loaded: true, signedIn: false, status: null, hasSignIn: false, firstFactors: [], previous: 'identifier' };

describe('deriveFlowStep', () => {
  const rows: [string, Partial<FlowStepInput>, FlowStep][] = [
    ['not loaded', { loaded: false }, 'loading'],
    ['signed in, even before load', { loaded: false, signedIn: true }, 'signed-in'],
    ['signed in with a complete status', { signedIn: true, status: 'complete', hasSignIn: true }, 'signed-in'],
    ['no sign-in', {}, 'identifier'],
    ['needs_identifier', { status: 'needs_identifier', hasSignIn: true }, 'identifier'],
    ['needs_first_factor with password', { status: 'needs_first_factor', hasSignIn: true, firstFactors: ['email_code', 'password'] }, 'password'],
    ['needs_first_factor without password', { status: 'needs_first_factor', hasSignIn: true, firstFactors: ['email_code', 'passkey'] }, 'unsupported'],
    ['needs_first_factor without factors', { status: 'needs_first_factor', hasSignIn: true }, 'unsupported'],
    ['needs_second_factor', { status: 'needs_second_factor', hasSignIn: true, firstFactors: ['password'] }, 'unsupported'],
    ['needs_client_trust', { status: 'needs_client_trust', hasSignIn: true }, 'unsupported'],
    ['needs_new_password', { status: 'needs_new_password', hasSignIn: true }, 'unsupported'],
    ['an unknown status', { status: null, hasSignIn: true }, 'unsupported'],
    ['complete while activating, from password', { status: 'complete', hasSignIn: true, previous: 'password' }, 'password'],
    ['complete while activating, from identifier', { status: 'complete', hasSignIn: true, previous: 'identifier' }, 'identifier'],
    ['complete without a session after sign-in', { status: 'complete', hasSignIn: true, previous: 'signed-in' }, 'identifier'],
    ['complete with a loading previous step', { status: 'complete', hasSignIn: true, previous: 'loading' }, 'identifier'],
  ];
  for (const [name, input, step] of rows) {
    it(`should show ${step} for ${name}`, () => {
      expect(deriveFlowStep({ ...base, ...input })).to.equal(step);
    });
  }
});
