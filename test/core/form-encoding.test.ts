import { expect } from '@open-wc/testing';
import { encodeForm, type FormParams } from '../../src/core/form-encoding.js';

describe('encodeForm', () => {
  const cases: { name: string; params: FormParams | undefined; expected: string | null }[] = [
    { name: 'snake_cases top-level keys', params: { emailAddressId: 'idn_1', strategy: 'email_code' }, expected: 'email_address_id=idn_1&strategy=email_code' },
    { name: 'keeps snake_case keys', params: { sign_out_of_other_sessions: true }, expected: 'sign_out_of_other_sessions=true' },
    { name: 'sends null as an empty value', params: { organizationId: null }, expected: 'organization_id=' },
    { name: 'stringifies booleans and numbers', params: { transfer: false, attempts: 3 }, expected: 'transfer=false&attempts=3' },
    { name: 'repeats keys for arrays', params: { a: ['1', 2, null] }, expected: 'a=1&a=2&a=' },
    { name: 'sends nested objects as one JSON string, nested keys as given', params: { unsafeMetadata: { planName: 'pro', is_vip: true } }, expected: `unsafe_metadata=${encodeURIComponent('{"planName":"pro","is_vip":true}').replace(/%20/g, '+')}` },
    { name: 'omits undefined', params: { identifier: 'ada@example.com', password: undefined }, expected: 'identifier=ada%40example.com' },
    { name: 'returns null for no fields', params: {}, expected: null },
    { name: 'returns null when every field is undefined', params: { a: undefined }, expected: null },
    { name: 'returns null without params', params: undefined, expected: null },
    { name: 'URL-encodes values', params: { password: 'p@ss w&rd=1' }, expected: 'password=p%40ss+w%26rd%3D1' },
  ];
  for (const { name, params, expected } of cases) {
    it(`should ${name}`, () => {
      const form = encodeForm(params);
      expect(form === null ? null : form.toString()).to.equal(expected);
    });
  }

  it('should decode back to the same nested JSON', () => {
    const form = encodeForm({ unsafeMetadata: { plan: 'pro' } });
    expect(JSON.parse(form!.get('unsafe_metadata')!)).to.deep.equal({ plan: 'pro' });
  });
});
