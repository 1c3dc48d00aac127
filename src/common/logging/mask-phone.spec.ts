import { maskPhone } from './mask-phone.js';

describe('maskPhone', () => {
  it.each`
    input            | expected
    ${'15551234567'} | ${'*******4567'}
    ${'+4915112345'} | ${'*******2345'}
    ${'1234'}        | ${'****'}
    ${'12'}          | ${'**'}
    ${''}            | ${''}
    ${undefined}     | ${''}
  `('masks $input as $expected', ({ input, expected }) => {
    expect(maskPhone(input)).toBe(expected);
  });
});
