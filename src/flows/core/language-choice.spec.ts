import { chosenLanguage, languageChoices } from './language-choice.js';

describe('languageChoices', () => {
  it('offers every catalog in its own language', () => {
    expect(languageChoices()).toEqual([
      { id: 'language:en', title: 'English' },
      { id: 'language:es', title: 'Español' },
    ]);
  });
});

describe('chosenLanguage', () => {
  it.each`
    buttonId           | text                | expected
    ${'language:es'}   | ${'Español'}        | ${'es'}
    ${'language:en'}   | ${'English'}        | ${'en'}
    ${undefined}       | ${'Español'}        | ${'es'}
    ${undefined}       | ${'  espanol '}     | ${'es'}
    ${undefined}       | ${'ESPAÑOL'}        | ${'es'}
    ${undefined}       | ${'es'}             | ${'es'}
    ${undefined}       | ${'english'}        | ${'en'}
    ${undefined}       | ${'EN'}             | ${'en'}
    ${undefined}       | ${'French'}         | ${undefined}
    ${undefined}       | ${'spanish please'} | ${undefined}
    ${'menu:register'} | ${'Register'}       | ${undefined}
    ${undefined}       | ${undefined}        | ${undefined}
  `('$buttonId / "$text" → $expected', ({ buttonId, text, expected }) => {
    expect(chosenLanguage(buttonId, text)).toBe(expected);
  });
});
