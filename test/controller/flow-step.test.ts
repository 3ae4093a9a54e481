import { expect } from '@open-wc/testing';
import { deriveFlowStep, type FlowStepInput } from '../../src/controller/flow-step.js';
import type { FlowStep } from '../../src/controller/status.js';

const base: FlowStepInput = {
  loaded: true,
  signedIn: false,
  status: null,
  hasSignIn: false,
  factor: null,
  choosingFactor: false,
  availableFactors: 0,
  previous: 'identifier',
};

describe('deriveFlowStep', () => {
  const sia = { hasSignIn: true };
  const rows: [string, Partial<FlowStepInput>, FlowStep][] = [
    ['not loaded', { loaded: false }, 'loading'],
    ['signed in, even before load', { loaded: false, signedIn: true }, 'signed-in'],
    ['signed in with a complete status', { ...sia, signedIn: true, status: 'complete' }, 'signed-in'],
    ['no sign-in', {}, 'identifier'],
    ['needs_identifier', { ...sia, status: 'needs_identifier' }, 'identifier'],
    ['needs_first_factor with the password factor', { ...sia, status: 'needs_first_factor', factor: 'password', availableFactors: 2 }, 'password'],
    ['needs_first_factor with an email code', { ...sia, status: 'needs_first_factor', factor: 'email_code', availableFactors: 2 }, 'code'],
    ['needs_first_factor with a reset code', { ...sia, status: 'needs_first_factor', factor: 'reset_password_email_code', availableFactors: 1 }, 'code'],
    ['needs_first_factor while choosing', { ...sia, status: 'needs_first_factor', factor: 'password', choosingFactor: true, availableFactors: 2 }, 'choose-factor'],
    ['needs_first_factor, nothing chosen, some available', { ...sia, status: 'needs_first_factor', availableFactors: 1 }, 'choose-factor'],
    ['needs_first_factor without a factor this build handles', { ...sia, status: 'needs_first_factor' }, 'unsupported'],
    ['needs_second_factor with TOTP', { ...sia, status: 'needs_second_factor', factor: 'totp', availableFactors: 3 }, 'code'],
    ['needs_second_factor with a backup code', { ...sia, status: 'needs_second_factor', factor: 'backup_code', availableFactors: 3 }, 'code'],
    ['needs_second_factor while choosing', { ...sia, status: 'needs_second_factor', factor: 'totp', choosingFactor: true, availableFactors: 3 }, 'choose-factor'],
    ['needs_second_factor without handled factors', { ...sia, status: 'needs_second_factor' }, 'unsupported'],
    ['needs_client_trust with an email code', { ...sia, status: 'needs_client_trust', factor: 'email_code', availableFactors: 1 }, 'code'],
    ['needs_new_password', { ...sia, status: 'needs_new_password' }, 'new-password'],
    ['an unknown status', { ...sia, status: null }, 'unsupported'],
    ['complete while activating, from password', { ...sia, status: 'complete', previous: 'password' }, 'password'],
    ['complete while activating, from a code', { ...sia, status: 'complete', previous: 'code' }, 'code'],
    ['complete while activating, from a new password', { ...sia, status: 'complete', previous: 'new-password' }, 'new-password'],
    ['complete while activating, from identifier', { ...sia, status: 'complete', previous: 'identifier' }, 'identifier'],
    ['complete without a session after sign-in', { ...sia, status: 'complete', previous: 'signed-in' }, 'identifier'],
    ['complete with a loading previous step', { ...sia, status: 'complete', previous: 'loading' }, 'identifier'],
  ];
  for (const [name, input, step] of rows) {
    it(`should show ${step} for ${name}`, () => {
      expect(deriveFlowStep({ ...base, ...input })).to.equal(step);
    });
  }
});
