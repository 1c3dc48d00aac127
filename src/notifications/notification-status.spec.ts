import { advanceStatus, notificationStatusOf } from './notification-status.js';

describe('advanceStatus', () => {
  it.each`
    current        | incoming       | expected
    ${'accepted'}  | ${'sent'}      | ${'sent'}
    ${'sent'}      | ${'delivered'} | ${'delivered'}
    ${'accepted'}  | ${'read'}      | ${'read'}
    ${'read'}      | ${'delivered'} | ${'read'}
    ${'read'}      | ${'sent'}      | ${'read'}
    ${'delivered'} | ${'delivered'} | ${'delivered'}
    ${'sent'}      | ${'failed'}    | ${'failed'}
    ${'failed'}    | ${'delivered'} | ${'failed'}
  `('$current + $incoming → $expected', ({ current, incoming, expected }) =>
    expect(advanceStatus(current, incoming)).toBe(expected),
  );
});

describe('notificationStatusOf', () => {
  it.each`
    webhook        | expected
    ${'sent'}      | ${'sent'}
    ${'delivered'} | ${'delivered'}
    ${'read'}      | ${'read'}
    ${'played'}    | ${'read'}
    ${'failed'}    | ${'failed'}
    ${'accepted'}  | ${undefined}
    ${'deleted'}   | ${undefined}
  `('$webhook → $expected', ({ webhook, expected }) => expect(notificationStatusOf(webhook)).toBe(expected));
});
