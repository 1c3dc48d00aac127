import { AI_CHAT_TEXTS } from '../ai-chat/ai-chat.texts.js';
import { MAIN_MENU_TEXTS } from '../main-menu/main-menu.texts.js';
import { REGISTER_TEXTS } from '../register/register.texts.js';
import { CORE_TEXTS } from './core.texts.js';
import { LANGUAGES } from './languages.js';
import { defineTexts, translate, UnknownTextKeyError, type Catalogs } from './texts.js';

const TEXTS = defineTexts({
  en: { hello: 'Hello', bye: (name: string) => `Bye, ${name}` },
  es: { hello: 'Hola', bye: (name: string) => `Adiós, ${name}` },
});

describe('translate', () => {
  it.each`
    language | key        | params     | expected
    ${'en'}  | ${'hello'} | ${[]}      | ${'Hello'}
    ${'es'}  | ${'hello'} | ${[]}      | ${'Hola'}
    ${'en'}  | ${'bye'}   | ${['Ada']} | ${'Bye, Ada'}
    ${'es'}  | ${'bye'}   | ${['Ana']} | ${'Adiós, Ana'}
  `('$language $key → "$expected"', ({ language, key, params, expected }) => {
    expect(translate(TEXTS, language, key, params)).toBe(expected);
  });

  it('throws a coded error for a key no catalog has (reachable only through a cast)', () => {
    expect(() => translate(TEXTS, 'es', 'missing', [])).toThrow(UnknownTextKeyError);
    expect(() => translate(TEXTS, 'es', 'missing', [])).toThrow(/"missing"/);
  });
});

// tsc already refuses an incomplete catalog (see flow-types.spec.ts); this also catches one built around a cast.
describe.each`
  name           | catalogs
  ${'core'}      | ${CORE_TEXTS}
  ${'main menu'} | ${MAIN_MENU_TEXTS}
  ${'register'}  | ${REGISTER_TEXTS}
  ${'AI chat'}   | ${AI_CHAT_TEXTS}
`('the $name catalogs', ({ catalogs }: { catalogs: Catalogs }) => {
  const shape = (language: (typeof LANGUAGES)[number]) =>
    Object.entries(catalogs[language])
      .map(([key, text]) => `${key}:${typeof text === 'function' ? text.length : 'text'}`)
      .sort();

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    'have the English keys and parameters in "%s"',
    (language) => {
      expect(shape(language)).toEqual(shape('en'));
    },
  );
});
