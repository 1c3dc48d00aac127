import { isUserId, userRefOf } from './user-ref.js';

describe('UserRef', () => {
  it('is the wa_id when the sender has one, else the BSUID', () => {
    expect(userRefOf({ from: '15551234567', fromUserId: 'US.13491208655302741918' })).toBe('15551234567');
    expect(userRefOf({ fromUserId: 'US.13491208655302741918' })).toBe('US.13491208655302741918');
    expect(userRefOf({ from: '', fromUserId: '' })).toBeUndefined();
    expect(userRefOf({})).toBeUndefined();
  });

  it('tells a BSUID from a phone number', () => {
    expect(isUserId('US.13491208655302741918')).toBe(true);
    expect(isUserId('15551234567')).toBe(false);
  });
});
