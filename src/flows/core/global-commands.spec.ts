import { globalCommandOf } from './global-commands.js';

describe('globalCommandOf', () => {
  it.each`
    text                 | expected
    ${'cancel'}          | ${'cancel'}
    ${'  CANCEL  '}      | ${'cancel'}
    ${'Cancel'}          | ${'cancel'}
    ${'menu'}            | ${'menu'}
    ${'Menu\n'}          | ${'menu'}
    ${'exit'}            | ${'menu'}
    ${'EXIT'}            | ${'menu'}
    ${'cancel my order'} | ${undefined}
    ${'menus'}           | ${undefined}
    ${''}                | ${undefined}
    ${undefined}         | ${undefined}
  `('"$text" → $expected', ({ text, expected }) => {
    expect(globalCommandOf(text)).toBe(expected);
  });
});
