import { globalCommandOf } from './global-commands.js';

describe('globalCommandOf', () => {
  it.each`
    text                 | expected
    ${'cancel'}          | ${'cancel'}
    ${'  CANCEL  '}      | ${'cancel'}
    ${'Cancel'}          | ${'cancel'}
    ${'Cancelar'}        | ${'cancel'}
    ${'menu'}            | ${'menu'}
    ${'Menu\n'}          | ${'menu'}
    ${'MENÚ'}            | ${'menu'}
    ${'exit'}            | ${'menu'}
    ${'EXIT'}            | ${'menu'}
    ${'salir'}           | ${'menu'}
    ${'language'}        | ${'language'}
    ${' Language '}      | ${'language'}
    ${'idioma'}          | ${'language'}
    ${'cancel my order'} | ${undefined}
    ${'menus'}           | ${undefined}
    ${'languages'}       | ${undefined}
    ${''}                | ${undefined}
    ${undefined}         | ${undefined}
  `('"$text" → $expected', ({ text, expected }) => {
    expect(globalCommandOf(text)).toBe(expected);
  });
});
