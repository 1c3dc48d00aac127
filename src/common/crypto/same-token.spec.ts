import { isSameToken } from './same-token.js';

describe('isSameToken', () => {
  it.each`
    case                | given                  | expected
    ${'the same token'} | ${'0123456789abcdef'}  | ${true}
    ${'one char off'}   | ${'0123456789abcdeF'}  | ${false}
    ${'a prefix'}       | ${'0123456789abcde'}   | ${false}
    ${'longer'}         | ${'0123456789abcdef0'} | ${false}
    ${'empty'}          | ${''}                  | ${false}
  `('$case → $expected', ({ given, expected }) => {
    expect(isSameToken(given, '0123456789abcdef')).toBe(expected);
  });
});
