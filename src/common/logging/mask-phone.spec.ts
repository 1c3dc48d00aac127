import { maskPhone } from './mask-phone.js';

describe('maskPhone', () => {
  it.each`
    input                        | expected
    ${'15551234567'}             | ${'*******4567'}
    ${'+4915112345'}             | ${'*******2345'}
    ${'1234'}                    | ${'****'}
    ${'12'}                      | ${'**'}
    ${''}                        | ${''}
    ${undefined}                 | ${''}
    ${'US.13491208655302741918'} | ${'US.****************1918'}
    ${'BR.1234'}                 | ${'BR.****'}
  `('masks $input as $expected', ({ input, expected }) => {
    expect(maskPhone(input)).toBe(expected);
  });
});
